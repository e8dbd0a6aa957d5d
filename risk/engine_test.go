package risk_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testEngine builds the engine of testdata/rules, a small stand-in for the
// bundled rules that exercises every engine feature.
func testEngine(t testing.TB) *risk.Engine {
	t.Helper()
	e, err := risk.New(os.DirFS("testdata/rules"))
	require.NoError(t, err, "testdata rules must load")
	return e
}

func dutyIDs(r *risk.Result) []string {
	var out []string
	for _, d := range r.Duties {
		out = append(out, d.ID+":"+string(d.Status))
	}
	return out
}

func questionFacts(r *risk.Result) []string {
	var out []string
	for _, q := range r.Questions {
		out = append(out, q.Fact)
	}
	return out
}

func TestAssess(t *testing.T) {
	e := testEngine(t)
	base := func(extra risk.Facts) risk.Facts {
		f := risk.Facts{
			"markets":                      []string{"DE"},
			"org.roles":                    []string{"provider"},
			"system.infers_outputs":        true,
			"system.remote_biometric_id":   "none",
			"use.purposes":                 []string{},
			"system.interacts_with_people": false,
			"model.training_flops":         1e20,
			"org.employees":                50,
			"use.narrow_procedural_task":   false,
		}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	tests := []struct {
		name       string
		reason     string
		facts      risk.Facts
		asOf       string
		tier       string
		possible   string
		determined bool
		duties     []string
		questions  []string
		matches    []string
	}{
		{
			name: "minimal", reason: "no rule but Art. 4 matches: default tier",
			facts: base(nil), tier: "minimal", possible: "minimal", determined: true,
			duties: []string{"literacy:in_force"}, matches: []string{"literacy"},
		},
		{
			name: "prohibited", reason: "Art. 5(1)(h): real-time RBI in public spaces for law enforcement",
			facts: base(risk.Facts{"system.remote_biometric_id": "realtime", "use.public_space": true, "use.law_enforcement": true}),
			tier:  "prohibited", possible: "prohibited", determined: true,
			duties: []string{"literacy:in_force"}, matches: []string{"literacy", "rbi"},
		},
		{
			name: "high risk with upcoming duties", reason: "Annex III 4(a): classified now, duties from 2027-12-02",
			facts: base(risk.Facts{"use.purposes": []string{"recruitment"}}),
			tier:  "high_risk", possible: "high_risk", determined: true,
			duties: []string{"literacy:in_force", "risk-management:upcoming"},
		},
		{
			name: "high risk after the date", reason: "Art. 9 applies from 2027-12-02",
			facts: base(risk.Facts{"use.purposes": []string{"recruitment"}}), asOf: "2028-01-01",
			tier: "high_risk", possible: "high_risk", determined: true,
			duties: []string{"literacy:in_force", "risk-management:in_force"},
		},
		{
			name: "deployer sees deployer duties", reason: "Art. 26 binds deployers, Art. 9 providers",
			facts: base(risk.Facts{"use.purposes": []string{"recruitment"}, "org.roles": []string{"deployer"}}),
			tier:  "high_risk", possible: "high_risk", determined: true,
			duties: []string{"deployer-oversight:upcoming"},
		},
		{
			name: "unknown purpose is undetermined", reason: "a missing fact is unknown: it could make the system high-risk",
			facts: func() risk.Facts { f := base(nil); delete(f, "use.purposes"); return f }(),
			tier:  "minimal", possible: "high_risk", determined: false,
			duties: []string{"literacy:in_force"}, questions: []string{"use.purposes", "use.law_enforcement"},
		},
		{
			name: "unknown fact that cannot matter is not asked", reason: "use.public_space only matters for real-time RBI",
			facts: base(nil), tier: "minimal", possible: "minimal", determined: true,
			duties: []string{"literacy:in_force"},
		},
		{
			name: "prohibited stays prohibited when other facts are missing", reason: "missing facts never lower a tier",
			facts: func() risk.Facts {
				f := base(risk.Facts{"system.remote_biometric_id": "realtime", "use.public_space": true, "use.law_enforcement": true})
				delete(f, "system.interacts_with_people")
				return f
			}(),
			tier: "prohibited", possible: "prohibited", determined: false,
			duties: []string{"literacy:in_force"}, questions: []string{"system.interacts_with_people"},
		},
		{
			name: "excluded", reason: "Art. 3(1): not an AI system",
			facts: base(risk.Facts{"system.infers_outputs": false, "use.purposes": []string{"recruitment"}}),
			tier:  "out_of_scope", possible: "out_of_scope", determined: true,
		},
		{
			name: "unknown exclusion is asked", reason: "whether it is an AI system decides everything",
			facts: func() risk.Facts { f := base(nil); delete(f, "system.infers_outputs"); return f }(),
			tier:  "minimal", possible: "minimal", determined: false,
			duties: []string{"literacy:in_force"}, questions: []string{"system.infers_outputs"},
		},
		{
			name: "designation", reason: "Art. 51(2): more than 1e25 FLOP",
			facts: base(risk.Facts{"model.training_flops": 3e25}),
			tier:  "minimal", possible: "minimal", determined: true,
			duties: []string{"literacy:in_force", "notify:in_force"},
		},
		{
			name: "ban before its date is upcoming", reason: "Art. 5(1a) applies from 2026-12-02",
			facts: base(risk.Facts{"use.purposes": []string{"spam_filtering"}, "org.employees": 200000}), asOf: "2026-10-01",
			tier: "minimal", possible: "minimal", determined: true,
			duties: []string{"literacy:in_force"}, matches: []string{"literacy", "new-ban"},
		},
		{
			name: "ban after its date", reason: "Art. 5(1a) applies from 2026-12-02",
			facts: base(risk.Facts{"use.purposes": []string{"spam_filtering"}, "org.employees": 200000}), asOf: "2026-12-03",
			tier: "prohibited", possible: "prohibited", determined: true,
			duties: []string{"literacy:in_force"},
		},
		{
			name: "roles unknown", reason: "which duties bind depends on the roles",
			facts: func() risk.Facts { f := base(nil); delete(f, "org.roles"); return f }(),
			tier:  "minimal", possible: "minimal", determined: false,
			duties: []string{"literacy:in_force"}, questions: []string{"org.roles"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")}
			if tc.asOf != "" {
				opts.AsOf = risk.MustDate(tc.asOf)
			}
			rep, err := e.Assess(context.Background(), &risk.Profile{Name: tc.name, Facts: tc.facts}, opts)
			require.NoError(t, err)
			res := rep.Result("EU")
			require.NotNil(t, res, "%s: no EU result", tc.name)
			assert.Equal(t, tc.tier, res.Tier.Label, "%s: %s", tc.name, tc.reason)
			assert.Equal(t, tc.possible, res.PossibleTier.Label, "%s: possible tier: %s", tc.name, tc.reason)
			assert.Equal(t, tc.determined, res.Determined, "%s: %s (questions %v)", tc.name, tc.reason, questionFacts(res))
			assert.Equal(t, tc.duties, dutyIDs(res), "%s: %s", tc.name, tc.reason)
			assert.Equal(t, tc.questions, questionFacts(res), "%s: %s", tc.name, tc.reason)
			if tc.matches != nil {
				var got []string
				for _, m := range res.Matches {
					got = append(got, m.Rule)
				}
				assert.Equal(t, tc.matches, got, "%s: %s", tc.name, tc.reason)
			}
			assert.Empty(t, res.Errors)
		})
	}
}

func TestAssessInstruments(t *testing.T) {
	e := testEngine(t)
	rep, err := e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{
		"markets": []string{"FR", "US-CA", "BR"}, "org.roles": []string{"deployer"},
		"system.infers_outputs": true, "system.remote_biometric_id": "none", "use.purposes": []string{"recruitment"},
		"system.interacts_with_people": false, "model.training_flops": 0.0, "org.employees": 10,
	}}, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
	require.NoError(t, err)

	assert.Equal(t, []string{"BR"}, rep.Uncovered, "no rule set reaches Brazil")
	assert.Equal(t, []string{"BR", "EU", "FR", "US", "US-CA"}, e.ExpandMarkets([]string{"FR", "US-CA", "BR"}),
		"a member state is in its union, not in the other members")
	assert.Equal(t, []string{"DE", "EU", "FR"}, e.ExpandMarkets([]string{"EU"}), "a listed union stands for every member")
	d, set, ok := e.Duty("notice")
	assert.True(t, ok)
	assert.Equal(t, "test.state", set)
	assert.Equal(t, "Notice", d.Title)
	require.Len(t, rep.Results, 2)
	eu := rep.Result("EU")
	require.NotNil(t, eu, "FR is an EU member state")
	old := eu.Instruments[slices.IndexFunc(eu.Instruments, func(i risk.InstrumentResult) bool { return i.ID == "test.old" })]
	assert.False(t, old.Applies, "a repealed instrument yields nothing")
	assert.Equal(t, "repealed: yields no duties", old.Note)

	ca := rep.Result("US-CA")
	require.NotNil(t, ca)
	assert.Equal(t, risk.TierNotInForce, ca.Tier.Label, "an act not yet in force classifies nothing yet")
	assert.False(t, ca.Instruments[0].Applies)
	assert.Equal(t, "not yet in force: applies from 2027-01-01", ca.Instruments[0].Note)
	require.Len(t, ca.Matches, 1)
	assert.Equal(t, risk.MatchUpcoming, ca.Matches[0].Status, "the match is shown, as upcoming")
	assert.Equal(t, []string{"notice:upcoming"}, dutyIDs(ca), "an adopted act's duties are upcoming until it applies")

	rep, err = e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{"markets": []string{"US-CA"}, "org.roles": []string{"deployer"}, "use.purposes": []string{"recruitment"}}},
		risk.AssessOptions{AsOf: risk.MustDate("2027-01-01")})
	require.NoError(t, err)
	assert.Equal(t, []string{"notice:in_force"}, dutyIDs(rep.Result("US-CA")))
	assert.Equal(t, "covered", rep.Result("US-CA").Tier.Label)
	assert.Equal(t, []string{"preemption_risk"}, rep.Result("US-CA").Flags)
}

