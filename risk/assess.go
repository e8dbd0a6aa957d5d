package risk

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// outcome is one rule's evaluation.
type outcome struct {
	r       *rule
	st      state
	missing []string
	err     error
	// presumed is true for a rule whose condition holds while its
	// exception is undetermined: it counts as a match, and the exception's
	// facts are asked.
	presumed bool
}

// evalRule evaluates a rule's condition and, where it could matter, its
// exception. A missing answer never lowers a tier: when the condition holds
// and only the exception is undetermined, the rule is presumed to match.
func (e *Engine) evalRule(ctx context.Context, r *rule, act *activation) outcome {
	st, missing, err := e.evalCond(ctx, r.cond, act)
	o := outcome{r: r, st: st, missing: missing, err: err}
	if r.unless == nil || (st != stTrue && st != stUnknown) {
		return o
	}
	ust, umissing, uerr := e.evalCond(ctx, r.unless, act)
	switch {
	case ust == stError:
		o.st, o.err, o.missing = stError, fmt.Errorf("unless: %w", uerr), nil
	case ust == stTrue:
		o.st, o.missing = stFalse, nil // the exception holds
	case ust == stUnknown && st == stTrue:
		o.presumed, o.missing = true, umissing
	}
	// While the condition itself is unknown the rule stays undetermined and
	// its own facts are asked first; the exception is asked once it holds.
	return o
}

// upcoming reports whether the rule only applies from a date after asOf.
func (r *rule) upcoming(asOf Date) bool { return !r.applies.IsZero() && asOf.Before(r.applies) }

// expired reports whether the rule stopped applying on or before asOf.
func (r *rule) expired(asOf Date) bool { return !r.until.IsZero() && !asOf.Before(r.until) }

// setAnswer is one instrument's answer, before it is merged into a Result.
type setAnswer struct {
	res          InstrumentResult
	possible     Tier
	matches      []Match
	duties       []Duty
	designations []Designation
	questions    map[string][]string // fact -> rules depending on it
	errors       []*Error
}

func (a *setAnswer) ask(facts []string, rs *ruleSet, ruleID string) {
	if a.questions == nil {
		a.questions = map[string][]string{}
	}
	ref := rs.ID + "/" + ruleID
	for _, f := range facts {
		if !slices.Contains(a.questions[f], ref) {
			a.questions[f] = append(a.questions[f], ref)
		}
	}
}

// TierNotInForce is the engine's tier label for an instrument that does
// not apply on the assessment date because of its dates: not yet adopted,
// not yet applicable, or no longer in force. A repealed, superseded or
// enjoined instrument has its status as its label. Both have severity none.
const TierNotInForce = "not_in_force"

func engineTier(rs *ruleSet, label string) Tier {
	return Tier{Label: label, Severity: SeverityNone, Instrument: rs.ID}
}

func tierOf(rs *ruleSet, t *TierDef) Tier {
	if t == nil {
		return Tier{}
	}
	return Tier{Label: t.Label, Severity: t.Severity, Instrument: rs.ID}
}

