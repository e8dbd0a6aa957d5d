package gate_test

import (
	"context"
	"maps"
	"os"
	"testing"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testEngine builds the engine of testdata/rules, a small rule set that
// does not change when the bundled law does.
func testEngine(t testing.TB) *risk.Engine {
	t.Helper()
	e, err := risk.New(os.DirFS("testdata/rules"))
	require.NoError(t, err, "testdata rules must load")
	return e
}

// facts returns a profile's facts: a provider in Germany whose system
// triggers no rule but AI literacy, with extra facts layered on (a nil
// value removes a fact).
func facts(extra risk.Facts) risk.Facts {
	f := risk.Facts{
		"markets":                      []string{"DE"},
		"org.roles":                    []string{"provider"},
		"org.employees":                50,
		"system.interacts_with_people": false,
		"system.remote_biometric_id":   "none",
		"use.purposes":                 []string{},
	}
	maps.Copy(f, extra)
	for k, v := range f {
		if v == nil {
			delete(f, k)
		}
	}
	return f
}

func evidence(duties ...string) *gate.Evidence {
	ev := &gate.Evidence{}
	for _, d := range duties {
		ev.Items = append(ev.Items, gate.Item{Duty: d, Ref: "https://example.com/" + d})
	}
	return ev
}

// ids lists findings as "kind:id" for compact comparison.
func ids(fs []gate.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, string(f.Kind)+":"+f.ID)
	}
	return out
}

