package plan_test

import (
	"context"
	"fmt"
	"os"

	"github.com/airisk/airisk/plan"
	"github.com/airisk/airisk/risk"
)

// Example builds the plan of a hiring chatbot sold in the EU, California
// and China, with controls that merge the labelling and risk-assessment
// duties of the three markets.
func Example() {
	e, err := risk.New(os.DirFS("testdata/rules/v1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	data, _ := os.ReadFile("testdata/profile.yaml")
	p, err := e.ParseProfile("profile.yaml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
	if err != nil {
		fmt.Println(err)
		return
	}
	controlsFile, _ := os.ReadFile("testdata/controls.yaml")
	controls, err := plan.ParseControls("controls.yaml", controlsFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	pl := plan.Build(rep, controls)
	fmt.Println("do first:", pl.Priority.Actions)
	a := pl.Action("label-content")
	fmt.Println(a.Title, a.Jurisdictions)
	// Output:
	// do first: [assess-risks xcn.filing xca.bias_audit xeu.human_oversight]
	// Label generated content [CN EU US-CA]
}

// ExampleCompare shows what changes when the EU's Annex III date passes.
func ExampleCompare() {
	e, err := risk.New(os.DirFS("testdata/rules/v1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	data, _ := os.ReadFile("testdata/profile.yaml")
	p, err := e.ParseProfile("profile.yaml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	var reps []*risk.Report
	for _, d := range []string{"2026-08-01", "2026-08-02"} {
		r, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate(d)})
		if err != nil {
			fmt.Println(err)
			return
		}
		reps = append(reps, r)
	}
	for _, j := range plan.Compare(reps[0], reps[1]).Jurisdictions {
		fmt.Printf("%s: %s -> %s, %d duties change\n", j.Code, j.OldTier.Label, j.NewTier.Label, len(j.Duties))
	}
	// Output:
	// EU: transparency -> high_risk, 4 duties change
	// US-CA: consequential -> consequential, 1 duties change
}
