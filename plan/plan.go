// Package plan turns an assessment over many markets into one work plan:
// the duties of every market grouped by the shared principle they serve,
// merged into actions where one control satisfies duties of several
// instruments (see [Controls]), and ordered by severity and date. It also
// says what changes over time ([BuildTimeline]) and between two
// assessments ([Compare]).
//
// Following the recommendation to spend limited safety resources first on
// the scenarios several markets deem high-risk, a plan lists those first
// ([Plan].Priority).
//
// A plan applies encoded rules; it is not legal advice.
package plan

import (
	"slices"
	"sort"

	"github.com/airisk/airisk/risk"
)

// Schema identifies the version of the JSON form of [Plan].
const Schema = "airisk.plan/v1"

// Plan is the cross-market work plan for one profile.
type Plan struct {
	// Schema is [Schema].
	Schema string `json:"schema"`
	// Profile is the profile's name.
	Profile string `json:"profile,omitempty"`
	// AsOf is the date the law was applied as of.
	AsOf risk.Date `json:"as_of"`
	// Markets are the profile's markets.
	Markets []string `json:"markets"`
	// Uncovered lists the markets no rule set covers, so the plan has
	// nothing for them (see [risk.Report].Uncovered).
	Uncovered []string `json:"uncovered,omitempty"`
	// Jurisdictions summarises the tier in each assessed jurisdiction.
	Jurisdictions []Jurisdiction `json:"jurisdictions"`
	// Priority is set when two or more jurisdictions deem the system
	// high-risk (severity high or above): the work to do first.
	Priority *Priority `json:"priority,omitempty"`
	// Principles holds the actions grouped by principle, in the order of
	// [risk.Principles]; principles without actions are left out.
	Principles []Group `json:"principles"`
	// Actions counts the actions; Duties the duties they cover.
	Actions int `json:"actions"`
	Duties  int `json:"duties"`
}

// Jurisdiction is one jurisdiction's tier, as the plan sees it.
type Jurisdiction struct {
	Code string    `json:"code"`
	Name string    `json:"name,omitempty"`
	Tier risk.Tier `json:"tier"`
	// Determined is false when open questions could change the answer;
	// Open counts them.
	Determined bool `json:"determined"`
	Open       int  `json:"open,omitempty"`
}

// Group is the actions that serve one principle.
type Group struct {
	Principle risk.Principle `json:"principle"`
	Actions   []*Action      `json:"actions"`
}

// Action is one thing to do: a control that satisfies duties in one or
// more jurisdictions, or a single duty no control covers.
type Action struct {
	// ID is the control's id, or the duty's id for a one-duty action.
	ID string `json:"id"`
	// Control is true when the action comes from a control.
	Control   bool           `json:"control"`
	Title     string         `json:"title"`
	Do        string         `json:"do"`
	Principle risk.Principle `json:"principle"`
	// Severity is the most severe tier of the jurisdictions whose duties
	// the action covers.
	Severity risk.Severity `json:"severity"`
	// Status is in_force if any covered duty is in force, else upcoming if
	// any is, else advisory.
	Status risk.DutyStatus `json:"status"`
	// From is the earliest date a binding duty it covers applies (for an
	// advisory-only action, the earliest date of its duties).
	From risk.Date `json:"from"`
	// Jurisdictions are the codes of the jurisdictions whose duties it
	// covers, sorted.
	Jurisdictions []string `json:"jurisdictions"`
	// Duties are the covered duties, ordered by date, jurisdiction and id.
	Duties []Duty `json:"duties"`
}

// Duty is a duty of one jurisdiction that an action covers.
type Duty struct {
	Jurisdiction string `json:"jurisdiction"`
	risk.Duty
}

// Priority is the work on the scenarios that several markets deem
// high-risk.
type Priority struct {
	// Jurisdictions are those whose tier is high or above.
	Jurisdictions []HighRisk `json:"jurisdictions"`
	// Actions are the ids of the actions that cover duties imposed by the
	// rules that made the system high-risk, those covering more such
	// jurisdictions first, then in plan order.
	Actions []string `json:"actions"`
}

// HighRisk is a jurisdiction that deems the system high-risk, and why.
type HighRisk struct {
	Code string    `json:"code"`
	Name string    `json:"name,omitempty"`
	Tier risk.Tier `json:"tier"`
	// Because are the citations of the rules that gave the tier.
	Because []string `json:"because"`
}

