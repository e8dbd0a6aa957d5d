package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/airisk/airisk/report"
	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
	"github.com/spf13/cobra"
)

// globals are the flags every subcommand shares.
type globals struct {
	ruleDirs []string
	noBundle bool
}

func newRootCmd() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:           "airisk",
		Short:         "What the AI laws of each market say about an AI system",
		Long:          "airisk assesses a profile of an AI system against the AI laws of the markets it names: the tier in each market, the duties that follow with citations and dates, and the questions still open.\n\nIt reports what the encoded rules say; it is not legal advice.",
		SilenceUsage:  true,
		SilenceErrors: true,
		// Without a subcommand, print the help; a word that is not a
		// subcommand is bad usage, not bad input.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("unknown command %q: run airisk --help for the commands%s", args[0], suggestCommand(cmd, args[0]))}
			}
			return nil
		},
		RunE:                       func(cmd *cobra.Command, args []string) error { return cmd.Help() },
		SuggestionsMinimumDistance: 2,
	}
	root.PersistentFlags().StringArrayVar(&g.ruleDirs, "rules", nil, "a directory of rule files to layer over the bundled rules (repeatable)")
	root.PersistentFlags().BoolVar(&g.noBundle, "no-bundled-rules", false, "use only the --rules directories")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newAssessCmd(g), newRulesCmd(g))
	root.AddCommand(newGateCmd(g))
	root.AddCommand(newPlanCmd(g), newTimelineCmd(g), newDiffCmd(g), newInterviewCmd(g))
	return root
}

// engine builds the engine from the bundled rules and the --rules layers.
func (g *globals) engine() (*risk.Engine, error) {
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
	if len(layers) == 0 {
		return nil, usageError{fmt.Errorf("no rules: give --rules DIR or drop --no-bundled-rules")}
	}
	e, err := risk.New(layers...)
	if err != nil {
		return nil, fullError(inRuleDirs(err, g.ruleDirs))
	}
	return e, nil
}

// ruleLayer opens a directory of rule files named by a flag.
func ruleLayer(flag, dir string) (fs.FS, error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s %s: no such directory: give a directory of rule files", flag, dir)
	case err != nil:
		return nil, fmt.Errorf("%s %s: %w", flag, dir, err)
	case !st.IsDir():
		return nil, fmt.Errorf("%s %s: not a directory: give the directory that holds the rule file", flag, dir)
	}
	return os.DirFS(dir), nil
}

// inRuleDirs makes the positions of rule-file errors point at the files on
// disk: the engine names a file relative to its layer, so an error in
// policy/acme.yaml would read acme.yaml. A file is taken to be in the last
// directory that has it; files in no directory are bundled ones.
func inRuleDirs(err error, dirs []string) error {
	var l risk.ErrorList
	if !errors.As(err, &l) || len(dirs) == 0 {
		return err
	}
	out := make(risk.ErrorList, len(l))
	for i, e := range l {
		c := *e
		for j := len(dirs) - 1; j >= 0 && c.Pos.File != ""; j-- {
			if _, serr := os.Stat(filepath.Join(dirs[j], filepath.FromSlash(c.Pos.File))); serr == nil {
				c.Pos.File = filepath.Join(dirs[j], filepath.FromSlash(c.Pos.File))
				break
			}
		}
		out[i] = &c
	}
	return out
}

// suggestCommand returns a did-you-mean for a mistyped subcommand.
func suggestCommand(cmd *cobra.Command, name string) string {
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		return fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return ""
}

// noArgs is cobra.NoArgs as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s: unexpected arguments %q: it takes none", cmd.Name(), args)}
	}
	return nil
}

// checkJurisdictions reports a usage error for a --jurisdiction the engine
// has no rule set for, naming the ones it has, and the jurisdiction whose
// rules cover a market such as DE (the EU's).
func checkJurisdictions(e *risk.Engine, js []string) error {
	known := e.Jurisdictions()
	for _, j := range js {
		if slices.Contains(known, j) {
			continue
		}
		hint := ""
		var under []string
		for _, m := range e.ExpandMarkets([]string{j}) {
			if m != j && slices.Contains(known, m) {
				under = append(under, m)
			}
		}
		if len(under) > 0 {
			hint = fmt.Sprintf(": its rules are those of %s, give --jurisdiction %s", strings.Join(under, " and "), under[0])
		} else if up := strings.ToUpper(j); up != j && slices.Contains(known, up) {
			hint = fmt.Sprintf(" (did you mean %q?)", up)
		}
		return usageError{fmt.Errorf("--jurisdiction %q: no rule set for this jurisdiction%s; the rule sets cover %s", j, hint, strings.Join(known, ", "))}
	}
	return nil
}