func (e *Engine) assessJurisdiction(ctx context.Context, j string, act *activation, asOf Date, roles []string, opts AssessOptions) (*Result, error) {
	res := &Result{Jurisdiction: j, Name: e.MarketName(j), Determined: true}
	questions := map[string][]string{}
	var order []string
	dutyAt := map[string]int{}
	for _, rs := range e.byJurisdiction[j] {
		a, err := e.assessSet(ctx, rs, act, asOf, roles, opts)
		if err != nil {
			return nil, err
		}
		res.Instruments = append(res.Instruments, a.res)
		// The most severe tier; at equal severity, an instrument that applies
		// names the tier rather than one that is not in force.
		if a.res.Tier.Severity > res.Tier.Severity ||
			(a.res.Tier.Severity == res.Tier.Severity && standing(a.res) > standingOf(res.Instruments, res.Tier.Instrument)) {
			res.Tier = a.res.Tier
		}
		if a.possible.Severity > res.PossibleTier.Severity {
			res.PossibleTier = a.possible
		}
		if !a.res.Determined {
			res.Determined = false
		}
		res.Matches = append(res.Matches, a.matches...)
		res.Designations = append(res.Designations, a.designations...)
		res.Errors = append(res.Errors, a.errors...)
		for _, d := range a.duties {
			if i, ok := dutyAt[d.ID]; ok {
				res.Duties[i].Rules = append(res.Duties[i].Rules, d.Rules...)
				continue
			}
			dutyAt[d.ID] = len(res.Duties)
			res.Duties = append(res.Duties, d)
		}
		if a.res.Applies {
			for _, f := range rs.Flags {
				if !slices.Contains(res.Flags, f) {
					res.Flags = append(res.Flags, f)
				}
			}
		}
		for f, rules := range a.questions {
			if _, ok := questions[f]; !ok {
				order = append(order, f)
			}
			questions[f] = append(questions[f], rules...)
		}
		for _, rules := range questions {
			sort.Strings(rules)
		}
	}
	if len(res.Errors) > 0 {
		res.Determined = false
	}
	if res.PossibleTier.Severity < res.Tier.Severity {
		res.PossibleTier = res.Tier
	}
	sort.SliceStable(res.Duties, func(a, b int) bool {
		x, y := res.Duties[a], res.Duties[b]
		if x.From != y.From {
			return x.From.Before(y.From)
		}
		if x.Instrument != y.Instrument {
			return x.Instrument < y.Instrument
		}
		return x.ID < y.ID
	})
	for _, f := range order {
		fact := e.Fact(f)
		res.Questions = append(res.Questions, Question{
			Fact: f, Type: fact.Type, Question: fact.Question, Help: fact.Help,
			Values: fact.Values, Rules: questions[f],
		})
	}
	// The most decisive question first: the one more rules depend on; then
	// in vocabulary order.
	sort.SliceStable(res.Questions, func(a, b int) bool {
		x, y := res.Questions[a], res.Questions[b]
		if len(x.Rules) != len(y.Rules) {
			return len(x.Rules) > len(y.Rules)
		}
		return e.factIndex[x.Fact] < e.factIndex[y.Fact]
	})
	return res, nil
}

// standing ranks instrument results for naming a jurisdiction's tier when
// severities are equal: one that applies, then one not yet or no longer in
// force, then a repealed, superseded or enjoined one.
func standing(in InstrumentResult) int {
	switch {
	case in.Applies:
		return 2
	case in.Status.Inert():
		return 0
	}
	return 1
}

func standingOf(ins []InstrumentResult, id string) int {
	for _, in := range ins {
		if in.ID == id {
			return standing(in)
		}
	}
	return -1
}

// setEval holds one instrument's evaluation while its answer is built.
type setEval struct {
	e     *Engine
	rs    *ruleSet
	act   *activation
	asOf  Date
	roles []string
	opts  AssessOptions
	outs  []outcome
	a     *setAnswer
}

