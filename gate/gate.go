package gate

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/airisk/airisk/risk"
)

// Check assesses the profile as of the launch date, for the profile's
// markets, and decides whether it may launch. The evidence may be nil; it
// is checked against the engine's duties first. Errors are those of
// [Evidence.Validate] and [risk.Engine.Assess], or ErrInvalidInput for a
// nil engine, a zero launch date or an invalid policy.
func Check(ctx context.Context, e *risk.Engine, p *risk.Profile, ev *Evidence, launch risk.Date, pol Policy) (*Decision, error) {
	if e == nil {
		return nil, fmt.Errorf("%w: nil engine: build one with risk.New", ErrInvalidInput)
	}
	if launch.IsZero() {
		return nil, fmt.Errorf("%w: no launch date", ErrInvalidInput)
	}
	if _, err := pol.resolved(); err != nil {
		return nil, err
	}
	if err := ev.Validate(e); err != nil {
		return nil, err
	}
	rep, err := e.Assess(ctx, p, risk.AssessOptions{AsOf: launch})
	if err != nil {
		return nil, err
	}
	return Decide(rep, launch, nil, ev, pol)
}

// Decide gates a report. The report must have been assessed as of the
// launch date and, when markets is not nil, for exactly those target
// markets (nil means the report's markets); otherwise Decide returns an
// error matching ErrInvalidInput. Evidence may be nil.
//
// Every result of the report is examined and every reason is kept, in the
// order of the report's results: a blocking tier, rule errors, an
// undetermined answer, then the duties in their report order.
func Decide(rep *risk.Report, launch risk.Date, markets []string, ev *Evidence, pol Policy) (*Decision, error) {
	if rep == nil {
		return nil, fmt.Errorf("%w: nil report", ErrInvalidInput)
	}
	pol, err := pol.resolved()
	if err != nil {
		return nil, err
	}
	if launch.IsZero() {
		return nil, fmt.Errorf("%w: no launch date", ErrInvalidInput)
	}
	if !rep.AsOf.Time().Equal(launch.Time()) {
		return nil, fmt.Errorf("%w: the report is assessed as of %s, not the launch date %s", ErrInvalidInput, rep.AsOf, launch)
	}
	if markets == nil {
		markets = rep.Markets
	} else if !sameSet(markets, rep.Markets) {
		return nil, fmt.Errorf("%w: the report is assessed for markets [%s], not the target markets [%s]",
			ErrInvalidInput, strings.Join(rep.Markets, ", "), strings.Join(markets, ", "))
	}
	d := &Decision{
		Schema:        DecisionSchema,
		Profile:       rep.Profile,
		LaunchDate:    launch,
		Markets:       slices.Clone(markets),
		Policy:        pol,
		Jurisdictions: make([]Jurisdiction, 0, len(rep.Results)),
		Blockers:      []Finding{},
		Warnings:      []Finding{},
	}
	if d.Markets == nil {
		d.Markets = []string{}
	}
	for i := range rep.Results {
		d.result(&rep.Results[i], ev, pol)
	}
	for _, m := range rep.Uncovered {
		d.Warnings = append(d.Warnings, Finding{
			Kind: KindUncovered, ID: "uncovered", Jurisdiction: m,
			Message: "no rule set covers this market: the gate cannot speak for it",
		})
	}
	d.Verdict = Launch
	if len(d.Blockers) > 0 {
		d.Verdict = Block
	}
	return d, nil
}