// checkFormat reports a usage error unless format is one of allowed.
func checkFormat(format string, allowed ...string) error {
	if slices.Contains(allowed, format) {
		return nil
	}
	want := strings.Join(allowed[:len(allowed)-1], ", ") + " or " + allowed[len(allowed)-1]
	return usageError{fmt.Errorf("--format %q: want %s", format, want)}
}

// fullError shows every entry of an ErrorList, one per line.
func fullError(err error) error {
	if l, ok := err.(risk.ErrorList); ok && len(l) > 1 {
		return fmt.Errorf("%d errors:\n%s", len(l), l.Full())
	}
	return err
}

// loadProfile reads and checks a profile file ("-" reads standard input).
func loadProfile(e *risk.Engine, cmd *cobra.Command, path string) (*risk.Profile, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = readAll(cmd.InOrStdin())
		path = "<stdin>"
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	p, err := e.ParseProfile(path, data)
	if err != nil {
		return nil, fullError(err)
	}
	return p, nil
}

type assessFlags struct {
	asOf          string
	jurisdictions []string
	format        string
	allRoles      bool
}

// setup checks the flags (--format against formats, when given) and builds
// the engine, for the commands that assess a profile.
func (f *assessFlags) setup(g *globals, formats ...string) (risk.AssessOptions, *risk.Engine, error) {
	if len(formats) > 0 {
		if err := checkFormat(f.format, formats...); err != nil {
			return risk.AssessOptions{}, nil, err
		}
	}
	opts, err := f.options()
	if err != nil {
		return opts, nil, err
	}
	e, err := g.engine()
	if err != nil {
		return opts, nil, err
	}
	if err := checkJurisdictions(e, opts.Jurisdictions); err != nil {
		return opts, nil, err
	}
	return opts, e, nil
}

func (f *assessFlags) options() (risk.AssessOptions, error) {
	opts := risk.AssessOptions{Jurisdictions: f.jurisdictions, AllRoles: f.allRoles}
	if f.asOf != "" {
		d, err := risk.ParseDate(f.asOf)
		if err != nil {
			return opts, usageError{fmt.Errorf("--as-of: %v", err)}
		}
		opts.AsOf = d
	}
	return opts, nil
}

func newAssessCmd(g *globals) *cobra.Command {
	f := &assessFlags{}
	cmd := &cobra.Command{
		Use:   "assess [flags] PROFILE...",
		Short: "Assess profiles: tier, duties and open questions per market",
		Long: `Assess reads each profile (YAML or JSON; - for standard input) and prints,
for every jurisdiction its markets reach, the tier, the rules that matched and
why, the duties in force and upcoming, and the facts still unknown that could
change the answer.

With several profiles, text and Markdown separate the reports with a rule;
JSON writes one document per profile, one after another (a JSON stream, as
jq reads it).`,
		Example: "  airisk assess examples/profiles/eu-cv-screener.yaml\n  airisk assess --as-of 2028-01-01 --format json profile.yaml",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("assess: give at least one profile file")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, e, err := f.setup(g, "text", "json", "markdown")
			if err != nil {
				return err
			}
			for i, path := range args {
				p, err := loadProfile(e, cmd, path)
				if err != nil {
					return err
				}
				rep, err := e.Assess(context.Background(), p, opts)
				if err != nil {
					return fmt.Errorf("%s: %w", path, fullError(err))
				}
				out := cmd.OutOrStdout()
				switch f.format {
				case "json":
					err = report.JSON(out, rep)
				case "markdown":
					if i > 0 {
						fmt.Fprintln(out, "\n---")
					}
					err = report.Markdown(out, rep)
				default:
					if i > 0 {
						fmt.Fprintln(out, strings.Repeat("-", 72))
					}
					err = report.Text(out, rep)
				}
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "apply the law as of this date, YYYY-MM-DD (default today)")
	cmd.Flags().StringArrayVar(&f.jurisdictions, "jurisdiction", nil, "assess only this jurisdiction code, e.g. EU or US-CA (repeatable)")
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json or markdown")
	cmd.Flags().BoolVar(&f.allRoles, "all-roles", false, "also list the duties of roles the profile does not hold")
	return cmd
}