func TestCheck(t *testing.T) {
	e := testEngine(t)
	launch := risk.MustDate("2027-06-01")
	tests := []struct {
		name     string
		reason   string
		facts    risk.Facts
		evidence *gate.Evidence
		policy   gate.Policy
		launch   risk.Date
		verdict  gate.Verdict
		blockers []string
		warnings []string
		notes    []string
	}{
		{
			name: "launch", reason: "the only duty in force (Art. 4) has evidence",
			facts: facts(nil), evidence: evidence("gate.literacy"),
			verdict: gate.Launch, blockers: []string{}, warnings: []string{},
		},
		{
			name: "missing-evidence", reason: "Art. 4 AI literacy is in force on the launch date and nothing shows it is done",
			facts: facts(nil), verdict: gate.Block,
			blockers: []string{"missing_evidence:gate.literacy"}, warnings: []string{},
		},
		{
			name: "missing-evidence-before-duty-applies", reason: "before 2025-02-02 Art. 4 is upcoming: a warning, not a blocker",
			facts: facts(nil), launch: risk.MustDate("2025-01-15"), verdict: gate.Launch,
			blockers: []string{}, warnings: []string{"upcoming_duty:gate.literacy"},
		},
		{
			name: "prohibited", reason: "Art. 5(1)(h) prohibits real-time remote biometric identification, whatever the evidence",
			facts:    facts(risk.Facts{"system.remote_biometric_id": "realtime"}),
			evidence: evidence("gate.literacy", "gate.cease"), verdict: gate.Block,
			blockers: []string{"tier:prohibited"}, warnings: []string{},
		},
		{
			name: "prohibited-and-missing", reason: "every reason is reported, not only the first",
			facts:    facts(risk.Facts{"system.remote_biometric_id": "realtime"}),
			verdict:  gate.Block,
			blockers: []string{"tier:prohibited", "missing_evidence:gate.cease", "missing_evidence:gate.literacy"},
			warnings: []string{},
		},
		{
			name: "undetermined", reason: "Art. 5(1)(h) turns on remote biometric identification, which the profile leaves out: fail closed",
			facts: facts(risk.Facts{"system.remote_biometric_id": nil}), evidence: evidence("gate.literacy"),
			verdict: gate.Block, blockers: []string{"undetermined:undetermined"}, warnings: []string{},
		},
		{
			name: "undetermined-allowed", reason: "the policy accepts open questions: a warning",
			facts: facts(risk.Facts{"system.remote_biometric_id": nil}), evidence: evidence("gate.literacy"),
			policy:  gate.Policy{AllowUndetermined: true},
			verdict: gate.Launch, blockers: []string{}, warnings: []string{"undetermined:undetermined"},
		},
		{
			name: "advisory", reason: "guidance Sec. 2 recommends a code of conduct: advisory duties never block",
			facts:    facts(risk.Facts{"system.interacts_with_people": true}),
			evidence: evidence("gate.literacy", "gate.disclose"),
			verdict:  gate.Launch, blockers: []string{}, warnings: []string{"advisory_duty:gate.code_of_conduct"},
		},
		{
			name: "advisory-with-evidence", reason: "advisory duty with evidence is satisfied, no warning",
			facts:    facts(risk.Facts{"system.interacts_with_people": true}),
			evidence: evidence("gate.literacy", "gate.disclose", "gate.code_of_conduct"),
			verdict:  gate.Launch, blockers: []string{}, warnings: []string{},
		},
		{
			name: "upcoming-within-and-beyond", reason: "Art. 9 applies 62 days after launch (warning), Art. 12 in 428 days (note)",
			facts:    facts(risk.Facts{"use.purposes": []string{"recruitment"}}),
			evidence: evidence("gate.literacy"), verdict: gate.Launch, blockers: []string{},
			warnings: []string{"upcoming_duty:gate.risk_management"},
			notes:    []string{"upcoming_duty:gate.logging"},
		},
		{
			name: "warn-days-narrow", reason: "a 30-day window leaves Art. 9 (62 days) as a note",
			facts:    facts(risk.Facts{"use.purposes": []string{"recruitment"}}),
			evidence: evidence("gate.literacy"), policy: gate.Policy{WarnDays: 30},
			verdict: gate.Launch, blockers: []string{}, warnings: []string{},
			notes: []string{"upcoming_duty:gate.risk_management", "upcoming_duty:gate.logging"},
		},
		{
			name: "warn-days-wide", reason: "a 500-day window warns of Art. 12 too",
			facts:    facts(risk.Facts{"use.purposes": []string{"recruitment"}}),
			evidence: evidence("gate.literacy"), policy: gate.Policy{WarnDays: 500},
			verdict: gate.Launch, blockers: []string{},
			warnings: []string{"upcoming_duty:gate.risk_management", "upcoming_duty:gate.logging"},
		},
		{
			name: "warn-days-negative", reason: "a negative window warns of no upcoming duty",
			facts:    facts(risk.Facts{"use.purposes": []string{"recruitment"}}),
			evidence: evidence("gate.literacy"), policy: gate.Policy{WarnDays: -1},
			verdict: gate.Launch, blockers: []string{}, warnings: []string{},
			notes: []string{"upcoming_duty:gate.risk_management", "upcoming_duty:gate.logging"},
		},
		{
			name: "block-at-high", reason: "Annex III 4(a) makes recruitment high-risk; the policy blocks high tiers",
			facts:    facts(risk.Facts{"use.purposes": []string{"recruitment"}}),
			evidence: evidence("gate.literacy"), policy: gate.Policy{BlockAt: risk.SeverityHigh},
			verdict: gate.Block, blockers: []string{"tier:high"},
			warnings: []string{"upcoming_duty:gate.risk_management"},
			notes:    []string{"upcoming_duty:gate.logging"},
		},
		{
			name: "block-at-high-prohibited", reason: "blocking at high also blocks a prohibited tier",
			facts:    facts(risk.Facts{"system.remote_biometric_id": "realtime"}),
			evidence: evidence("gate.literacy", "gate.cease"), policy: gate.Policy{BlockAt: risk.SeverityHigh},
			verdict: gate.Block, blockers: []string{"tier:prohibited"}, warnings: []string{},
		},
		{
			name: "rule-error", reason: "rule spam-size divides by zero for 13 employees: fail closed",
			facts:    facts(risk.Facts{"use.purposes": []string{"spam_filtering"}, "org.employees": 13}),
			evidence: evidence("gate.literacy"), verdict: gate.Block,
			blockers: []string{"rule_error:rule_error"}, warnings: []string{},
		},
		{
			name: "rule-error-not-waived", reason: "allowing undetermined answers does not waive a failed rule",
			facts:    facts(risk.Facts{"use.purposes": []string{"spam_filtering"}, "org.employees": 13}),
			evidence: evidence("gate.literacy"), policy: gate.Policy{AllowUndetermined: true},
			verdict: gate.Block, blockers: []string{"rule_error:rule_error"}, warnings: []string{},
		},
		{
			name: "uncovered-market", reason: "no rule set covers JP: a warning that the gate cannot speak for it",
			facts:    facts(risk.Facts{"markets": []string{"DE", "JP"}}),
			evidence: evidence("gate.literacy"), verdict: gate.Launch,
			blockers: []string{}, warnings: []string{"uncovered:uncovered"},
		},
		{
			name: "several-markets", reason: "Sec. 3 of the state act binds in US-CA too: evidence per duty",
			facts:    facts(risk.Facts{"markets": []string{"DE", "US-CA"}, "system.interacts_with_people": true}),
			evidence: evidence("gate.literacy", "gate.disclose"), verdict: gate.Block,
			blockers: []string{"missing_evidence:gate.ca_bot_notice"},
			warnings: []string{"advisory_duty:gate.code_of_conduct"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			day := launch
			if !tc.launch.IsZero() {
				day = tc.launch
			}
			d, err := gate.Check(context.Background(), e, &risk.Profile{Name: tc.name, Facts: tc.facts}, tc.evidence, day, tc.policy)
			require.NoError(t, err, "%s: %s", tc.name, tc.reason)
			assert.Equal(t, tc.verdict, d.Verdict, "%s: %s", tc.name, tc.reason)
			assert.Equal(t, tc.blockers, ids(d.Blockers), "blockers: %s", tc.reason)
			assert.Equal(t, tc.warnings, ids(d.Warnings), "warnings: %s", tc.reason)
			if tc.notes == nil {
				tc.notes = []string{}
			}
			assert.Equal(t, tc.notes, ids(d.Notes), "notes: %s", tc.reason)
			assert.Equal(t, gate.DecisionSchema, d.Schema)
			assert.Equal(t, day, d.LaunchDate)
			assert.Equal(t, len(d.Blockers) == 0, d.Launchable())
		})
	}
}