// TestImplies checks that answers imply facts by definition and that a
// contradicting answer is an error.
func TestImplies(t *testing.T) {
	e := testEngine(t)
	rep, err := e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{
		"markets": []string{"DE"}, "org.roles": []string{"provider"},
		"system.remote_biometric_id": "realtime", "use.public_space": true, "use.law_enforcement": true,
	}}, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
	require.NoError(t, err)
	res := rep.Result("EU")
	assert.Equal(t, "prohibited", res.Tier.Label)
	assert.NotContains(t, questionFacts(res), "system.infers_outputs", "real-time remote identification infers its outputs by definition")

	_, err = e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{
		"markets": []string{"DE"}, "system.remote_biometric_id": "post", "system.infers_outputs": false,
	}}, risk.AssessOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "facts.system.infers_outputs: contradicts facts.system.remote_biometric_id: post implies system.infers_outputs = true")
}

// TestAssessPresumed checks that a rule whose condition holds is presumed to
// match while its exception is unknown: a missing answer never lowers the
// tier, and the exception is asked.
func TestAssessPresumed(t *testing.T) {
	e := testEngine(t)
	facts := func(narrow any) risk.Facts {
		f := risk.Facts{"markets": []string{"DE"}, "org.roles": []string{"provider"}, "system.infers_outputs": true,
			"system.remote_biometric_id": "none", "use.purposes": []string{"recruitment"},
			"system.interacts_with_people": false, "model.training_flops": 0.0}
		if narrow != nil {
			f["use.narrow_procedural_task"] = narrow
		}
		return f
	}
	for _, tc := range []struct {
		name       string
		narrow     any
		tier       string
		determined bool
		presumed   bool
	}{
		{"exception unknown", nil, "high_risk", false, true},
		{"exception holds", true, "minimal", true, false},
		{"exception does not hold", false, "high_risk", true, false},
	} {
		rep, err := e.Assess(context.Background(), &risk.Profile{Facts: facts(tc.narrow)}, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
		require.NoError(t, err)
		res := rep.Result("EU")
		assert.Equal(t, tc.tier, res.Tier.Label, tc.name)
		assert.Equal(t, tc.determined, res.Determined, tc.name)
		var presumed bool
		for _, m := range res.Matches {
			presumed = presumed || m.Presumed
		}
		assert.Equal(t, tc.presumed, presumed, tc.name)
		if !tc.determined {
			assert.Equal(t, []string{"use.narrow_procedural_task"}, questionFacts(res), tc.name)
			assert.Contains(t, dutyIDs(res), "risk-management:upcoming", "%s: a presumed match imposes its duties", tc.name)
		}
	}
}

// TestAssessEitherWay checks that rules which are each undetermined but
// together certain settle the severity: high either way.
func TestAssessEitherWay(t *testing.T) {
	e := testEngine(t)
	rep, err := e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{
		"markets": []string{"DE"}, "org.roles": []string{"provider"}, "system.infers_outputs": true,
		"system.remote_biometric_id": "none", "use.purposes": []string{"customer_service"},
		"system.interacts_with_people": false, "model.training_flops": 0.0,
	}}, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
	require.NoError(t, err)
	res := rep.Result("EU")
	assert.Equal(t, risk.SeverityHigh, res.Tier.Severity, "high whichever way the fact goes")
	assert.False(t, res.Determined, "which label still depends on the fact")
	assert.Equal(t, []string{"use.law_enforcement"}, questionFacts(res))
	assert.Equal(t, "high either way: high_risk or registered, depending on the open questions", res.Instruments[0].Note)
}

