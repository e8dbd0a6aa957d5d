package risk

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Case is one entry of a casebook: a profile, a date, the answer the law
// gives, and the provision that decides it.
type Case struct {
	Name string `yaml:"name"`
	// Reason names the provision (and any regulator's example) that decides
	// the case.
	Reason string `yaml:"reason"`
	// AsOf is the assessment date.
	AsOf Date `yaml:"as_of"`
	// Jurisdiction is the result checked.
	Jurisdiction string `yaml:"jurisdiction"`
	// Instrument, when set, makes Expect.Tier and Expect.Determined refer
	// to that instrument's own answer rather than the jurisdiction's.
	Instrument string `yaml:"instrument"`
	// AllRoles assesses with [AssessOptions].AllRoles.
	AllRoles bool `yaml:"all_roles"`
	// Profile is the case's profile, checked against the vocabulary.
	Profile *Profile    `yaml:"-"`
	Expect  Expectation `yaml:"expect"`
	// Pos is where the case starts in its file.
	Pos Position `yaml:"-"`
}

// caseFile is a case as written: its profile is decoded once the rest is.
type caseFile struct {
	Case    `yaml:",inline"`
	Profile *yaml.Node `yaml:"profile"`
}

// Expectation is what a case expects of the result. Empty fields are not
// checked.
type Expectation struct {
	// Tier is the expected tier label; Severity the expected severity.
	Tier     string `yaml:"tier"`
	Severity string `yaml:"severity"`
	// Determined, when set, is the expected determinedness.
	Determined *bool `yaml:"determined"`
	// Applies, when set with Instrument, says whether the instrument
	// applies.
	Applies *bool `yaml:"applies"`
	// Rules must have matched (in force or upcoming).
	Rules []string `yaml:"rules"`
	// NotRules must not have matched.
	NotRules []string `yaml:"not_rules"`
	// Duties must be present (in force, upcoming or advisory); Upcoming must
	// be present as upcoming; InForce must be present as in force.
	Duties   []string `yaml:"duties"`
	Upcoming []string `yaml:"upcoming"`
	InForce  []string `yaml:"in_force"`
	// Grace must be in force but not yet enforceable (a grace period:
	// EnforceableFrom after the assessment date).
	Grace []string `yaml:"grace"`
	// NotDuties must be absent.
	NotDuties []string `yaml:"not_duties"`
	// Designations must be present; NotDesignations absent.
	Designations    []string `yaml:"designations"`
	NotDesignations []string `yaml:"not_designations"`
	// Missing facts must be among the questions.
	Missing []string `yaml:"missing"`
	// NoDuties, when true, requires that no duty is present.
	NoDuties bool `yaml:"no_duties"`
}

// Casebook is a parsed casebook file.
type Casebook struct {
	File  string
	Cases []*Case
}

type casebookFile struct {
	Kind  string      `yaml:"kind"`
	Cases []*caseFile `yaml:"cases"`
}

// ParseCasebook decodes a casebook file (see the rules directory's README).
// Profiles are checked against the engine's vocabulary. A non-nil error is
// an [ErrorList].
func (e *Engine) ParseCasebook(file string, data []byte) (*Casebook, error) {
	root, perr := parseYAML(file, data, ErrInvalidProfile)
	if perr != nil {
		return nil, ErrorList{perr}
	}
	var cf casebookFile
	d := &decoder{file: file}
	d.decode(root, reflect.ValueOf(&cf).Elem(), "")
	errs := d.errs
	if cf.Kind != "casebook" {
		errs = append(errs, &Error{Pos: Position{File: file, Line: root.Line, Column: root.Column}, Msg: fmt.Sprintf("kind is %q, want casebook", cf.Kind), Err: ErrInvalidProfile})
	}
	names := map[string]bool{}
	cases := make([]*Case, 0, len(cf.Cases))
	for _, w := range cf.Cases {
		c := &w.Case
		cases = append(cases, c)
		bad := func(format string, args ...any) {
			errs = append(errs, &Error{Pos: c.Pos, Path: c.Name, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidProfile})
		}
		if c.Name == "" || names[c.Name] {
			bad("case name empty or repeated")
		}
		names[c.Name] = true
		if c.Reason == "" {
			bad("case has no reason: name the provision that decides it")
		}
		if c.Jurisdiction == "" {
			bad("case has no jurisdiction")
		}
		if c.AsOf.IsZero() {
			bad("case has no as_of date")
		}
		if w.Profile == nil {
			bad("case has no profile")
			continue
		}
		p, perrs := e.profileFromNode(file, w.Profile)
		errs = append(errs, perrs...)
		c.Profile = p
	}
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	return &Casebook{File: file, Cases: cases}, nil
}