// TestFindingDetails checks what each kind of finding carries: citations,
// rule positions, dates and questions.
func TestFindingDetails(t *testing.T) {
	e := testEngine(t)
	launch := risk.MustDate("2027-06-01")
	check := func(f risk.Facts, ev *gate.Evidence, pol gate.Policy) *gate.Decision {
		t.Helper()
		d, err := gate.Check(context.Background(), e, &risk.Profile{Facts: f}, ev, launch, pol)
		require.NoError(t, err)
		return d
	}

	t.Run("prohibited", func(t *testing.T) {
		d := check(facts(risk.Facts{"system.remote_biometric_id": "realtime"}), evidence("gate.literacy", "gate.cease"), gate.Policy{})
		require.Len(t, d.Blockers, 1)
		f := d.Blockers[0]
		assert.Equal(t, "EU", f.Jurisdiction)
		assert.Equal(t, "gate.act", f.Instrument)
		assert.Equal(t, "Test Regulation 7/2024, Art. 5(1)(h)", f.Cite)
		require.Len(t, f.Rules, 1)
		assert.Equal(t, "realtime-rbi", f.Rules[0].Rule)
		assert.Equal(t, "eu/act.yaml", f.Rules[0].Pos.File)
		assert.Positive(t, f.Rules[0].Pos.Line)
		assert.Contains(t, f.Message, "prohibited")
		assert.Len(t, d.Satisfied, 2, "the evidence is recorded against the duties")
		assert.Equal(t, "gate.cease", d.Satisfied[0].Duty)
		assert.Equal(t, "https://example.com/gate.cease", d.Satisfied[0].Ref)
	})

	t.Run("missing-evidence", func(t *testing.T) {
		d := check(facts(risk.Facts{"system.interacts_with_people": true}), evidence("gate.literacy"), gate.Policy{})
		require.Len(t, d.Blockers, 1)
		f := d.Blockers[0]
		assert.Equal(t, gate.KindMissingEvidence, f.Kind)
		assert.Equal(t, "gate.disclose", f.ID)
		assert.Equal(t, "Test Regulation 7/2024, Art. 50(1)", f.Cite)
		assert.Equal(t, risk.MustDate("2026-08-02"), f.From)
		require.Len(t, f.Rules, 1)
		assert.Equal(t, "chatbot", f.Rules[0].Rule)
		assert.Positive(t, f.Rules[0].Pos.Line)
	})

	t.Run("grace-period", func(t *testing.T) {
		d, err := gate.Check(context.Background(), e, &risk.Profile{Facts: facts(risk.Facts{"system.interacts_with_people": true})},
			evidence("gate.literacy"), risk.MustDate("2026-09-01"), gate.Policy{})
		require.NoError(t, err)
		require.Len(t, d.Blockers, 1, "a duty in its grace period is in force and still blocks")
		assert.Contains(t, d.Blockers[0].Message, "enforceable from 2027-02-02")
	})

	t.Run("undetermined", func(t *testing.T) {
		d := check(facts(risk.Facts{"system.remote_biometric_id": nil}), evidence("gate.literacy"), gate.Policy{})
		require.Len(t, d.Blockers, 1)
		f := d.Blockers[0]
		require.NotEmpty(t, f.Questions)
		assert.Equal(t, "system.remote_biometric_id", f.Questions[0].Fact)
		assert.Contains(t, f.Message, "could be prohibited")
		assert.Equal(t, []gate.RuleRef{{Instrument: "gate.act", Rule: "realtime-rbi"}}, f.Rules)
		require.Len(t, d.Jurisdictions, 1)
		assert.False(t, d.Jurisdictions[0].Determined)
	})

	t.Run("rule-error", func(t *testing.T) {
		d := check(facts(risk.Facts{"use.purposes": []string{"spam_filtering"}, "org.employees": 13}), evidence("gate.literacy"), gate.Policy{})
		require.Len(t, d.Blockers, 1)
		f := d.Blockers[0]
		require.Len(t, f.Rules, 1)
		assert.Equal(t, "spam-size", f.Rules[0].Rule)
		assert.Equal(t, "eu/act.yaml", f.Rules[0].Pos.File)
		assert.Contains(t, f.Message, "division by zero")
	})
}