// TestAssessIrrelevantExclusion checks that an unknown exclusion is asked
// only when the answer in scope differs from the answer out of scope.
func TestAssessIrrelevantExclusion(t *testing.T) {
	e := testEngine(t)
	opts := risk.AssessOptions{AsOf: risk.MustDate("2027-06-01"), Jurisdictions: []string{"US-CA"}}
	rep, err := e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{
		"markets": []string{"US-CA"}, "org.roles": []string{"deployer"}, "use.purposes": []string{"spam_filtering"},
	}}, opts)
	require.NoError(t, err)
	res := rep.Result("US-CA")
	assert.True(t, res.Determined, "not covered either way: whether it is AI does not matter (questions %v)", questionFacts(res))

	rep, err = e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{
		"markets": []string{"US-CA"}, "org.roles": []string{"deployer"}, "use.purposes": []string{"recruitment"},
	}}, opts)
	require.NoError(t, err)
	res = rep.Result("US-CA")
	assert.False(t, res.Determined, "covered unless it is not AI")
	assert.Equal(t, []string{"system.infers_outputs"}, questionFacts(res))
	assert.Equal(t, "covered", res.Tier.Label, "missing facts never lower the tier")
}

func TestAssessOptions(t *testing.T) {
	e := testEngine(t)
	p := &risk.Profile{Facts: risk.Facts{"markets": []string{"DE", "US-CA"}, "org.roles": []string{"provider"}, "use.purposes": []string{"recruitment"}}}
	rep, err := e.Assess(context.Background(), p, risk.AssessOptions{Jurisdictions: []string{"US-CA"}})
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	assert.Equal(t, "US-CA", rep.Results[0].Jurisdiction)
	assert.Empty(t, rep.Results[0].Duties, "the notice binds deployers only")

	rep, err = e.Assess(context.Background(), p, risk.AssessOptions{Jurisdictions: []string{"US-CA"}, AllRoles: true})
	require.NoError(t, err)
	require.Len(t, rep.Results[0].Duties, 1)
	assert.True(t, rep.Results[0].Duties[0].OtherRole)

	_, err = e.Assess(context.Background(), p, risk.AssessOptions{Jurisdictions: []string{"US-CX"}})
	assert.ErrorIs(t, err, risk.ErrUnknownJurisdiction)
	assert.ErrorContains(t, err, `did you mean "US-CA"?`)

	_, err = e.Assess(context.Background(), p, risk.AssessOptions{Jurisdictions: []string{"DE"}})
	assert.ErrorIs(t, err, risk.ErrUnknownJurisdiction)
	assert.ErrorContains(t, err, "its rules are those of EU", "a member state points to its union")

	_, err = e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{"markets": []string{"DE"}}}, risk.AssessOptions{Jurisdictions: []string{"US-CA"}})
	assert.ErrorIs(t, err, risk.ErrUnknownJurisdiction)
	assert.ErrorContains(t, err, `"US-CA" is not among the markets the profile reaches (DE, EU)`, "no silent empty report")

	_, err = e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{}}, risk.AssessOptions{})
	assert.ErrorIs(t, err, risk.ErrInvalidProfile, "markets are required")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = e.Assess(ctx, p, risk.AssessOptions{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestAssessCostLimit(t *testing.T) {
	fsys := os.DirFS("testdata/rules")
	e, err := risk.NewWithOptions(risk.Options{CostLimit: 1}, fsys)
	require.NoError(t, err)
	rep, err := e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{"markets": []string{"DE"}, "use.purposes": []string{"recruitment", "customer_service"}}}, risk.AssessOptions{})
	require.NoError(t, err, "a rule over budget is reported in the result, not as an error")
	res := rep.Result("EU")
	require.NotEmpty(t, res.Errors)
	assert.False(t, res.Determined)
	assert.True(t, errors.Is(res.Errors[0], risk.ErrBudgetExceeded), "got %v", res.Errors[0])
}

