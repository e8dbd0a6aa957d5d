package gate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
)

// profiles returns n profiles that vary over the test vocabulary: markets,
// roles, purposes, biometric identification and missing facts.
func profiles(n int) []*risk.Profile {
	markets := [][]string{{"DE"}, {"FR", "US-CA"}, {"US-CA"}, {"DE", "JP"}}
	roles := [][]string{{"provider"}, {"deployer"}, {"provider", "deployer"}}
	purposes := [][]string{{}, {"recruitment"}, {"customer_service"}, {"recruitment", "customer_service"}}
	rbi := []any{"none", "post", "realtime", nil}
	out := make([]*risk.Profile, n)
	for i := range out {
		f := risk.Facts{
			"markets":                      markets[i%len(markets)],
			"org.roles":                    roles[i%len(roles)],
			"org.employees":                50 + i,
			"system.interacts_with_people": i%2 == 0,
			"use.purposes":                 purposes[(i/2)%len(purposes)],
		}
		if v := rbi[(i/3)%len(rbi)]; v != nil {
			f["system.remote_biometric_id"] = v
		}
		out[i] = &risk.Profile{Name: fmt.Sprintf("system %d", i), Facts: f}
	}
	return out
}

// BenchmarkGate gates 1,000 profiles per operation: the assessment as of
// the launch date and the decision.
func BenchmarkGate(b *testing.B) {
	e := testEngine(b)
	ps := profiles(1000)
	ev := evidence("gate.literacy", "gate.disclose")
	launch := risk.MustDate("2027-06-01")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			if _, err := gate.Check(ctx, e, p, ev, launch, gate.Policy{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecide measures the decision alone, on reports assessed once.
func BenchmarkDecide(b *testing.B) {
	e := testEngine(b)
	launch := risk.MustDate("2027-06-01")
	var reps []*risk.Report
	for _, p := range profiles(1000) {
		rep, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: launch})
		if err != nil {
			b.Fatal(err)
		}
		reps = append(reps, rep)
	}
	ev := evidence("gate.literacy", "gate.disclose")
	b.ReportAllocs()
	for b.Loop() {
		for _, rep := range reps {
			if _, err := gate.Decide(rep, launch, nil, ev, gate.Policy{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkGateBundled gates 1,000 profiles per operation against the
// bundled rules: the example profiles, cycled.
func BenchmarkGateBundled(b *testing.B) {
	e, err := risk.New(rules.FS)
	if err != nil {
		b.Fatal(err)
	}
	files, err := filepath.Glob("../examples/profiles/*.yaml")
	if err != nil || len(files) == 0 {
		b.Fatalf("no example profiles: %v", err)
	}
	var ps []*risk.Profile
	for i := 0; len(ps) < 1000; i++ {
		path := files[i%len(files)]
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		p, err := e.ParseProfile(path, data)
		if err != nil {
			b.Fatal(err)
		}
		ps = append(ps, p)
	}
	launch := risk.MustDate("2027-03-01")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			if _, err := gate.Check(ctx, e, p, nil, launch, gate.Policy{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