func TestDecideInputs(t *testing.T) {
	e := testEngine(t)
	launch := risk.MustDate("2027-06-01")
	p := &risk.Profile{Facts: facts(risk.Facts{"markets": []string{"DE", "FR"}})}
	rep, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: launch})
	require.NoError(t, err)

	_, err = gate.Decide(rep, launch, []string{"FR", "DE"}, evidence("gate.literacy"), gate.Policy{})
	assert.NoError(t, err, "the target markets are a set")

	tests := []struct {
		name    string
		launch  risk.Date
		markets []string
		policy  gate.Policy
		want    string
	}{
		{"other-date", risk.MustDate("2027-07-01"), nil, gate.Policy{}, "assessed as of 2027-06-01, not the launch date 2027-07-01"},
		{"other-markets", launch, []string{"DE"}, gate.Policy{}, "assessed for markets [DE, FR], not the target markets [DE]"},
		{"no-date", risk.Date{}, nil, gate.Policy{}, "no launch date"},
		{"block-at-none", launch, nil, gate.Policy{BlockAt: risk.SeverityNone}, "block_at none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := gate.Decide(rep, tc.launch, tc.markets, nil, tc.policy)
			require.ErrorIs(t, err, gate.ErrInvalidInput)
			assert.Contains(t, err.Error(), tc.want)
		})
	}

	_, err = gate.Check(context.Background(), e, p, nil, risk.Date{}, gate.Policy{})
	assert.ErrorIs(t, err, gate.ErrInvalidInput, "Check needs a launch date")
	assert.NotPanics(t, func() {
		_, err = gate.Check(context.Background(), nil, p, nil, launch, gate.Policy{})
	})
	assert.ErrorIs(t, err, gate.ErrInvalidInput, "Check needs an engine")
	_, err = gate.Check(context.Background(), e, p, evidence("gate.literacyy"), launch, gate.Policy{})
	assert.ErrorIs(t, err, gate.ErrInvalidEvidence, "Check validates evidence built in Go")
	_, err = gate.Check(context.Background(), e, &risk.Profile{Facts: risk.Facts{"markets": []string{"DE"}, "org.rolez": []string{"x"}}}, nil, launch, gate.Policy{})
	assert.ErrorIs(t, err, risk.ErrInvalidProfile)
}

// TestDefaultPolicy records the strict default in the decision.
func TestDefaultPolicy(t *testing.T) {
	e := testEngine(t)
	d, err := gate.Check(context.Background(), e, &risk.Profile{Facts: facts(nil)}, nil, risk.MustDate("2027-06-01"), gate.Policy{})
	require.NoError(t, err)
	assert.Equal(t, gate.Policy{BlockAt: risk.SeverityProhibited, WarnDays: gate.DefaultWarnDays}, d.Policy)
}
