package plan

import (
	"sort"

	"github.com/airisk/airisk/risk"
)

// DiffSchema identifies the version of the JSON form of [Diff].
const DiffSchema = "airisk.diff/v1"

// Diff is what changes for a profile between two assessments: two dates,
// or two versions of the rules.
type Diff struct {
	// Schema is [DiffSchema].
	Schema  string `json:"schema"`
	Profile string `json:"profile,omitempty"`
	// Old and New describe the two assessments.
	Old Side `json:"old"`
	New Side `json:"new"`
	// Jurisdictions lists the jurisdictions where something changed,
	// ordered by code.
	Jurisdictions []JurisdictionChange `json:"jurisdictions"`
}

// Side is one of the two assessments a [Diff] compares.
type Side struct {
	AsOf risk.Date `json:"as_of"`
	// Label says what the side is, such as the rules directory; it may be
	// empty.
	Label string `json:"label,omitempty"`
}

// JurisdictionChange is what changes in one jurisdiction.
type JurisdictionChange struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
	// OldTier and NewTier are the tiers; nil when the jurisdiction was not
	// assessed on that side (the rules had no rule set for it).
	OldTier *risk.Tier `json:"old_tier,omitempty"`
	NewTier *risk.Tier `json:"new_tier,omitempty"`
	// TierChanged is true when the tier's label, severity or instrument
	// differ.
	TierChanged bool `json:"tier_changed"`
	// Duties are the duties that changed, ordered by change, then id.
	Duties []DutyChange `json:"duties,omitempty"`
}

// ChangeKind says how a duty changed.
type ChangeKind string

// The kinds of duty change.
const (
	// DutyAdded: the duty is new.
	DutyAdded ChangeKind = "added"
	// DutyRemoved: the duty no longer follows.
	DutyRemoved ChangeKind = "removed"
	// DutyNowInForce: the duty was upcoming and is now in force.
	DutyNowInForce ChangeKind = "now_in_force"
	// DutyStatusChanged: another change of status, such as in force to
	// upcoming when the new side is earlier or a date moved.
	DutyStatusChanged ChangeKind = "status"
	// DutyDatesChanged: same status, but the duty's dates moved.
	DutyDatesChanged ChangeKind = "dates"
)

var changeOrder = map[ChangeKind]int{DutyAdded: 0, DutyNowInForce: 1, DutyStatusChanged: 2, DutyDatesChanged: 3, DutyRemoved: 4}

// DutyChange is one duty that changed.
type DutyChange struct {
	Change     ChangeKind `json:"change"`
	ID         string     `json:"id"`
	Instrument string     `json:"instrument"`
	Title      string     `json:"title"`
	Cite       string     `json:"cite"`
	// OldStatus and OldFrom are empty for an added duty; NewStatus and
	// NewFrom for a removed one.
	OldStatus risk.DutyStatus `json:"old_status,omitempty"`
	NewStatus risk.DutyStatus `json:"new_status,omitempty"`
	OldFrom   risk.Date       `json:"old_from,omitzero"`
	NewFrom   risk.Date       `json:"new_from,omitzero"`
}

// Changed reports whether anything changed.
func (d *Diff) Changed() bool { return len(d.Jurisdictions) > 0 }

// Compare returns what changes from the old report to the new one. The
// reports are normally of the same profile, as of two dates or under two
// versions of the rules. A nil report counts as one with no results.
func Compare(old, new *risk.Report) *Diff {
	if old == nil {
		old = &risk.Report{}
	}
	if new == nil {
		new = &risk.Report{Profile: old.Profile}
	}
	d := &Diff{Schema: DiffSchema, Profile: new.Profile, Old: Side{AsOf: old.AsOf}, New: Side{AsOf: new.AsOf},
		Jurisdictions: []JurisdictionChange{}}
	codes := map[string]bool{}
	for _, r := range old.Results {
		codes[r.Jurisdiction] = true
	}
	for _, r := range new.Results {
		codes[r.Jurisdiction] = true
	}
	list := make([]string, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	sort.Strings(list)
	for _, code := range list {
		o, n := old.Result(code), new.Result(code)
		jc := JurisdictionChange{Code: code}
		if o != nil {
			t := o.Tier
			jc.OldTier, jc.Name = &t, o.Name
		}
		if n != nil {
			t := n.Tier
			jc.NewTier, jc.Name = &t, n.Name
		}
		jc.TierChanged = jc.OldTier == nil || jc.NewTier == nil || *jc.OldTier != *jc.NewTier
		jc.Duties = compareDuties(o, n)
		if jc.TierChanged || len(jc.Duties) > 0 {
			d.Jurisdictions = append(d.Jurisdictions, jc)
		}
	}
	return d
}

func dutiesOf(r *risk.Result) map[string]risk.Duty {
	m := map[string]risk.Duty{}
	if r != nil {
		for _, d := range r.Duties {
			m[d.ID] = d
		}
	}
	return m
}

func compareDuties(o, n *risk.Result) []DutyChange {
	om, nm := dutiesOf(o), dutiesOf(n)
	var out []DutyChange
	for id, nd := range nm {
		c := DutyChange{ID: id, Instrument: nd.Instrument, Title: nd.Title, Cite: nd.Cite, NewStatus: nd.Status, NewFrom: nd.From}
		od, ok := om[id]
		switch {
		case !ok:
			c.Change = DutyAdded
		case od.Status == risk.DutyUpcoming && nd.Status == risk.DutyInForce:
			c.Change = DutyNowInForce
		case od.Status != nd.Status:
			c.Change = DutyStatusChanged
		case od.From != nd.From || od.Until != nd.Until:
			c.Change = DutyDatesChanged
		default:
			continue
		}
		if ok {
			c.OldStatus, c.OldFrom = od.Status, od.From
		}
		out = append(out, c)
	}
	for id, od := range om {
		if _, ok := nm[id]; !ok {
			out = append(out, DutyChange{Change: DutyRemoved, ID: id, Instrument: od.Instrument, Title: od.Title, Cite: od.Cite,
				OldStatus: od.Status, OldFrom: od.From})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Change != out[j].Change {
			return changeOrder[out[i].Change] < changeOrder[out[j].Change]
		}
		return out[i].ID < out[j].ID
	})
	return out
}