// assessSet assesses one instrument: whether it is in force and in scope,
// every rule, the exclusions, the tier, the duties, and the questions that
// could still change the answer.
func (e *Engine) assessSet(ctx context.Context, rs *ruleSet, act *activation, asOf Date, roles []string, opts AssessOptions) (*setAnswer, error) {
	a := &setAnswer{res: InstrumentResult{
		ID: rs.ID, Title: rs.Title, Citation: rs.Citation, Status: rs.Status,
		StatusNote: rs.StatusNote, Checked: rs.Checked, Determined: true, Flags: rs.Flags,
		Tier: tierOf(rs, rs.excludedTier),
	}}
	a.possible = a.res.Tier
	if label, note, out := notInForce(rs, asOf); out {
		a.res.Tier, a.res.Note = engineTier(rs, label), note
		a.possible = a.res.Tier
		return a, nil
	}
	scopeUnknown := false
	var scopeMissing []string
	if rs.scope != nil {
		st, missing, err := e.evalCond(ctx, rs.scope, act)
		switch st {
		case stError:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			a.errors = append(a.errors, &Error{Pos: rs.scope.pos, RuleSet: rs.ID, Msg: "scope: " + err.Error(), Err: err})
			a.res.Determined = false
			return a, nil
		case stFalse:
			a.res.Note = "out of scope"
			return a, nil
		case stUnknown:
			scopeUnknown, scopeMissing = true, missing
		}
	}

	s := &setEval{e: e, rs: rs, act: act, asOf: asOf, roles: roles, opts: opts, a: a,
		outs: make([]outcome, 0, len(rs.rules))}
	for _, r := range rs.rules {
		if r.expired(asOf) {
			continue
		}
		o := e.evalRule(ctx, r, act)
		if o.st == stError && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s.outs = append(s.outs, o)
	}

	certain, possible := s.tiers()
	// Rules that are each undetermined may still together settle a
	// severity, when the unknowns they share can take only a few values
	// (filing or registration, both high, as one fact decides).
	var either []string
	if possible.Severity > certain.Severity && !asOf.Before(rs.EffectiveFrom) {
		if t, labels := e.eitherWay(s.outs, certain, possible, act, asOf); t != nil {
			certain, either = t, labels
		}
	}
	if s.excluded(certain, possible) {
		return a, nil
	}

	a.res.Applies = true
	a.res.Tier = tierOf(rs, certain)
	a.possible = tierOf(rs, possible)
	if len(either) > 1 {
		a.res.Note = fmt.Sprintf("%s either way: %s, depending on the open questions", certain.Severity, strings.Join(either, " or "))
	}
	if asOf.Before(rs.EffectiveFrom) {
		// Not yet in force: its matches and duties are upcoming.
		a.res.Applies = false
		a.res.Note = fmt.Sprintf("not yet in force: applies from %s", rs.EffectiveFrom)
		a.res.Tier = engineTier(rs, TierNotInForce)
		a.possible = a.res.Tier
	}
	have := s.collect()
	s.ask(certain, have, len(either) > 1, scopeUnknown, scopeMissing)
	e.collectErrors(a, rs, s.outs)
	if len(a.errors) > 0 {
		a.res.Determined = false
	}
	return a, nil
}

// notInForce reports whether an instrument yields nothing on asOf because
// of its status or dates, with the engine's tier label and a note.
func notInForce(rs *ruleSet, asOf Date) (label, note string, out bool) {
	switch {
	case rs.Status.Inert():
		return string(rs.Status), fmt.Sprintf("%s: yields no duties", rs.Status), true
	case !rs.EffectiveUntil.IsZero() && !asOf.Before(rs.EffectiveUntil):
		return TierNotInForce, fmt.Sprintf("no longer in force since %s", rs.EffectiveUntil), true
	case !rs.Adopted.IsZero() && asOf.Before(rs.Adopted):
		return TierNotInForce, fmt.Sprintf("not yet adopted: adopted on %s", rs.Adopted), true
	}
	return "", "", false
}

// tiers returns the tier the known matches give and the one the unknowns
// could give.
func (s *setEval) tiers() (certain, possible *TierDef) {
	certain, possible = s.rs.defaultTier, s.rs.defaultTier
	for _, o := range s.outs {
		if o.r.exclude || o.r.tier == nil || o.r.upcoming(s.asOf) {
			continue
		}
		if o.st == stTrue && o.r.tier.Severity > certain.Severity {
			certain = o.r.tier
		}
		if (o.st == stTrue || o.st == stUnknown) && o.r.tier.Severity > possible.Severity {
			possible = o.r.tier
		}
	}
	if possible.Severity < certain.Severity {
		possible = certain
	}
	return certain, possible
}