// Build makes the plan of a report. Duties a control names are merged into
// the control's action; every other duty is an action of its own. Duties of
// roles the profile does not hold ([risk.Duty].OtherRole) are left out. A
// nil controls means no controls: one action per duty. A nil report gives
// an empty plan.
//
// Actions are ordered within each principle by severity (most severe
// first), then binding before advisory, then by the earliest date a duty
// applies, then by id.
func Build(r *risk.Report, controls *Controls) *Plan {
	p := &Plan{Schema: Schema, Markets: []string{}, Jurisdictions: []Jurisdiction{}, Principles: []Group{}}
	if r == nil {
		return p
	}
	p.Profile, p.AsOf, p.Uncovered = r.Profile, r.AsOf, r.Uncovered
	if r.Markets != nil {
		p.Markets = r.Markets
	}
	actions := map[string]*Action{}
	var order []*Action
	high := highRules(r)
	for i := range r.Results {
		res := &r.Results[i]
		p.Jurisdictions = append(p.Jurisdictions, Jurisdiction{
			Code: res.Jurisdiction, Name: res.Name, Tier: res.Tier,
			Determined: res.Determined, Open: len(res.Questions),
		})
		for _, d := range res.Duties {
			if d.OtherRole {
				continue
			}
			key := "duty:" + d.ID
			ctl := controls.ForDuty(d.ID)
			if ctl != nil {
				key = "control:" + ctl.ID
			}
			a, ok := actions[key]
			if !ok {
				a = &Action{ID: d.ID, Title: d.Title, Do: d.Do, Principle: d.Principle}
				if ctl != nil {
					a = &Action{ID: ctl.ID, Control: true, Title: ctl.Title, Do: ctl.Do, Principle: ctl.Principle}
				}
				actions[key] = a
				order = append(order, a)
			}
			a.Duties = append(a.Duties, Duty{Jurisdiction: res.Jurisdiction, Duty: d})
			if res.Tier.Severity > a.Severity {
				a.Severity = res.Tier.Severity
			}
			if !slices.Contains(a.Jurisdictions, res.Jurisdiction) {
				a.Jurisdictions = append(a.Jurisdictions, res.Jurisdiction)
			}
		}
	}
	for _, a := range order {
		finish(a)
		p.Duties += len(a.Duties)
	}
	p.Actions = len(order)
	sort.SliceStable(order, func(i, j int) bool { return before(order[i], order[j]) })
	for _, pr := range risk.Principles {
		var g Group
		for _, a := range order {
			if a.Principle == pr {
				g.Actions = append(g.Actions, a)
			}
		}
		if len(g.Actions) > 0 {
			g.Principle = pr
			p.Principles = append(p.Principles, g)
		}
	}
	p.Priority = priority(r, order, high)
	return p
}

// finish sorts an action's duties and derives its status and date.
func finish(a *Action) {
	sort.Strings(a.Jurisdictions)
	sort.SliceStable(a.Duties, func(i, j int) bool {
		x, y := a.Duties[i], a.Duties[j]
		if x.From != y.From {
			return x.From.Before(y.From)
		}
		if x.Jurisdiction != y.Jurisdiction {
			return x.Jurisdiction < y.Jurisdiction
		}
		return x.ID < y.ID
	})
	a.Status = risk.DutyAdvisory
	for _, d := range a.Duties {
		switch d.Status {
		case risk.DutyInForce:
			a.Status = risk.DutyInForce
		case risk.DutyUpcoming:
			if a.Status == risk.DutyAdvisory {
				a.Status = risk.DutyUpcoming
			}
		}
	}
	for _, d := range a.Duties {
		if a.Status != risk.DutyAdvisory && d.Status == risk.DutyAdvisory {
			continue
		}
		if a.From.IsZero() || d.From.Before(a.From) {
			a.From = d.From
		}
	}
}

// before orders actions: more severe first, binding before advisory,
// earlier first, then by id.
func before(x, y *Action) bool {
	if x.Severity != y.Severity {
		return x.Severity > y.Severity
	}
	if xa, ya := x.Status == risk.DutyAdvisory, y.Status == risk.DutyAdvisory; xa != ya {
		return ya
	}
	if x.From != y.From {
		return x.From.Before(y.From)
	}
	return x.ID < y.ID
}

// highRules returns the rules, as "jurisdiction/instrument/rule", that
// gave an instrument a tier of high or above.
func highRules(r *risk.Report) map[string]bool {
	out := map[string]bool{}
	for i := range r.Results {
		res := &r.Results[i]
		for _, m := range res.Matches {
			if m.Status != risk.MatchInForce || m.Exclude || m.Tier == "" {
				continue
			}
			for _, in := range res.Instruments {
				if in.ID == m.Instrument && in.Applies && in.Tier.Label == m.Tier && in.Tier.Severity >= risk.SeverityHigh {
					out[res.Jurisdiction+"/"+in.ID+"/"+m.Rule] = true
				}
			}
		}
	}
	return out
}

// priority lists the high-risk jurisdictions and the actions that cover
// duties imposed by the rules that made them high-risk, or nil when fewer
// than two jurisdictions deem the system high-risk.
func priority(r *risk.Report, actions []*Action, high map[string]bool) *Priority {
	var pr Priority
	for i := range r.Results {
		res := &r.Results[i]
		if res.Tier.Severity < risk.SeverityHigh {
			continue
		}
		h := HighRisk{Code: res.Jurisdiction, Name: res.Name, Tier: res.Tier}
		for _, m := range res.Matches {
			if high[res.Jurisdiction+"/"+m.Instrument+"/"+m.Rule] {
				h.Because = append(h.Because, m.Cite)
			}
		}
		pr.Jurisdictions = append(pr.Jurisdictions, h)
	}
	if len(pr.Jurisdictions) < 2 {
		return nil
	}
	type scored struct {
		id    string
		n, at int
	}
	var list []scored
	for i, a := range actions {
		var js []string
		for _, d := range a.Duties {
			for _, rule := range d.Rules {
				if high[d.Jurisdiction+"/"+d.Instrument+"/"+rule] && !slices.Contains(js, d.Jurisdiction) {
					js = append(js, d.Jurisdiction)
				}
			}
		}
		if len(js) > 0 {
			list = append(list, scored{a.ID, len(js), i})
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].at < list[j].at
	})
	pr.Actions = []string{}
	for _, s := range list {
		pr.Actions = append(pr.Actions, s.id)
	}
	return &pr
}

// Action returns the action with the given id, or nil.
func (p *Plan) Action(id string) *Action {
	for _, g := range p.Principles {
		for _, a := range g.Actions {
			if a.ID == id {
				return a
			}
		}
	}
	return nil
}
