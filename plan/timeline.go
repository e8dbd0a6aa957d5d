package plan

import (
	"context"
	"errors"
	"slices"
	"sort"
	"time"

	"github.com/airisk/airisk/risk"
)

// TimelineSchema identifies the version of the JSON form of [Timeline].
const TimelineSchema = "airisk.timeline/v1"

// Timeline is the dated list of when duties start and stop applying to a
// profile in each jurisdiction, and when its tiers change.
type Timeline struct {
	// Schema is [TimelineSchema].
	Schema  string `json:"schema"`
	Profile string `json:"profile,omitempty"`
	// Start is the date of the baseline: Tiers are the tiers as of Start,
	// and Events are the changes after it.
	Start risk.Date      `json:"start"`
	Tiers []Jurisdiction `json:"tiers"`
	// Events are ordered by date, jurisdiction, kind and duty id.
	Events []Event `json:"events"`
}

// EventKind says what happens on a date.
type EventKind string

// The kinds of event.
const (
	// EventTier: the jurisdiction's tier changes.
	EventTier EventKind = "tier"
	// EventStarts: a duty starts to apply (in force, or for guidance,
	// recommended).
	EventStarts EventKind = "starts"
	// EventEnforceable: a duty's grace period ends.
	EventEnforceable EventKind = "enforceable"
	// EventEnds: a duty stops applying.
	EventEnds EventKind = "ends"
)

var eventOrder = map[EventKind]int{EventTier: 0, EventStarts: 1, EventEnforceable: 2, EventEnds: 3}

// Event is one change on one date in one jurisdiction.
type Event struct {
	Date         risk.Date `json:"date"`
	Jurisdiction string    `json:"jurisdiction"`
	Kind         EventKind `json:"kind"`
	// OldTier and NewTier are set for a tier event.
	OldTier *risk.Tier `json:"old_tier,omitempty"`
	NewTier *risk.Tier `json:"new_tier,omitempty"`
	// Duty is set for a duty event.
	Duty *EventDuty `json:"duty,omitempty"`
}

// EventDuty is the duty an event is about.
type EventDuty struct {
	ID         string          `json:"id"`
	Instrument string          `json:"instrument"`
	Title      string          `json:"title"`
	Cite       string          `json:"cite"`
	Status     risk.DutyStatus `json:"status"`
}

// TimelineOptions configures [BuildTimeline]. The zero value covers every
// date the rules name, for the profile's markets and roles.
type TimelineOptions struct {
	// Since, when set, is the baseline date: the timeline lists the changes
	// after it. By default the baseline is the day before the earliest
	// date the rules name.
	Since risk.Date
	// Until, when set, is the last date listed.
	Until risk.Date
	// Jurisdictions and AllRoles are passed to [risk.Engine.Assess].
	Jurisdictions []string
	AllRoles      bool
}

