// Package gatetest turns the launch gate into a go test, so that a team can
// keep a TestLaunchReady beside its code:
//
//	func TestLaunchReady(t *testing.T) {
//		e, err := risk.New(rules.FS)
//		if err != nil {
//			t.Fatal(err)
//		}
//		gatetest.Require(t, e, "airisk/profile.yaml", "airisk/evidence.yaml", risk.MustDate("2027-03-01"))
//	}
//
// The test fails with every reason the launch is blocked, and logs the
// warnings when it is not.
package gatetest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/report"
	"github.com/airisk/airisk/risk"
)

// Require fails the test unless the profile in profilePath may launch on
// the launch date under the strict default [gate.Policy], given the evidence
// in evidencePath ("" for none). The failure lists every blocker with its
// citation and rule, and the questions to answer.
func Require(t testing.TB, e *risk.Engine, profilePath, evidencePath string, launch risk.Date) {
	t.Helper()
	RequirePolicy(t, e, profilePath, evidencePath, launch, gate.Policy{})
}

// RequirePolicy is like [Require] with a policy.
func RequirePolicy(t testing.TB, e *risk.Engine, profilePath, evidencePath string, launch risk.Date, pol gate.Policy) {
	t.Helper()
	d := Decide(t, e, profilePath, evidencePath, launch, pol)
	var b strings.Builder
	if err := report.GateText(&b, d); err != nil {
		t.Fatalf("gatetest: %v", err)
	}
	if !d.Launchable() {
		t.Errorf("launch gate: %s may not launch on %s (%d blockers):\n%s", profilePath, launch, len(d.Blockers), b.String())
		return
	}
	if len(d.Warnings) > 0 {
		t.Logf("launch gate: %s may launch on %s, with %d warnings:\n%s", profilePath, launch, len(d.Warnings), b.String())
	}
}

// Decide reads the profile and the evidence ("" for none), gates the launch
// and returns the decision, whatever the verdict. It stops the test with
// t.Fatalf only when a file cannot be read or does not check, printing
// every positioned error.
func Decide(t testing.TB, e *risk.Engine, profilePath, evidencePath string, launch risk.Date, pol gate.Policy) *gate.Decision {
	t.Helper()
	data, err := os.ReadFile(profilePath)
	if err != nil {
		t.Fatalf("launch gate: %v", err)
	}
	p, err := e.ParseProfile(profilePath, data)
	if err != nil {
		t.Fatalf("launch gate: profile:\n%s", full(err))
	}
	var ev *gate.Evidence
	if evidencePath != "" {
		data, err := os.ReadFile(evidencePath)
		if err != nil {
			t.Fatalf("launch gate: %v", err)
		}
		if ev, err = gate.ParseEvidence(e, evidencePath, data); err != nil {
			t.Fatalf("launch gate: evidence:\n%s", full(err))
		}
	}
	d, err := gate.Check(context.Background(), e, p, ev, launch, pol)
	if err != nil {
		t.Fatalf("launch gate: %s", full(err))
	}
	d.ProfileFile = profilePath
	return d
}

// full prints every entry of an error list.
func full(err error) string {
	if l, ok := err.(risk.ErrorList); ok {
		return l.Full()
	}
	return err.Error()
}
