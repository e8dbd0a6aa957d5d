package risk

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// DefaultCostLimit is the CEL cost limit of one rule evaluation when
// [Options].CostLimit is zero. Ordinary rules cost a few hundred units.
const DefaultCostLimit = 1_000_000

// Options configures [NewWithOptions]. The zero value gives the defaults.
type Options struct {
	// CostLimit bounds the CEL cost of evaluating one rule; a rule over it
	// fails with [ErrBudgetExceeded]. Zero means DefaultCostLimit.
	CostLimit uint64
}

// An Engine assesses profiles against compiled rule sets. It is built once
// by [New] and is immutable: an Engine is safe for concurrent use by
// multiple goroutines.
type Engine struct {
	env       *cel.Env
	facts     []*Fact
	factIndex map[string]int
	names     []string
	implying  []*Fact // the facts that declare implications
	asOfIndex int
	patterns  []*interpreter.AttributePattern
	costLimit uint64

	markets  map[string]*Market
	children map[string][]string

	sets           []*ruleSet
	dutyIndex      map[string]dutyRef
	jurisdictions  []string
	byJurisdiction map[string][]*ruleSet
}

// dutyRef locates a duty of the catalogue.
type dutyRef struct {
	def *DutyDef
	set string
}

// ruleSet is a compiled rule set.
type ruleSet struct {
	Instrument
	tiers        map[string]*TierDef
	defaultTier  *TierDef
	excludedTier *TierDef
	designations map[string]*Designation
	duties       map[string]*DutyDef
	dutyOrder    []*DutyDef
	scope        *compiled
	rules        []*rule
}

// rule is a compiled rule.
type rule struct {
	id, cite, because string
	cond              *compiled
	unless            *compiled // an exception: when it holds, the rule does not match
	tier              *TierDef
	designations      []*Designation
	duties            []*DutyDef
	from, until       Date // as written in the rule file
	applies           Date // the later of from and the instrument's effective_from
	exclude           bool
	unlessAtLeast     Severity
	pos               Position
}

// New reads rule files from one or more layers and compiles them into an
// Engine. Each layer is a file system of YAML files (see the rules
// directory's README for the format); files ending in "_test.yaml" are
// casebooks and are not loaded. A later layer may add facts, markets and
// rule sets, and replaces an earlier layer's rule set that has the same id.
//
// New type-checks every CEL condition against the vocabulary. It reports
// every problem it finds, not only the first: a non-nil error is an
// [ErrorList] whose entries carry a file:line:column position.
func New(layers ...fs.FS) (*Engine, error) {
	return NewWithOptions(Options{}, layers...)
}

// NewWithOptions is like [New] with options.
func NewWithOptions(opts Options, layers ...fs.FS) (*Engine, error) {
	if len(layers) == 0 {
		return nil, ErrorList{{Msg: "no rule layers given", Err: ErrInvalidRules}}
	}
	files, errs := readLayers(layers)
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	return build(files, opts)
}

// MustNew is like [New] but panics if the rules do not compile. It is for
// tests and examples.
func MustNew(layers ...fs.FS) *Engine {
	e, err := New(layers...)
	if err != nil {
		panic(err)
	}
	return e
}

// Facts returns the vocabulary, in declaration order. The returned facts
// must not be modified.
func (e *Engine) Facts() []*Fact { return e.facts }

// Fact returns the fact with the given name, or nil.
func (e *Engine) Fact(name string) *Fact {
	if i, ok := e.factIndex[name]; ok && i < len(e.facts) {
		return e.facts[i]
	}
	return nil
}

// Jurisdictions returns the codes of the jurisdictions that have rule sets,
// sorted.
func (e *Engine) Jurisdictions() []string { return slices.Clone(e.jurisdictions) }

// Instruments returns the loaded rule sets, ordered by jurisdiction and id.
func (e *Engine) Instruments() []Instrument {
	out := make([]Instrument, len(e.sets))
	for i, rs := range e.sets {
		out[i] = rs.Instrument
	}
	return out
}