// excluded applies the exclusion rules. It reports true, with the answer
// filled in, when one takes the instrument out; an exclusion whose
// unless_at_least may be reached by undetermined rules is not applied, and
// those rules' facts are asked.
func (s *setEval) excluded(certain, possible *TierDef) bool {
	a := s.a
	for _, o := range s.outs {
		if !o.r.exclude || o.r.upcoming(s.asOf) || o.st != stTrue {
			continue
		}
		at := o.r.unlessAtLeast
		if at != SeverityUnknown && certain.Severity >= at {
			continue // lifted: the other rules reach the severity
		}
		if at != SeverityUnknown && possible.Severity >= at {
			a.res.Determined = false
			for _, u := range s.outs {
				if u.st == stUnknown && !u.r.exclude && u.r.tier != nil && u.r.tier.Severity >= at {
					a.ask(u.missing, s.rs, u.r.id)
				}
			}
			continue
		}
		a.matches = append(a.matches, s.e.match(s.rs, o.r, s.asOf))
		a.res.Note = fmt.Sprintf("excluded by %s %s: %s", s.rs.Citation, o.r.cite, o.r.because)
		a.res.Determined = len(a.questions) == 0
		s.e.collectErrors(a, s.rs, s.outs)
		return true
	}
	return false
}

// collect records the matching rules, their designations and the duties
// they impose on the profile's roles, and returns each duty's status.
func (s *setEval) collect() map[string]DutyStatus {
	a := s.a
	have := map[string]DutyStatus{}
	at := map[string]int{}
	for _, o := range s.outs {
		if o.st != stTrue || o.r.exclude {
			continue
		}
		m := s.e.match(s.rs, o.r, s.asOf)
		m.Presumed = o.presumed
		a.matches = append(a.matches, m)
		if !o.r.upcoming(s.asOf) {
			for _, d := range o.r.designations {
				if !slices.ContainsFunc(a.designations, func(x Designation) bool { return x.ID == d.ID }) {
					dd := *d
					dd.Instrument = s.rs.ID
					a.designations = append(a.designations, dd)
				}
			}
		}
		for _, dd := range o.r.duties {
			d, ok := s.e.duty(s.rs, o.r, dd, s.asOf, s.roles, s.opts)
			if !ok {
				continue
			}
			i, seen := at[d.ID]
			if !seen {
				i = len(a.duties)
				at[d.ID] = i
				a.duties = append(a.duties, d)
			} else {
				x := &a.duties[i]
				x.Rules = append(x.Rules, o.r.id)
				if d.From.Before(x.From) {
					x.From, x.Status = d.From, d.Status
				}
			}
			have[d.ID] = a.duties[i].Status
		}
	}
	return have
}

// ask marks the answer undetermined and names the facts to ask, for every
// rule whose open answer could change it: undetermined rules that could add
// a tier, duty or designation; presumed rules whose exception could take
// one away; rules that choose between labels of a certain severity; then
// the scope and exclusions, which matter only when the answer in scope
// differs from the answer out of it; and the roles, when duties depend on
// them.
func (s *setEval) ask(certain *TierDef, have map[string]DutyStatus, labelOpen, scopeUnknown bool, scopeMissing []string) {
	a, rs := s.a, s.rs
	open := false
	need := func(o outcome) {
		open = true
		a.res.Determined = false
		a.ask(o.missing, rs, o.r.id)
	}
	for _, o := range s.outs {
		switch {
		case o.st == stUnknown && !o.r.exclude && s.e.matters(rs, o, certain, have, a, s.asOf, s.roles, s.opts):
			need(o)
		case o.presumed && s.e.presumedMatters(rs, o, s.outs, s.asOf, s.roles, s.opts):
			need(o)
		case labelOpen && o.st == stUnknown && !o.r.exclude && o.r.tier != nil &&
			o.r.tier.Severity == certain.Severity && !o.r.upcoming(s.asOf):
			need(o)
		}
	}
	trivial := certain.Label == rs.excludedTier.Label
	if open || !trivial || len(a.duties) > 0 || len(a.designations) > 0 {
		if scopeUnknown {
			a.res.Determined = false
			a.ask(scopeMissing, rs, "scope")
		}
		for _, o := range s.outs {
			if o.st == stUnknown && o.r.exclude && s.e.matters(rs, o, certain, have, a, s.asOf, s.roles, s.opts) {
				a.res.Determined = false
				a.ask(o.missing, rs, o.r.id)
			}
		}
	}
	// Unknown roles: the duties of every role are shown, and which bind the
	// profile depends on its roles.
	if s.roles == nil && len(a.duties) > 0 {
		a.res.Determined = false
		for _, d := range a.duties {
			a.ask([]string{"org.roles"}, rs, d.Rules[0])
		}
	}
}

