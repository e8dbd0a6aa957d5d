// Command orgpolicy shows a company's own AI policy layered on the law:
// the rules in ./policy add Acme's duties (an ethics review for sensitive
// uses, stricter duties for products with a million users or more, a short
// self-assessment for small internal tools) next to the duties the
// bundled rules find in each market, without editing the bundled rules.
//
// Usage, from this directory:
//
//	go run . [-policy DIR] [-as-of YYYY-MM-DD] [PROFILE]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/airisk/airisk/report"
	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
)

func main() {
	policy := flag.String("policy", "policy", "the directory of the company's rules")
	asOf := flag.String("as-of", "", "assess as of this date, YYYY-MM-DD (default today)")
	flag.Parse()
	path := "profile.yaml"
	if flag.NArg() > 0 {
		path = flag.Arg(0)
	}
	if err := run(os.Stdout, *policy, path, *asOf); err != nil {
		log.Fatal(err)
	}
}

// newEngine layers the company's rules over the bundled law.
func newEngine(policy string) (*risk.Engine, error) {
	return risk.New(rules.FS, os.DirFS(policy))
}

func run(w io.Writer, policy, path, asOf string) error {
	e, err := newEngine(policy)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	p, err := e.ParseProfile(path, data)
	if err != nil {
		return err
	}
	var opts risk.AssessOptions
	if asOf != "" {
		if opts.AsOf, err = risk.ParseDate(asOf); err != nil {
			return err
		}
	}
	rep, err := e.Assess(context.Background(), p, opts)
	if err != nil {
		return err
	}
	// The company's duties first, then the full report.
	fmt.Fprintf(w, "Acme policy duties for %s:\n", rep.Profile)
	for _, res := range rep.Results {
		for _, d := range res.Duties {
			if len(d.Instrument) > 12 && d.Instrument[:12] == "acme.policy." {
				fmt.Fprintf(w, "  %-6s %s (%s)\n", res.Jurisdiction, d.Title, d.Cite)
			}
		}
	}
	fmt.Fprintln(w)
	return report.Text(w, rep)
}
