// Quickstart builds the engine from the bundled rules, assesses one profile
// file and prints, per market, the tier, why, and what to do by when.
//
//	go run ./examples/quickstart examples/profiles/eu-cv-screener.yaml
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
)

func main() {
	path := "examples/profiles/eu-cv-screener.yaml"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	engine, err := risk.New(rules.FS)
	if err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	profile, err := engine.ParseProfile(path, data)
	if err != nil {
		log.Fatal(err)
	}
	report, err := engine.Assess(context.Background(), profile, risk.AssessOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, res := range report.Results {
		fmt.Printf("%s: %s (%s)\n", res.Name, res.Tier.Label, res.Tier.Severity)
		for _, m := range res.Matches {
			fmt.Printf("  because %s\n", m.Cite)
		}
		for _, d := range res.Duties {
			fmt.Printf("  %-8s from %s  %s (%s)\n", d.Status, d.From, d.Title, d.Cite)
		}
		for _, q := range res.Questions {
			fmt.Printf("  open question: %s\n", q.Question)
		}
	}
}