// maxCases bounds the assignments eitherWay tries.
const maxCases = 32

// eitherWay tries every value of the missing facts that the undetermined
// rules above the certain tier read, when they are booleans or enums with
// few values. If some rule of at least a given severity matches under
// every assignment, that severity is certain: it returns the tier (a label
// that reaches it) and every label that does. It returns nil otherwise.
func (e *Engine) eitherWay(outs []outcome, certain, possible *TierDef, act *activation, asOf Date) (*TierDef, []string) {
	var open []outcome
	var facts []int
	for _, o := range outs {
		if o.st != stUnknown || o.r.exclude || o.r.tier == nil || o.r.upcoming(asOf) || o.r.tier.Severity <= certain.Severity {
			continue
		}
		open = append(open, o)
		for _, f := range o.missing {
			if i := e.factIndex[f]; !slices.Contains(facts, i) {
				facts = append(facts, i)
			}
		}
	}
	if len(open) < 2 {
		return nil, nil
	}
	domains := make([][]ref.Val, len(facts))
	n := 1
	for k, i := range facts {
		switch f := e.facts[i]; f.Type {
		case TypeBool:
			domains[k] = []ref.Val{types.False, types.True}
		case TypeEnum:
			for _, v := range f.Values {
				domains[k] = append(domains[k], types.String(v.Value))
			}
		default:
			return nil, nil
		}
		if n *= len(domains[k]); n > maxCases {
			return nil, nil
		}
	}
	vals := slices.Clone(act.vals)
	trial := &activation{e: e, vals: vals}
	for sev := possible.Severity; sev > certain.Severity; sev-- {
		var best *TierDef
		var labels []string
		always := true
		for c := 0; c < n && always; c++ {
			for k, i := range facts { // the c-th assignment, in mixed radix
				vals[i] = domains[k][(c/stride(domains, k))%len(domains[k])]
			}
			hit := false
			for _, o := range open {
				if o.r.tier.Severity < sev {
					continue
				}
				out, _, err := o.r.cond.plain.Eval(trial)
				if err != nil || out != types.True {
					continue
				}
				hit = true
				if o.r.tier.Severity == sev {
					if best == nil {
						best = o.r.tier
					}
					if !slices.Contains(labels, o.r.tier.Label) {
						labels = append(labels, o.r.tier.Label)
					}
				}
			}
			always = hit
		}
		if always && best != nil {
			sort.Strings(labels)
			return best, labels
		}
	}
	return nil, nil
}

func stride(domains [][]ref.Val, k int) int {
	s := 1
	for _, d := range domains[:k] {
		s *= len(d)
	}
	return s
}

