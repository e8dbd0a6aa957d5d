package plan_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/airisk/airisk/plan"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eventStrings renders events as "date jurisdiction kind subject".
func eventStrings(evs []plan.Event) []string {
	var out []string
	for _, ev := range evs {
		s := fmt.Sprintf("%s %s %s", ev.Date, ev.Jurisdiction, ev.Kind)
		if ev.Duty != nil {
			s += " " + ev.Duty.ID
		} else {
			s += " " + ev.NewTier.Label
		}
		out = append(out, s)
	}
	return out
}

func TestTimeline(t *testing.T) {
	e := engine(t, "v1")
	p := profile(t, e)
	tests := []struct {
		name, reason string
		opts         plan.TimelineOptions
		start        string
		contains     []string
		excludes     []string
	}{
		{
			name: "all dates", reason: "every from, until and rule date of the rules is visited",
			start: "2019-06-30",
			contains: []string{
				"2019-07-01 US-CA starts xca.bot_notice",
				"2022-03-01 CN starts xcn.filing",
				"2023-01-26 US starts xus.govern",
				"2025-09-01 CN starts xcn.explicit_label",
				"2026-08-02 EU tier high_risk",
				"2026-08-02 EU starts xeu.risk_management",
				"2027-01-01 US-CA enforceable xca.latent_disclosure",
				"2026-12-31 US-CA ends xca.bot_notice",
			},
		},
		{
			name: "since", reason: "with a baseline date, earlier changes are not listed",
			opts:     plan.TimelineOptions{Since: risk.MustDate("2026-01-01"), Until: risk.MustDate("2026-12-31")},
			start:    "2026-01-01",
			contains: []string{"2026-08-02 EU tier high_risk", "2026-12-31 US-CA ends xca.bot_notice"},
			excludes: []string{"2022-03-01 CN starts xcn.filing", "2026-01-01 US-CA starts xca.impact_assessment", "2027-01-01 US-CA enforceable xca.latent_disclosure"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl, err := plan.BuildTimeline(context.Background(), e, p, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.start, tl.Start.String())
			got := eventStrings(tl.Events)
			for _, s := range tc.contains {
				assert.Contains(t, got, s, tc.reason)
			}
			for _, s := range tc.excludes {
				assert.NotContains(t, got, s, tc.reason)
			}
			for i := 1; i < len(tl.Events); i++ {
				assert.False(t, tl.Events[i].Date.Before(tl.Events[i-1].Date), "events in date order")
			}
		})
	}
}

func TestTimelineGolden(t *testing.T) {
	e := engine(t, "v1")
	tl, err := plan.BuildTimeline(context.Background(), e, profile(t, e), plan.TimelineOptions{})
	require.NoError(t, err)
	var txt, js bytes.Buffer
	require.NoError(t, plan.WriteTimelineText(&txt, tl))
	require.NoError(t, plan.WriteJSON(&js, tl))
	golden(t, "timeline.txt", txt.Bytes())
	golden(t, "timeline.json", js.Bytes())
}

func diffStrings(d *plan.Diff) []string {
	var out []string
	for _, j := range d.Jurisdictions {
		if j.TierChanged {
			out = append(out, fmt.Sprintf("%s tier %s -> %s", j.Code, label(j.OldTier), label(j.NewTier)))
		}
		for _, c := range j.Duties {
			out = append(out, fmt.Sprintf("%s %s %s", j.Code, c.Change, c.ID))
		}
	}
	return out
}

func label(t *risk.Tier) string {
	if t == nil {
		return "-"
	}
	return t.Label
}

func TestCompare(t *testing.T) {
	v1, v2 := engine(t, "v1"), engine(t, "v2")
	p1, p2 := profile(t, v1), profile(t, v2)
	tests := []struct {
		name, reason string
		old, new     *risk.Report
		want         []string
	}{
		{
			name: "dates", reason: "the EU Annex III date (2026-08-02) and California's bot-notice sunset (2026-12-31) pass between the dates",
			old: assess(t, v1, p1, "2026-07-01"), new: assess(t, v1, p1, "2027-01-01"),
			want: []string{
				"EU tier transparency -> high_risk",
				"EU now_in_force xeu.disclose_bot",
				"EU now_in_force xeu.human_oversight",
				"EU now_in_force xeu.label_content",
				"EU now_in_force xeu.risk_management",
				"US-CA now_in_force xca.latent_disclosure",
				"US-CA removed xca.bot_notice",
			},
		},
		{
			name: "same date", reason: "nothing changes between an assessment and itself",
			old: assess(t, v1, p1, "2026-11-30"), new: assess(t, v1, p1, "2026-11-30"),
		},
		{
			name: "rules", reason: "the rule update moves the EU Annex III date to 2027-12-02, adds a registration duty and drops California's bias audit",
			old: assess(t, v1, p1, "2026-11-30"), new: assess(t, v2, p2, "2026-11-30"),
			want: []string{
				"EU tier high_risk -> transparency",
				"EU added xeu.register",
				"EU status xeu.human_oversight",
				"EU status xeu.risk_management",
				"US-CA removed xca.bias_audit",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(tc.old, tc.new)
			assert.Equal(t, tc.want, diffStrings(d), tc.reason)
			assert.Equal(t, len(tc.want) > 0, d.Changed())
		})
	}
}

func TestDiffGolden(t *testing.T) {
	v1, v2 := engine(t, "v1"), engine(t, "v2")
	d := plan.Compare(assess(t, v1, profile(t, v1), "2026-11-30"), assess(t, v2, profile(t, v2), "2026-11-30"))
	d.Old.Label, d.New.Label = "v1", "v2"
	var b bytes.Buffer
	require.NoError(t, plan.WriteDiffText(&b, d))
	golden(t, "diff.txt", b.Bytes())
}
