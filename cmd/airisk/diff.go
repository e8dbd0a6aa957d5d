package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/airisk/airisk/plan"
	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
	"github.com/spf13/cobra"
)

func newDiffCmd(g *globals) *cobra.Command {
	var from, to, asOf, rulesFrom, rulesTo, format string
	var jurisdictions []string
	cmd := &cobra.Command{
		Use:   "diff (--from DATE --to DATE | --rules-from DIR --rules-to DIR) PROFILE",
		Short: "What changes for a profile between two dates or two rule versions",
		Long: `Diff assesses a profile twice and lists what changes in each market: the
tier, and the duties added, removed, coming into force or moving date.

With --from and --to it compares two dates under the same rules ("what changes
for us when the Annex III date arrives"). With --rules-from and --rules-to it
compares two versions of the rules as of one date (--as-of, default today):
each directory is layered over the shared rules (the bundled rules and any
--rules directories; with --no-bundled-rules, each directory stands alone).`,
		Example: "  airisk diff --from 2026-08-01 --to 2026-08-02 profile.yaml\n  airisk diff --no-bundled-rules --rules-from rules-v1 --rules-to rules-v2 profile.yaml",
		Args:    exactlyOneProfile("diff"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			byDate := from != "" || to != ""
			byRules := rulesFrom != "" || rulesTo != ""
			switch {
			case byDate == byRules:
				return usageError{fmt.Errorf("diff: give either --from and --to, or --rules-from and --rules-to")}
			case byDate && (from == "" || to == ""):
				return usageError{fmt.Errorf("diff: give both --from and --to")}
			case byRules && (rulesFrom == "" || rulesTo == ""):
				return usageError{fmt.Errorf("diff: give both --rules-from and --rules-to")}
			case byDate && asOf != "":
				return usageError{fmt.Errorf("diff: --as-of goes with --rules-from and --rules-to")}
			}
			ctx := context.Background()
			name, data, err := readProfile(cmd, args[0])
			if err != nil {
				return err
			}
			var d *plan.Diff
			if byDate {
				fd, err := parseDateFlag("from", from)
				if err != nil {
					return err
				}
				td, err := parseDateFlag("to", to)
				if err != nil {
					return err
				}
				e, err := g.engine()
				if err != nil {
					return err
				}
				if err := checkJurisdictions(e, jurisdictions); err != nil {
					return err
				}
				old, err := assessData(ctx, e, name, data, risk.AssessOptions{AsOf: fd, Jurisdictions: jurisdictions})
				if err != nil {
					return err
				}
				cur, err := assessData(ctx, e, name, data, risk.AssessOptions{AsOf: td, Jurisdictions: jurisdictions})
				if err != nil {
					return err
				}
				d = plan.Compare(old, cur)
			} else {
				date, err := parseDateFlag("as-of", asOf)
				if err != nil {
					return err
				}
				opts := risk.AssessOptions{AsOf: date, Jurisdictions: jurisdictions}
				var reps [2]*risk.Report
				for i, dir := range []string{rulesFrom, rulesTo} {
					e, err := g.engineWith([]string{"--rules-from", "--rules-to"}[i], dir)
					if err != nil {
						return err
					}
					if err := checkJurisdictions(e, jurisdictions); err != nil {
						return err
					}
					if reps[i], err = assessData(ctx, e, name, data, opts); err != nil {
						return fmt.Errorf("under %s: %w", dir, err)
					}
				}
				d = plan.Compare(reps[0], reps[1])
				d.Old.Label, d.New.Label = rulesFrom, rulesTo
			}
			if format == "json" {
				return plan.WriteJSON(cmd.OutOrStdout(), d)
			}
			return plan.WriteDiffText(cmd.OutOrStdout(), d)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the earlier date, YYYY-MM-DD")
	cmd.Flags().StringVar(&to, "to", "", "the later date, YYYY-MM-DD")
	cmd.Flags().StringVar(&rulesFrom, "rules-from", "", "the directory of the old rules")
	cmd.Flags().StringVar(&rulesTo, "rules-to", "", "the directory of the new rules")
	cmd.Flags().StringVar(&asOf, "as-of", "", "with --rules-from/--rules-to: the date to compare as of, YYYY-MM-DD (default today)")
	cmd.Flags().StringArrayVar(&jurisdictions, "jurisdiction", nil, "only this jurisdiction code (repeatable)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// readProfile reads a profile file once ("-" reads standard input), so
// that it can be parsed by more than one engine.
func readProfile(cmd *cobra.Command, path string) (string, []byte, error) {
	if path == "-" {
		data, err := readAll(cmd.InOrStdin())
		return "<stdin>", data, err
	}
	data, err := os.ReadFile(path)
	return path, data, err
}

// assessData parses a profile with e and assesses it. Each engine parses
// the profile itself, since two rule versions may differ in vocabulary.
func assessData(ctx context.Context, e *risk.Engine, name string, data []byte, opts risk.AssessOptions) (*risk.Report, error) {
	p, err := e.ParseProfile(name, data)
	if err != nil {
		return nil, fullError(err)
	}
	rep, err := e.Assess(ctx, p, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, fullError(err))
	}
	return rep, nil
}

// engineWith builds an engine from the shared layers (the bundled rules
// unless --no-bundled-rules, then the --rules directories) and one more
// directory on top.
func (g *globals) engineWith(flag, dir string) (*risk.Engine, error) {
	var layers []fs.FS
	if !g.noBundle {
		layers = append(layers, rules.FS)
	}
	for _, d := range g.ruleDirs {
		l, err := ruleLayer("--rules", d)
		if err != nil {
			return nil, err
		}
		layers = append(layers, l)
	}
	l, err := ruleLayer(flag, dir)
	if err != nil {
		return nil, err
	}
	layers = append(layers, l)
	e, err := risk.New(layers...)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", flag, dir, fullError(inRuleDirs(err, append(slices.Clone(g.ruleDirs), dir))))
	}
	return e, nil
}