// presumedMatters reports whether the exception of a rule presumed to
// match could change the answer: whether, without that rule, the tier would
// be lower or one of its duties or designations would be gone.
func (e *Engine) presumedMatters(rs *ruleSet, p outcome, outs []outcome, asOf Date, roles []string, opts AssessOptions) bool {
	others := rs.defaultTier.Severity
	duties := map[string]bool{}
	desigs := map[string]bool{}
	for _, o := range outs {
		if o.st != stTrue || o.r == p.r || o.r.exclude || o.presumed {
			continue
		}
		if o.r.tier != nil && !o.r.upcoming(asOf) && o.r.tier.Severity > others {
			others = o.r.tier.Severity
		}
		for _, d := range o.r.duties {
			duties[d.ID] = true
		}
		for _, d := range o.r.designations {
			desigs[d.ID] = true
		}
	}
	if p.r.tier != nil && !p.r.upcoming(asOf) && p.r.tier.Severity > others {
		return true
	}
	for _, dd := range p.r.duties {
		if _, binds := e.duty(rs, p.r, dd, asOf, roles, opts); binds && !duties[dd.ID] {
			return true
		}
	}
	for _, d := range p.r.designations {
		if !desigs[d.ID] {
			return true
		}
	}
	return false
}

// matters reports whether an undetermined rule could change the answer: a
// more severe tier, a duty or designation not already there, or an
// exclusion.
func (e *Engine) matters(rs *ruleSet, o outcome, certain *TierDef, have map[string]DutyStatus, a *setAnswer, asOf Date, roles []string, opts AssessOptions) bool {
	r := o.r
	if r.exclude {
		return !(r.unlessAtLeast != SeverityUnknown && certain.Severity >= r.unlessAtLeast)
	}
	if r.tier != nil && !r.upcoming(asOf) && r.tier.Severity > certain.Severity {
		return true
	}
	if !r.upcoming(asOf) {
		for _, d := range r.designations {
			if !slices.ContainsFunc(a.designations, func(x Designation) bool { return x.ID == d.ID }) {
				return true
			}
		}
	}
	for _, dd := range r.duties {
		d, ok := e.duty(rs, r, dd, asOf, roles, opts)
		if !ok {
			continue
		}
		st, present := have[d.ID]
		if !present || (st == DutyUpcoming && d.Status == DutyInForce) {
			return true
		}
	}
	return false
}

// duty returns the duty a matching rule imposes, or false if it does not
// bind the profile's roles or no longer applies on asOf.
func (e *Engine) duty(rs *ruleSet, r *rule, dd *DutyDef, asOf Date, roles []string, opts AssessOptions) (Duty, bool) {
	other := roles != nil && !dd.Actors.any(roles)
	if other && !opts.AllRoles {
		return Duty{}, false
	}
	if !dd.Until.IsZero() && !asOf.Before(dd.Until) {
		return Duty{}, false
	}
	from := dd.From
	if r.from.After(from) {
		from = r.from
	}
	st := DutyInForce
	switch {
	case rs.Status == StatusAdvisory:
		st = DutyAdvisory
	case asOf.Before(from):
		st = DutyUpcoming
	}
	return Duty{
		ID: dd.ID, Instrument: rs.ID, Title: dd.Title, Do: dd.Do, Actors: dd.Actors,
		Cite: rs.Citation + ", " + dd.Cite, Principle: dd.Principle, Status: st, From: from,
		Until: dd.Until, EnforceableFrom: dd.EnforceableFrom, Penalty: dd.Penalty,
		Rules: []string{r.id}, OtherRole: other,
	}, true
}

func (e *Engine) match(rs *ruleSet, r *rule, asOf Date) Match {
	m := Match{
		Instrument: rs.ID, Rule: r.id, Cite: rs.Citation + ", " + r.cite, Because: r.because,
		Exclude: r.exclude, Status: MatchInForce, From: r.applies, Until: r.until, Facts: r.cond.facts, Pos: r.pos,
	}
	if r.tier != nil {
		m.Tier = r.tier.Label
	}
	if r.upcoming(asOf) {
		m.Status = MatchUpcoming
	}
	return m
}

func (e *Engine) collectErrors(a *setAnswer, rs *ruleSet, outs []outcome) {
	for _, o := range outs {
		if o.st == stError {
			a.errors = append(a.errors, &Error{Pos: o.r.pos, RuleSet: rs.ID, Rule: o.r.id, Msg: o.err.Error(), Err: o.err})
		}
	}
}
