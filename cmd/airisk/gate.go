package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/report"
	"github.com/airisk/airisk/risk"
	"github.com/spf13/cobra"
)

type gateFlags struct {
	profile           string
	evidence          string
	launchDate        string
	format            string
	blockSeverity     string
	allowUndetermined bool
	warnDays          int
	markets           []string
}

// policy builds the gate policy from the flags.
func (f *gateFlags) policy() (gate.Policy, error) {
	var p gate.Policy
	if f.blockSeverity != "" {
		s, err := risk.ParseSeverity(f.blockSeverity)
		if err != nil || s < risk.SeverityMinimal {
			return p, usageError{fmt.Errorf("--block-severity %q: want minimal, limited, high or prohibited", f.blockSeverity)}
		}
		p.BlockAt = s
	}
	p.AllowUndetermined = f.allowUndetermined
	switch {
	case f.warnDays < 0:
		return p, usageError{fmt.Errorf("--warn-days %d: want 0 or more", f.warnDays)}
	case f.warnDays == 0:
		p.WarnDays = -1 // no window
	default:
		p.WarnDays = f.warnDays
	}
	return p, nil
}

func newGateCmd(g *globals) *cobra.Command {
	f := &gateFlags{}
	cmd := &cobra.Command{
		Use:   "gate --profile FILE --launch-date YYYY-MM-DD [--evidence FILE] [flags]",
		Short: "Decide whether a profile may launch on a date, given the evidence of duties done",
		Long: `Gate assesses the profile as of the launch date and decides launch or block,
with every reason: a prohibited tier in a target market (or, with
--block-severity, a tier at or above that severity); a duty in force on the
launch date that the evidence file does not cover; an answer that is not
determined because the profile leaves out facts (the questions to answer are
listed); a rule that failed. Advisory duties, and duties that apply within
--warn-days after the launch, are warnings.

The evidence file (YAML or JSON) lists the duties done:

  evidence:
    - duty: eu.art50_1.disclose_ai_interaction
      ref: https://example.com/docs/ai-disclosure
      note: banner shown before the first message

Exit codes: 0 launch; 1 blocked; 2 a profile, evidence or rule file that does
not parse or check; 64 bad usage.`,
		Example: "  airisk gate --profile profile.yaml --evidence evidence.yaml --launch-date 2027-03-01\n  airisk gate --profile profile.yaml --launch-date 2027-03-01 --format sarif > gate.sarif",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("gate: unexpected arguments %q: give the profile with --profile", args)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			render, ok := map[string]func(*cobra.Command, *gate.Decision) error{
				"text":     func(c *cobra.Command, d *gate.Decision) error { return report.GateText(c.OutOrStdout(), d) },
				"json":     func(c *cobra.Command, d *gate.Decision) error { return report.GateJSON(c.OutOrStdout(), d) },
				"markdown": func(c *cobra.Command, d *gate.Decision) error { return report.GateMarkdown(c.OutOrStdout(), d) },
				"sarif":    func(c *cobra.Command, d *gate.Decision) error { return report.GateSARIF(c.OutOrStdout(), d) },
			}[f.format]
			if !ok {
				return checkFormat(f.format, "text", "json", "markdown", "sarif")
			}
			if f.profile == "" {
				return usageError{fmt.Errorf("gate: --profile is required")}
			}
			if f.launchDate == "" {
				return usageError{fmt.Errorf("gate: --launch-date is required")}
			}
			launch, err := risk.ParseDate(f.launchDate)
			if err != nil {
				return usageError{fmt.Errorf("--launch-date: %v", err)}
			}
			pol, err := f.policy()
			if err != nil {
				return err
			}
			e, err := g.engine()
			if err != nil {
				return err
			}
			if err := checkMarkets(e, f.markets); err != nil {
				return err
			}
			p, err := loadProfile(e, cmd, f.profile)
			if err != nil {
				return err
			}
			if len(f.markets) > 0 {
				p.Facts["markets"] = f.markets
			}
			var ev *gate.Evidence
			if f.evidence != "" {
				data, err := os.ReadFile(f.evidence)
				if err != nil {
					return err
				}
				if ev, err = gate.ParseEvidence(e, f.evidence, data); err != nil {
					return fullError(err)
				}
			}
			d, err := gate.Check(context.Background(), e, p, ev, launch, pol)
			if err != nil {
				return fmt.Errorf("%s: %w", f.profile, fullError(err))
			}
			d.ProfileFile = f.profile
			if err := render(cmd, d); err != nil {
				return err
			}
			if !d.Launchable() {
				return exitError{exitBlocked}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.profile, "profile", "", "the profile file, YAML or JSON (- for standard input)")
	fl.StringVar(&f.evidence, "evidence", "", "the evidence file: the duties done, YAML or JSON")
	fl.StringVar(&f.launchDate, "launch-date", "", "the launch date, YYYY-MM-DD: the law is applied as of this date")
	fl.StringVar(&f.format, "format", "text", "output format: text, json, markdown or sarif")
	fl.StringVar(&f.blockSeverity, "block-severity", "prohibited", "block a launch where a market's tier is this severe or more: minimal, limited, high or prohibited")
	fl.BoolVar(&f.allowUndetermined, "allow-undetermined", false, "warn, rather than block, when facts missing from the profile leave an answer open")
	fl.IntVar(&f.warnDays, "warn-days", gate.DefaultWarnDays, "warn of duties that apply within this many days after the launch (0: none)")
	fl.StringArrayVar(&f.markets, "market", nil, "gate only this target market, replacing the profile's markets (repeatable)")
	return cmd
}

// checkMarkets reports a usage error for a --market value that is not a
// market code, with the engine's own message and did-you-mean.
func checkMarkets(e *risk.Engine, markets []string) error {
	if len(markets) == 0 {
		return nil
	}
	doc, err := json.Marshal(map[string]any{"facts": map[string]any{"markets": markets}})
	if err != nil {
		return err
	}
	_, err = e.ParseProfile("--market", doc)
	var l risk.ErrorList
	if !errors.As(err, &l) || len(l) == 0 {
		return err
	}
	var msgs []string
	for _, e := range l {
		msg := e.Msg
		var i int
		if _, serr := fmt.Sscanf(e.Path, "facts.markets[%d]", &i); serr == nil && i < len(markets) {
			msg = fmt.Sprintf("%q: %s", markets[i], msg)
		}
		msgs = append(msgs, msg)
	}
	return usageError{fmt.Errorf("--market %s", strings.Join(msgs, "; "))}
}
