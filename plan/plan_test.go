package plan_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/airisk/airisk/plan"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// engine builds an engine from a rules directory under testdata/rules.
func engine(t testing.TB, version string) *risk.Engine {
	t.Helper()
	e, err := risk.New(os.DirFS(filepath.Join("testdata", "rules", version)))
	require.NoError(t, err, "testdata/rules/%s must load", version)
	return e
}

func profile(t testing.TB, e *risk.Engine) *risk.Profile {
	t.Helper()
	data, err := os.ReadFile("testdata/profile.yaml")
	require.NoError(t, err)
	p, err := e.ParseProfile("profile.yaml", data)
	require.NoError(t, err)
	return p
}

func testControls(t testing.TB) *plan.Controls {
	t.Helper()
	data, err := os.ReadFile("testdata/controls.yaml")
	require.NoError(t, err)
	c, err := plan.ParseControls("controls.yaml", data)
	require.NoError(t, err)
	return c
}

func assess(t testing.TB, e *risk.Engine, p *risk.Profile, asOf string) *risk.Report {
	t.Helper()
	r, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate(asOf)})
	require.NoError(t, err)
	return r
}

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file: run go test ./plan -update")
	assert.Equal(t, string(want), string(got), "%s differs; if the change is right, run go test ./plan -update", path)
}

func TestBuild(t *testing.T) {
	e := engine(t, "v1")
	p := profile(t, e)
	ctl := testControls(t)
	tests := []struct {
		name, reason, asOf string
		// action id -> jurisdictions it covers
		actions  map[string][]string
		priority []string // high-risk jurisdictions; nil for no priority view
		first    []string // first actions of the priority view
		status   map[string]risk.DutyStatus
	}{
		{
			name: "before-annex-iii", asOf: "2026-03-01",
			reason: "before 2026-08-02 the EU recruitment rule is upcoming, so only California and China deem the system high-risk",
			actions: map[string][]string{
				"label-content": {"CN", "EU", "US-CA"}, "disclose-bot": {"EU", "US-CA"},
				"assess-risks": {"EU", "US-CA"}, "xcn.filing": {"CN"}, "xca.bias_audit": {"US-CA"},
				"xeu.human_oversight": {"EU"}, "xeu.literacy": {"EU"}, "xus.govern": {"US"},
			},
			priority: []string{"CN", "US-CA"},
			first:    []string{"xcn.filing", "assess-risks", "xca.bias_audit"},
			status: map[string]risk.DutyStatus{
				"label-content": risk.DutyInForce, "assess-risks": risk.DutyInForce,
				"xeu.human_oversight": risk.DutyUpcoming, "xus.govern": risk.DutyAdvisory,
			},
		},
		{
			name: "after-annex-iii", asOf: "2026-11-30",
			reason: "from 2026-08-02 the EU deems recruitment high-risk too, so three markets agree",
			actions: map[string][]string{
				"label-content": {"CN", "EU", "US-CA"}, "assess-risks": {"EU", "US-CA"},
			},
			priority: []string{"CN", "EU", "US-CA"},
			first:    []string{"assess-risks", "xcn.filing", "xca.bias_audit", "xeu.human_oversight"},
			status: map[string]risk.DutyStatus{
				"assess-risks": risk.DutyInForce, "xeu.human_oversight": risk.DutyInForce,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pl := plan.Build(assess(t, e, p, tc.asOf), ctl)
			for id, js := range tc.actions {
				a := pl.Action(id)
				if assert.NotNil(t, a, "%s: action %s missing: %s", tc.name, id, tc.reason) {
					assert.Equal(t, js, a.Jurisdictions, "%s: %s", id, tc.reason)
				}
			}
			for id, st := range tc.status {
				if a := pl.Action(id); assert.NotNil(t, a, id) {
					assert.Equal(t, st, a.Status, "%s: status: %s", id, tc.reason)
				}
			}
			if tc.priority == nil {
				assert.Nil(t, pl.Priority, tc.reason)
				return
			}
			require.NotNil(t, pl.Priority, tc.reason)
			var got []string
			for _, h := range pl.Priority.Jurisdictions {
				got = append(got, h.Code)
				assert.NotEmpty(t, h.Because, "%s: the citation behind the tier", h.Code)
			}
			assert.Equal(t, tc.priority, got, tc.reason)
			assert.Equal(t, tc.first, pl.Priority.Actions, tc.reason)
		})
	}
}

