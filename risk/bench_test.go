package risk_test

import (
	"context"
	"os"
	"testing"

	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
	"github.com/stretchr/testify/require"
)

// completeProfile answers every fact of the vocabulary, so that every rule
// is decided by the plain (fast) program.
func completeProfile(e *risk.Engine) *risk.Profile {
	f := risk.Facts{}
	for _, fact := range e.Facts() {
		switch fact.Type {
		case risk.TypeBool:
			f[fact.Name] = false
		case risk.TypeInt:
			f[fact.Name] = 10
		case risk.TypeNumber:
			f[fact.Name] = 10.0
		case risk.TypeDate:
			f[fact.Name] = "2025-01-01"
		case risk.TypeEnum:
			f[fact.Name] = fact.Values[0].Value
		case risk.TypeString:
			f[fact.Name] = "x"
		case risk.TypeList:
			f[fact.Name] = []string{}
		}
	}
	// Every market with rule sets, so that every instrument runs.
	f["markets"] = e.Jurisdictions()
	f["org.roles"] = []string{"provider", "deployer", "developer", "operator"}
	return &risk.Profile{Name: "complete", Facts: f}
}

// BenchmarkAssess assesses one profile against all bundled rules: once with
// every fact answered (plain programs only) and once with most facts
// missing (partial evaluation where facts are missing).
func BenchmarkAssess(b *testing.B) {
	e, err := risk.New(rules.FS)
	require.NoError(b, err)
	rulesCount := 0
	for _, in := range e.Instruments() {
		_ = in
		rulesCount++
	}
	ctx := context.Background()
	opts := risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")}
	complete := completeProfile(e)
	sparse := &risk.Profile{Name: "sparse", Facts: risk.Facts{
		"markets":   e.Jurisdictions(),
		"org.roles": []string{"provider"},
	}}
	for _, bc := range []struct {
		name string
		p    *risk.Profile
	}{{"complete", complete}, {"missing-facts", sparse}} {
		b.Run(bc.name, func(b *testing.B) {
			_, err := e.Assess(ctx, bc.p, opts)
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Assess(ctx, bc.p, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNew measures building an engine from the bundled rules: reading,
// type-checking and planning every rule.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := risk.New(rules.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssessSmall assesses the small test rule set, to show the fixed
// cost of an assessment.
func BenchmarkAssessSmall(b *testing.B) {
	e, err := risk.New(os.DirFS("testdata/rules"))
	require.NoError(b, err)
	p := &risk.Profile{Facts: risk.Facts{"markets": []string{"DE"}, "org.roles": []string{"provider"},
		"system.infers_outputs": true, "system.remote_biometric_id": "none", "use.purposes": []string{"recruitment"},
		"system.interacts_with_people": true, "model.training_flops": 1e20, "org.employees": 50}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")}); err != nil {
			b.Fatal(err)
		}
	}
}