// Duties returns an instrument's duty catalogue, or nil if there is no such
// instrument.
func (e *Engine) Duties(instrument string) []DutyDef {
	for _, rs := range e.sets {
		if rs.ID == instrument {
			out := make([]DutyDef, len(rs.dutyOrder))
			for i, d := range rs.dutyOrder {
				out[i] = *d
			}
			return out
		}
	}
	return nil
}

// MarketName returns the name of a market code, or the code itself when the
// engine does not know it by name.
func (e *Engine) MarketName(code string) string {
	if m, ok := e.markets[code]; ok {
		return m.Name
	}
	return code
}

// factNames returns the names of the declared facts.
func (e *Engine) factNames() []string { return e.names }

func (e *Engine) rolesFact() *Fact { return e.Fact("org.roles") }

// AssessOptions configures an assessment. The zero value assesses as of
// today, every jurisdiction the profile's markets reach, for the profile's
// roles.
type AssessOptions struct {
	// AsOf is the date to apply the law as of. The zero Date means today
	// (UTC).
	AsOf Date
	// Jurisdictions, when set, restricts the assessment to these
	// jurisdiction codes. Naming one with no rule set is an error matching
	// [ErrUnknownJurisdiction].
	Jurisdictions []string
	// AllRoles includes the duties of roles the profile does not hold,
	// marked [Duty].OtherRole.
	AllRoles bool
}

// Assess applies the rules to a profile and returns one result per
// jurisdiction that the profile's markets reach.
//
// Every rule of every instrument in scope is evaluated: the tier is the
// most severe match and the duties are the union of all matches. A fact the
// profile leaves out is unknown, never false: when its answer could change a
// tier, designation or duty, the result is not determined and its Questions
// name the fact. Missing facts never lower a tier or remove a duty.
//
// A profile that breaks the vocabulary gives an [ErrorList] of
// [ErrInvalidProfile] errors. A rule that fails at evaluation time is
// reported in its Result and does not stop the others. Assess stops early
// with ctx's error when ctx is done.
func (e *Engine) Assess(ctx context.Context, p *Profile, opts AssessOptions) (*Report, error) {
	if p == nil {
		return nil, ErrorList{{Msg: "nil profile", Err: ErrInvalidProfile}}
	}
	vals, errs := e.convertFacts(p)
	if len(errs) > 0 {
		return nil, errs
	}
	asOf := opts.AsOf
	if asOf.IsZero() {
		asOf = Today()
	}
	vals[e.asOfIndex] = types.Timestamp{Time: asOf.Time()}

	rep := &Report{Schema: ReportSchema, Profile: p.Name, AsOf: asOf}
	var expanded map[string]bool
	if mv := vals[e.factIndex["markets"]]; mv != nil {
		rep.Markets = p.markets()
		expanded = e.expandMarkets(rep.Markets)
		list := make([]string, 0, len(expanded))
		for m := range expanded {
			list = append(list, m)
		}
		sort.Strings(list)
		vals[e.factIndex["markets"]] = types.NewStringList(types.DefaultTypeAdapter, list)
		rep.Uncovered = e.uncovered(rep.Markets)
		// Where an organisation is established expands the same way: an
		// establishment in DE is one in the EU.
		if i, ok := e.factIndex["org.established_in"]; ok && vals[i] != nil {
			est, _ := toStrings(p.Facts.lookup("org.established_in"))
			vals[i] = types.NewStringList(types.DefaultTypeAdapter, e.ExpandMarkets(est))
		}
	} else if len(opts.Jurisdictions) == 0 {
		return nil, ErrorList{{Path: "facts.markets", Msg: "required: name the markets, or restrict the assessment to jurisdictions", Err: ErrInvalidProfile}}
	}

	var juris []string
	if len(opts.Jurisdictions) > 0 {
		for _, j := range opts.Jurisdictions {
			if _, ok := e.byJurisdiction[j]; !ok {
				return nil, e.unknownJurisdiction(j)
			}
			if expanded != nil && !expanded[j] {
				return nil, fmt.Errorf("%w: %q is not among the markets the profile reaches (%s)",
					ErrUnknownJurisdiction, j, strings.Join(e.ExpandMarkets(rep.Markets), ", "))
			}
			juris = append(juris, j)
		}
		sort.Strings(juris)
		juris = slices.Compact(juris)
	} else {
		for _, j := range e.jurisdictions {
			if expanded[j] {
				juris = append(juris, j)
			}
		}
	}

	act := &activation{e: e, vals: vals}
	for i, v := range vals[:len(e.facts)] {
		if v == nil {
			act.unknown = append(act.unknown, e.patterns[i])
		}
	}
	var roles []string
	if rv := vals[e.factIndex["org.roles"]]; rv != nil || e.rolesFact() == nil {
		roles = p.roles()
		if roles == nil {
			roles = []string{}
		}
	}
	for _, j := range juris {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res, err := e.assessJurisdiction(ctx, j, act, asOf, roles, opts)
		if err != nil {
			return nil, err
		}
		rep.Results = append(rep.Results, *res)
	}
	return rep, nil
}