// BuildTimeline assesses the profile as of every date on which the
// engine's rules can change the answer, and lists what changes on each.
//
// The dates are the instruments' effective dates, the duties' from, until
// and enforceable-from dates, the from dates of the rules that match (as
// reported in [risk.Match].From) and the profile's own date facts. Dates
// that appear only inside a rule's condition (a comparison with as_of) are
// not known to the engine's API and are not visited.
func BuildTimeline(ctx context.Context, e *risk.Engine, p *risk.Profile, opts TimelineOptions) (*Timeline, error) {
	if e == nil {
		return nil, errors.New("plan: nil engine: build one with risk.New")
	}
	if p == nil {
		return nil, risk.ErrorList{{Msg: "nil profile", Err: risk.ErrInvalidProfile}}
	}
	dates := map[risk.Date]bool{}
	add := func(d risk.Date) {
		if !d.IsZero() {
			dates[d] = true
		}
	}
	for _, in := range e.Instruments() {
		add(in.EffectiveFrom)
		add(in.EffectiveUntil)
		for _, d := range e.Duties(in.ID) {
			add(d.From)
			add(d.Until)
			add(d.EnforceableFrom)
		}
	}
	for name, v := range p.Facts.Flat() {
		if f := e.Fact(name); f != nil && f.Type == risk.TypeDate {
			switch x := v.(type) {
			case risk.Date:
				add(x)
			case time.Time:
				add(risk.NewDate(x))
			case string:
				if d, err := risk.ParseDate(x); err == nil {
					add(d)
				}
			}
		}
	}
	aopts := risk.AssessOptions{Jurisdictions: opts.Jurisdictions, AllRoles: opts.AllRoles}
	reports := map[risk.Date]*risk.Report{}
	assess := func(d risk.Date) (*risk.Report, error) {
		if r, ok := reports[d]; ok {
			return r, nil
		}
		aopts.AsOf = d
		r, err := e.Assess(ctx, p, aopts)
		if err != nil {
			return nil, err
		}
		reports[d] = r
		for i := range r.Results {
			res := &r.Results[i]
			for _, m := range res.Matches {
				add(m.From)
			}
			for _, du := range res.Duties {
				add(du.From)
				add(du.Until)
				add(du.EnforceableFrom)
			}
		}
		return r, nil
	}
	// Visit every date until no assessment names a new one.
	for range 10 {
		n := len(dates)
		for _, d := range sortedDates(dates) {
			if _, err := assess(d); err != nil {
				return nil, err
			}
		}
		if len(dates) == n {
			break
		}
	}
	all := sortedDates(dates)
	start := opts.Since
	if start.IsZero() {
		if len(all) == 0 {
			start = risk.Today()
		} else {
			start = risk.NewDate(all[0].Time().AddDate(0, 0, -1))
		}
	}
	prev, err := assess(start)
	if err != nil {
		return nil, err
	}
	tl := &Timeline{Schema: TimelineSchema, Profile: p.Name, Start: start, Tiers: []Jurisdiction{}, Events: []Event{}}
	for i := range prev.Results {
		res := &prev.Results[i]
		tl.Tiers = append(tl.Tiers, Jurisdiction{Code: res.Jurisdiction, Name: res.Name, Tier: res.Tier, Determined: res.Determined, Open: len(res.Questions)})
	}
	for _, d := range all {
		if !d.After(start) || (!opts.Until.IsZero() && d.After(opts.Until)) {
			continue
		}
		cur, err := assess(d)
		if err != nil {
			return nil, err
		}
		tl.Events = append(tl.Events, events(prev, cur, d)...)
		prev = cur
	}
	return tl, nil
}

func sortedDates(m map[risk.Date]bool) []risk.Date {
	out := make([]risk.Date, 0, len(m))
	for d := range m {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

func events(prev, cur *risk.Report, d risk.Date) []Event {
	var out []Event
	for i := range cur.Results {
		n := &cur.Results[i]
		o := prev.Result(n.Jurisdiction)
		if o == nil || o.Tier != n.Tier {
			ev := Event{Date: d, Jurisdiction: n.Jurisdiction, Kind: EventTier}
			nt := n.Tier
			ev.NewTier = &nt
			if o != nil {
				ot := o.Tier
				ev.OldTier = &ot
			}
			out = append(out, ev)
		}
		was, now := activeAt(o, prev.AsOf), activeAt(n, d)
		for id, du := range now {
			if _, ok := was[id]; !ok {
				out = append(out, dutyEvent(d, n.Jurisdiction, EventStarts, du))
			}
			if du.EnforceableFrom == d {
				out = append(out, dutyEvent(d, n.Jurisdiction, EventEnforceable, du))
			}
		}
		for id, du := range was {
			if _, ok := now[id]; !ok {
				out = append(out, dutyEvent(d, n.Jurisdiction, EventEnds, du))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Jurisdiction != y.Jurisdiction {
			return x.Jurisdiction < y.Jurisdiction
		}
		if x.Kind != y.Kind {
			return eventOrder[x.Kind] < eventOrder[y.Kind]
		}
		return x.Duty != nil && y.Duty != nil && x.Duty.ID < y.Duty.ID
	})
	return out
}

func dutyEvent(d risk.Date, j string, k EventKind, du risk.Duty) Event {
	return Event{Date: d, Jurisdiction: j, Kind: k, Duty: &EventDuty{
		ID: du.ID, Instrument: du.Instrument, Title: du.Title, Cite: du.Cite, Status: du.Status,
	}}
}

// activeAt returns the duties of r that apply on date d: those in force,
// and advisory ones whose from date has come.
func activeAt(r *risk.Result, d risk.Date) map[string]risk.Duty {
	m := map[string]risk.Duty{}
	if r == nil {
		return m
	}
	for _, du := range r.Duties {
		if du.OtherRole {
			continue
		}
		if du.Status == risk.DutyInForce || (du.Status == risk.DutyAdvisory && !du.From.After(d)) {
			m[du.ID] = du
		}
	}
	return m
}

// Changes returns the events on one date.
func (t *Timeline) Changes(d risk.Date) []Event {
	var out []Event
	for _, ev := range t.Events {
		if ev.Date == d {
			out = append(out, ev)
		}
	}
	return slices.Clip(out)
}