// result gates one jurisdiction's result.
func (d *Decision) result(res *risk.Result, ev *Evidence, pol Policy) {
	d.Jurisdictions = append(d.Jurisdictions, Jurisdiction{
		Code: res.Jurisdiction, Name: res.Name, Tier: res.Tier,
		Determined: res.Determined, PossibleTier: res.PossibleTier,
	})
	j := res.Jurisdiction

	if res.Tier.Severity >= pol.BlockAt {
		f := Finding{
			Kind: KindTier, ID: res.Tier.Severity.String(), Jurisdiction: j,
			Instrument: res.Tier.Instrument, Title: res.Tier.Label,
			Message: fmt.Sprintf("tier %s [%s] on %s", res.Tier.Severity, res.Tier.Label, d.LaunchDate),
			Rules:   tierRules(res),
		}
		if len(f.Rules) > 0 {
			f.Cite = f.Rules[0].Cite
		}
		if res.Tier.Severity == risk.SeverityProhibited {
			f.Message = fmt.Sprintf("prohibited [%s] on %s", res.Tier.Label, d.LaunchDate)
		}
		d.Blockers = append(d.Blockers, f)
	}

	for _, e := range res.Errors {
		d.Blockers = append(d.Blockers, Finding{
			Kind: KindRuleError, ID: "rule_error", Jurisdiction: j, Instrument: e.RuleSet,
			Message: fmt.Sprintf("a rule failed, so the answer is not known: %s", e.Msg),
			Rules:   []RuleRef{{Instrument: e.RuleSet, Rule: e.Rule, Pos: e.Pos}},
		})
	}

	if !res.Determined && (len(res.Questions) > 0 || len(res.Errors) == 0) {
		f := Finding{
			Kind: KindUndetermined, ID: "undetermined", Jurisdiction: j,
			Message:   fmt.Sprintf("not determined: %s", openQuestions(len(res.Questions))),
			Questions: res.Questions,
			Rules:     questionRules(res),
		}
		if res.PossibleTier.Severity > res.Tier.Severity {
			f.Message += fmt.Sprintf("; the tier could be %s [%s]", res.PossibleTier.Severity, res.PossibleTier.Label)
		}
		if pol.AllowUndetermined {
			d.Warnings = append(d.Warnings, f)
		} else {
			d.Blockers = append(d.Blockers, f)
		}
	}

	for i := range res.Duties {
		du := &res.Duties[i]
		if du.OtherRole {
			continue
		}
		if it := ev.Lookup(du.ID); it != nil {
			d.Satisfied = append(d.Satisfied, Satisfied{
				Duty: du.ID, Jurisdiction: j, Title: du.Title, Status: du.Status,
				Cite: du.Cite, Ref: it.Ref, Note: it.Note,
			})
			continue
		}
		f := Finding{
			ID: du.ID, Jurisdiction: j, Instrument: du.Instrument, Title: du.Title,
			Cite: du.Cite, From: du.From, Rules: dutyRules(res, du),
		}
		switch du.Status {
		case risk.DutyInForce:
			f.Kind = KindMissingEvidence
			f.Message = fmt.Sprintf("%s %q is in force since %s and has no evidence", du.ID, du.Title, du.From)
			if du.EnforceableFrom.After(d.LaunchDate) {
				f.Message += fmt.Sprintf(" (enforceable from %s)", du.EnforceableFrom)
			}
			d.Blockers = append(d.Blockers, f)
		case risk.DutyAdvisory:
			f.Kind = KindAdvisoryDuty
			f.Message = fmt.Sprintf("%s %q is recommended by guidance (advisory)", du.ID, du.Title)
			d.Warnings = append(d.Warnings, f)
		case risk.DutyUpcoming:
			f.Kind = KindUpcomingDuty
			days := daysBetween(d.LaunchDate, du.From)
			f.Message = fmt.Sprintf("%s %q applies from %s, %d days after the launch", du.ID, du.Title, du.From, days)
			if pol.WarnDays > 0 && days <= pol.WarnDays {
				d.Warnings = append(d.Warnings, f)
			} else {
				d.Notes = append(d.Notes, f)
			}
		}
	}
}

// tierRules returns the in-force rules that set a result's tier.
func tierRules(res *risk.Result) []RuleRef {
	var out []RuleRef
	for _, m := range res.Matches {
		if m.Instrument == res.Tier.Instrument && m.Tier == res.Tier.Label && m.Status == risk.MatchInForce && !m.Exclude {
			out = append(out, RuleRef{Instrument: m.Instrument, Rule: m.Rule, Cite: m.Cite, Pos: m.Pos})
		}
	}
	return out
}

// dutyRules returns the matching rules that imposed a duty.
func dutyRules(res *risk.Result, du *risk.Duty) []RuleRef {
	var out []RuleRef
	for _, m := range res.Matches {
		if m.Instrument == du.Instrument && slices.Contains(du.Rules, m.Rule) {
			out = append(out, RuleRef{Instrument: m.Instrument, Rule: m.Rule, Cite: m.Cite, Pos: m.Pos})
		}
	}
	return out
}

// questionRules returns the rules the open questions decide, as named by
// the questions ("instrument/rule"); their positions are not in the report.
func questionRules(res *risk.Result) []RuleRef {
	var out []RuleRef
	seen := map[string]bool{}
	for _, q := range res.Questions {
		for _, r := range q.Rules {
			if seen[r] {
				continue
			}
			seen[r] = true
			in, rule, _ := strings.Cut(r, "/")
			out = append(out, RuleRef{Instrument: in, Rule: rule})
		}
	}
	return out
}

func openQuestions(n int) string {
	switch n {
	case 0:
		return "the answer depends on facts the profile leaves out"
	case 1:
		return "1 open question"
	}
	return fmt.Sprintf("%d open questions", n)
}

// daysBetween returns the whole days from a to b.
func daysBetween(a, b risk.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