// TestAssessConcurrent shares one Engine between goroutines; run it with
// -race.
func TestAssessConcurrent(t *testing.T) {
	e := testEngine(t)
	profiles := []*risk.Profile{
		{Facts: risk.Facts{"markets": []string{"DE"}, "org.roles": []string{"provider"}, "use.purposes": []string{"recruitment"}}},
		{Facts: risk.Facts{"markets": []string{"EU", "US-CA"}, "system.remote_biometric_id": "realtime", "use.public_space": true, "use.law_enforcement": true}},
		{Facts: risk.Facts{"markets": []string{"FR"}, "org.roles": []string{"deployer"}, "system.interacts_with_people": true}},
	}
	want := make([]*risk.Report, len(profiles))
	for i, p := range profiles {
		r, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
		require.NoError(t, err)
		want[i] = r
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				k := (g + i) % len(profiles)
				r, err := e.Assess(context.Background(), profiles[k], risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
				if assert.NoError(t, err) {
					assert.Equal(t, want[k], r)
				}
			}
		})
	}
	wg.Wait()
}

// TestEstablishedInExpands checks that an establishment in a member state
// counts as one in its union, as markets do.
func TestEstablishedInExpands(t *testing.T) {
	fsys := fstest.MapFS{
		"vocabulary.yaml": {Data: []byte(`kind: vocabulary
facts:
  - {name: markets, type: list, question: "Where?"}
  - {name: org.established_in, type: list, question: "Established where?"}
`)},
		"markets.yaml": {Data: readFile(t, "testdata/rules/markets.yaml")},
		"eu.yaml": {Data: []byte(`kind: ruleset
id: t.rep
jurisdiction: EU
title: Representative rule
citation: T 1
status: in_force
checked: 2026-11-30
effective_from: 2024-01-01
sources: [{title: t}]
tiers: [{label: covered, severity: limited}, {label: none, severity: none}]
default_tier: none
excluded_tier: none
rules:
  - id: non-eu
    cite: Art. 22
    because: A provider outside the Union needs a representative.
    when: '!("EU" in org.established_in)'
    tier: covered
`)},
	}
	e, err := risk.New(fsys)
	require.NoError(t, err)
	for _, tc := range []struct {
		est  []string
		want string
	}{{[]string{"FR"}, "none"}, {[]string{"US-CA"}, "covered"}, {[]string{"EU"}, "none"}} {
		rep, err := e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{"markets": []string{"DE"}, "org.established_in": tc.est}}, risk.AssessOptions{})
		require.NoError(t, err)
		assert.Equal(t, tc.want, rep.Result("EU").Tier.Label, "established in %v", tc.est)
	}
}