// unknownJurisdiction explains a jurisdiction code without rule sets: a
// near miss, or the jurisdiction whose rules cover that market.
func (e *Engine) unknownJurisdiction(j string) error {
	hint := suggest(j, e.jurisdictions)
	if hint == "" {
		hint = suggest(strings.ToUpper(j), e.jurisdictions)
	}
	if hint == "" {
		for _, m := range e.ExpandMarkets([]string{strings.ToUpper(j)}) {
			if _, ok := e.byJurisdiction[m]; ok && m != j {
				hint = fmt.Sprintf(" (its rules are those of %s)", m)
				break
			}
		}
	}
	return fmt.Errorf("%w %q%s; jurisdictions with rules: %s", ErrUnknownJurisdiction, j, hint, strings.Join(e.jurisdictions, ", "))
}

// expandMarkets adds to the listed markets every market they belong to and,
// for a union such as the EU, every member.
//
// A union's members are added only when the union itself is listed: a
// profile listing PT is in the EU, but not in Italy.
func (e *Engine) expandMarkets(ms []string) map[string]bool {
	out := map[string]bool{}
	var up func(string)
	up = func(m string) {
		if out[m] {
			return
		}
		out[m] = true
		if mk, ok := e.markets[m]; ok {
			if mk.MemberOf != "" {
				up(mk.MemberOf)
			}
		} else if i := strings.LastIndexByte(m, '-'); i > 0 {
			up(m[:i]) // an undeclared subdivision still belongs to its country
		}
	}
	for _, m := range ms {
		up(m)
		if mk, ok := e.markets[m]; ok && mk.Union {
			for _, c := range e.children[m] {
				up(c)
			}
		}
	}
	return out
}