func TestBuildInvariants(t *testing.T) {
	e := engine(t, "v1")
	p := profile(t, e)
	rep := assess(t, e, p, "2026-11-30")
	total := 0
	for _, r := range rep.Results {
		total += len(r.Duties)
	}
	for _, tc := range []struct {
		name     string
		controls *plan.Controls
		actions  int
	}{
		{"no controls: one action per duty", nil, total},
		{"controls merge 7 duties into 3 actions", testControls(t), total - 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := plan.Build(rep, tc.controls)
			assert.Equal(t, total, pl.Duties, "every duty is covered once")
			assert.Equal(t, tc.actions, pl.Actions)
			seen := map[string]bool{}
			for gi, g := range pl.Principles {
				if gi > 0 {
					assert.Less(t, index(pl.Principles[gi-1].Principle), index(g.Principle), "principles in risk.Principles order")
				}
				for i, a := range g.Actions {
					assert.Equal(t, g.Principle, a.Principle)
					for _, d := range a.Duties {
						assert.False(t, seen[d.ID], "duty %s appears twice", d.ID)
						seen[d.ID] = true
					}
					if i > 0 {
						prev := g.Actions[i-1]
						assert.GreaterOrEqual(t, prev.Severity, a.Severity, "%s before %s: by severity", prev.ID, a.ID)
						if prev.Severity == a.Severity && prev.Status != risk.DutyAdvisory && a.Status != risk.DutyAdvisory {
							assert.False(t, a.From.Before(prev.From), "%s before %s: by date", prev.ID, a.ID)
						}
					}
				}
			}
			assert.Len(t, seen, total)
		})
	}
}

func index(p risk.Principle) int {
	for i, x := range risk.Principles {
		if x == p {
			return i
		}
	}
	return -1
}

func TestPlanGolden(t *testing.T) {
	e := engine(t, "v1")
	pl := plan.Build(assess(t, e, profile(t, e), "2026-11-30"), testControls(t))
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"plan.txt", func(b *bytes.Buffer) error { return plan.WriteText(b, pl) }},
		{"plan.json", func(b *bytes.Buffer) error { return plan.WriteJSON(b, pl) }},
		{"plan.md", func(b *bytes.Buffer) error { return plan.WriteMarkdown(b, pl) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, tc.write(&b))
			golden(t, tc.file, b.Bytes())
		})
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

// TestEmptyInputs pins what a plan, a timeline and a diff say when there is
// nothing to plan: no panic, lists as [] rather than null in JSON, and the
// markets no rule set covers named in every format.
func TestEmptyInputs(t *testing.T) {
	e := engine(t, "v1")
	uncovered := &risk.Profile{Facts: risk.Facts{"markets": []string{"ZZ"}}}
	rep := assess(t, e, uncovered, "2027-01-01")

	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  []string
	}{
		{"nil-report-json", func(b *bytes.Buffer) error { return plan.WriteJSON(b, plan.Build(nil, nil)) },
			[]string{`"markets": []`, `"jurisdictions": []`, `"principles": []`}},
		{"nil-report-text", func(b *bytes.Buffer) error { return plan.WriteText(b, plan.Build(nil, nil)) },
			[]string{"0 actions cover 0 duties."}},
		{"uncovered-json", func(b *bytes.Buffer) error { return plan.WriteJSON(b, plan.Build(rep, nil)) },
			[]string{`"uncovered": [`, `"jurisdictions": []`, `"principles": []`}},
		{"uncovered-text", func(b *bytes.Buffer) error { return plan.WriteText(b, plan.Build(rep, nil)) },
			[]string{"no rule sets for: ZZ"}},
		{"uncovered-markdown", func(b *bytes.Buffer) error { return plan.WriteMarkdown(b, plan.Build(rep, nil)) },
			[]string{"No rule sets for: ZZ."}},
		{"diff-nil-old", func(b *bytes.Buffer) error { return plan.WriteDiffText(b, plan.Compare(nil, rep)) },
			[]string{"Changes for profile"}},
		{"timeline-json", func(b *bytes.Buffer) error {
			tl, err := plan.BuildTimeline(context.Background(), e, uncovered, plan.TimelineOptions{})
			if err != nil {
				return err
			}
			return plan.WriteJSON(b, tl)
		}, []string{`"tiers": []`, `"events": []`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NotPanics(t, func() { require.NoError(t, tc.write(&b)) })
			for _, s := range tc.want {
				assert.Contains(t, b.String(), s)
			}
			assert.NotContains(t, b.String(), "null")
		})
	}
	md := new(bytes.Buffer)
	require.NoError(t, plan.WriteMarkdown(md, plan.Build(rep, nil)))
	assert.NotContains(t, md.String(), "| Jurisdiction |", "no table without jurisdictions")

	_, err := plan.BuildTimeline(context.Background(), e, nil, plan.TimelineOptions{})
	assert.ErrorIs(t, err, risk.ErrInvalidProfile)
	_, err = plan.BuildTimeline(context.Background(), nil, uncovered, plan.TimelineOptions{})
	assert.Error(t, err)
}