// Check assesses a case and returns what differs from its expectation; an
// empty result means the case passes.
func (e *Engine) Check(ctx context.Context, c *Case) []string {
	rep, err := e.Assess(ctx, c.Profile, AssessOptions{AsOf: c.AsOf, AllRoles: c.AllRoles})
	if err != nil {
		return []string{"assessment failed: " + err.Error()}
	}
	res := rep.Result(c.Jurisdiction)
	if res == nil {
		return []string{fmt.Sprintf("no result for jurisdiction %s (results: %s)", c.Jurisdiction, jurisdictionsOf(rep))}
	}
	var probs []string
	fail := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	for _, er := range res.Errors {
		fail("rule error: %v", er)
	}
	tier, determined := res.Tier, res.Determined
	if c.Instrument != "" {
		i := slices.IndexFunc(res.Instruments, func(x InstrumentResult) bool { return x.ID == c.Instrument })
		if i < 0 {
			fail("instrument %s was not assessed", c.Instrument)
			return probs
		}
		ir := res.Instruments[i]
		tier, determined = ir.Tier, ir.Determined
		if c.Expect.Applies != nil && ir.Applies != *c.Expect.Applies {
			fail("instrument applies = %t, want %t (%s)", ir.Applies, *c.Expect.Applies, ir.Note)
		}
	}
	x := c.Expect
	if x.Tier != "" && tier.Label != x.Tier {
		fail("tier = %s (%s), want %s", tier.Label, tier.Instrument, x.Tier)
	}
	if x.Severity != "" && tier.Severity.String() != x.Severity {
		fail("severity = %s, want %s", tier.Severity, x.Severity)
	}
	if x.Determined != nil && determined != *x.Determined {
		fail("determined = %t, want %t (questions: %s)", determined, *x.Determined, questionsOf(res))
	}
	matched := map[string]bool{}
	for _, m := range res.Matches {
		matched[m.Rule] = true
	}
	for _, r := range x.Rules {
		if !matched[r] {
			fail("rule %s did not match (matched: %s)", r, matchesOf(res))
		}
	}
	for _, r := range x.NotRules {
		if matched[r] {
			fail("rule %s matched, want no match", r)
		}
	}
	duty := map[string]DutyStatus{}
	grace := map[string]bool{}
	for _, d := range res.Duties {
		duty[d.ID] = d.Status
		grace[d.ID] = d.Status == DutyInForce && c.AsOf.Before(d.EnforceableFrom)
	}
	for _, d := range x.Grace {
		if !grace[d] {
			fail("duty %s is not in a grace period on %s", d, c.AsOf)
		}
	}
	for _, d := range x.Duties {
		if _, ok := duty[d]; !ok {
			fail("duty %s is missing (duties: %s)", d, dutiesOf(res))
		}
	}
	for _, d := range x.Upcoming {
		if st, ok := duty[d]; !ok || st != DutyUpcoming {
			fail("duty %s is %q, want upcoming", d, st)
		}
	}
	for _, d := range x.InForce {
		if st, ok := duty[d]; !ok || st != DutyInForce {
			fail("duty %s is %q, want in_force", d, st)
		}
	}
	for _, d := range x.NotDuties {
		if _, ok := duty[d]; ok {
			fail("duty %s is present, want absent", d)
		}
	}
	if x.NoDuties && len(res.Duties) > 0 {
		fail("want no duties, got %s", dutiesOf(res))
	}
	desig := map[string]bool{}
	for _, d := range res.Designations {
		desig[d.ID] = true
	}
	for _, d := range x.Designations {
		if !desig[d] {
			fail("designation %s is missing", d)
		}
	}
	for _, d := range x.NotDesignations {
		if desig[d] {
			fail("designation %s is present, want absent", d)
		}
	}
	for _, f := range x.Missing {
		if !slices.ContainsFunc(res.Questions, func(q Question) bool { return q.Fact == f }) {
			fail("fact %s is not asked (questions: %s)", f, questionsOf(res))
		}
	}
	return probs
}

func jurisdictionsOf(r *Report) string {
	var s []string
	for _, x := range r.Results {
		s = append(s, x.Jurisdiction)
	}
	return strings.Join(s, ", ")
}

func questionsOf(r *Result) string {
	var s []string
	for _, q := range r.Questions {
		s = append(s, q.Fact)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func matchesOf(r *Result) string {
	var s []string
	for _, m := range r.Matches {
		s = append(s, m.Rule)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func dutiesOf(r *Result) string {
	var s []string
	for _, d := range r.Duties {
		s = append(s, d.ID+"("+string(d.Status)+")")
	}
	return "[" + strings.Join(s, ", ") + "]"
}