// ExpandMarkets returns, sorted, the markets a profile listing ms is in:
// each listed market, every market it belongs to (a member state's union, a
// state's country) and, for a listed union such as "EU", every member.
func (e *Engine) ExpandMarkets(ms []string) []string {
	set := e.expandMarkets(ms)
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// Duty returns the duty with the given id from any instrument, and the id of
// that instrument.
func (e *Engine) Duty(id string) (DutyDef, string, bool) {
	if d, ok := e.dutyIndex[id]; ok {
		return *d.def, d.set, true
	}
	return DutyDef{}, "", false
}

// uncovered lists the markets for which no rule set applies.
func (e *Engine) uncovered(ms []string) []string {
	var out []string
	for _, m := range ms {
		if !e.covered(m) {
			out = append(out, m)
		}
	}
	return out
}

// covered reports whether some rule set applies to market m: one of m
// itself, a market it belongs to, or, for a union, one of its members.
func (e *Engine) covered(m string) bool {
	for x := m; x != ""; {
		if _, ok := e.byJurisdiction[x]; ok {
			return true
		}
		mk, ok := e.markets[x]
		switch {
		case ok && mk.Union:
			for _, c := range e.children[x] {
				if _, ok := e.byJurisdiction[c]; ok {
					return true
				}
			}
			x = mk.MemberOf
		case ok:
			x = mk.MemberOf
		default:
			// An undeclared subdivision belongs to its country.
			i := strings.LastIndexByte(x, '-')
			if i < 0 {
				return false
			}
			x = x[:i]
		}
	}
	return false
}

// activation gives rules the profile's facts as CEL values. It is a partial
// activation: a fact the profile leaves out is an unknown attribute.
type activation struct {
	e       *Engine
	vals    []ref.Val
	unknown []*interpreter.AttributePattern
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	i, ok := a.e.factIndex[name]
	if !ok || a.vals[i] == nil {
		return nil, false
	}
	return a.vals[i], true
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// UnknownAttributePatterns implements interpreter.PartialActivation.
func (a *activation) UnknownAttributePatterns() []*interpreter.AttributePattern { return a.unknown }

// AsPartialActivation lets the interpreter use a as a partial activation
// without a wrapper.
func (a *activation) AsPartialActivation() (interpreter.PartialActivation, bool) { return a, true }

// partialActivation narrows an activation's unknowns to those one
// condition reads.
type partialActivation struct {
	*activation
	unknown []*interpreter.AttributePattern
}

// UnknownAttributePatterns implements interpreter.PartialActivation.
func (a *partialActivation) UnknownAttributePatterns() []*interpreter.AttributePattern {
	return a.unknown
}

// AsPartialActivation lets the interpreter use a as a partial activation.
func (a *partialActivation) AsPartialActivation() (interpreter.PartialActivation, bool) {
	return a, true
}

// state is the outcome of one condition.
type state uint8

const (
	stFalse state = iota
	stTrue
	stUnknown
	stError
)

// evalCond evaluates a condition: first with the fast plain program, then,
// only if that fails and facts are missing, with the partial program, which
// tells an unknown outcome (and its missing facts) from a real error.
func (e *Engine) evalCond(ctx context.Context, c *compiled, act *activation) (state, []string, error) {
	if err := ctx.Err(); err != nil {
		return stError, nil, err
	}
	out, _, err := c.plain.Eval(act)
	if err == nil {
		if b, ok := out.(types.Bool); ok {
			if b {
				return stTrue, nil, nil
			}
			return stFalse, nil, nil
		}
		return stError, nil, fmt.Errorf("condition gave %v, not a bool", out)
	}
	if isBudget(err) {
		return stError, nil, ErrBudgetExceeded
	}
	if ctx.Err() != nil {
		return stError, nil, ctx.Err()
	}
	if len(act.unknown) == 0 {
		return stError, nil, err
	}
	// Give the partial program only the unknowns this condition reads: the
	// interpreter scans the patterns on every variable read.
	pa := &partialActivation{activation: act}
	for _, f := range c.facts {
		if i := e.factIndex[f]; act.vals[i] == nil {
			pa.unknown = append(pa.unknown, e.patterns[i])
		}
	}
	out, _, err = c.partial.Eval(pa)
	if out != nil && types.IsUnknown(out) {
		u := out.(*types.Unknown)
		var missing []string
		for _, id := range u.IDs() {
			trails, _ := u.GetAttributeTrails(id)
			for _, t := range trails {
				if v := t.Variable(); !slices.Contains(missing, v) {
					missing = append(missing, v)
				}
			}
		}
		sort.Strings(missing)
		return stUnknown, missing, nil
	}
	if err != nil {
		if isBudget(err) {
			return stError, nil, ErrBudgetExceeded
		}
		return stError, nil, err
	}
	if b, ok := out.(types.Bool); ok && bool(b) {
		return stTrue, nil, nil
	}
	return stFalse, nil, nil
}

func isBudget(err error) bool {
	var ec interpreter.EvalCancelledError
	return errors.As(err, &ec) && ec.Cause == interpreter.CostLimitExceeded
}
