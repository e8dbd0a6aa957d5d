package launchgate_test

import (
	"testing"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/gate/gatetest"
	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// launch is the planned launch date: the law is applied as of this day.
var launch = risk.MustDate("2026-12-01")

func engine(t *testing.T) *risk.Engine {
	t.Helper()
	e, err := risk.New(rules.FS)
	require.NoError(t, err, "bundled rules must load")
	return e
}

// TestLaunchReady is the test a team keeps beside its code: it fails, with
// every reason, as soon as a duty in force has no evidence, a market
// prohibits the system, or the profile leaves an answer open.
func TestLaunchReady(t *testing.T) {
	gatetest.Require(t, engine(t), "../profiles/us-nyc-resume-screener.yaml", "evidence.yaml", launch)
}

// TestGateDecisions shows both verdicts.
func TestGateDecisions(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name     string
		reason   string
		profile  string
		evidence string
		verdict  gate.Verdict
		blockers []string // "kind:id" of blockers that must be present
	}{
		{
			name:     "nyc-resume-screener",
			reason:   "NYC Admin. Code 20-871: bias audit, its summary and the notices are done",
			profile:  "../profiles/us-nyc-resume-screener.yaml",
			evidence: "evidence.yaml",
			verdict:  gate.Launch,
		},
		{
			name:     "nyc-resume-screener-no-evidence",
			reason:   "NYC Admin. Code 20-871(a)(1): no bias audit on file",
			profile:  "../profiles/us-nyc-resume-screener.yaml",
			verdict:  gate.Block,
			blockers: []string{"missing_evidence:us.nyc.ll144.employer.bias_audit_annual"},
		},
		{
			name:     "workplace-emotion-recognition",
			reason:   "EU AI Act Art. 5(1)(f) prohibits emotion recognition in the workplace",
			profile:  "../profiles/eu-workplace-emotion.yaml",
			verdict:  gate.Block,
			blockers: []string{"tier:prohibited"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := gatetest.Decide(t, e, tc.profile, tc.evidence, launch, gate.Policy{})
			var got []string
			for _, b := range d.Blockers {
				got = append(got, string(b.Kind)+":"+b.ID)
			}
			assert.Equal(t, tc.verdict, d.Verdict, "%s: %s; blockers %v", tc.name, tc.reason, got)
			for _, b := range tc.blockers {
				assert.Contains(t, got, b, "%s: %s", tc.name, tc.reason)
			}
		})
	}
}
