package main

import (
	"context"
	"fmt"

	"github.com/airisk/airisk/plan"
	"github.com/airisk/airisk/risk"
	"github.com/spf13/cobra"
)

// parseDateFlag parses an optional YYYY-MM-DD flag value.
func parseDateFlag(flag, s string) (risk.Date, error) {
	if s == "" {
		return risk.Date{}, nil
	}
	d, err := risk.ParseDate(s)
	if err != nil {
		return d, usageError{fmt.Errorf("--%s: %v", flag, err)}
	}
	return d, nil
}

func newTimelineCmd(g *globals) *cobra.Command {
	var since, until, format string
	var jurisdictions []string
	cmd := &cobra.Command{
		Use:   "timeline [flags] PROFILE",
		Short: "When each duty starts or stops applying, market by market",
		Long: `Timeline assesses a profile as of every date on which the rules can change
the answer (the instruments' and duties' dates and the dates rules apply from)
and lists, date by date, the tier changes and the duties that start, become
enforceable or stop applying in each market.`,
		Example: "  airisk timeline examples/profiles/us-image-generator.yaml\n  airisk timeline --since 2026-01-01 --until 2028-12-31 profile.yaml",
		Args:    exactlyOneProfile("timeline"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			var opts plan.TimelineOptions
			var err error
			if opts.Since, err = parseDateFlag("since", since); err != nil {
				return err
			}
			if opts.Until, err = parseDateFlag("until", until); err != nil {
				return err
			}
			if !opts.Since.IsZero() && !opts.Until.IsZero() && opts.Until.Before(opts.Since) {
				return usageError{fmt.Errorf("--until %s is before --since %s: give an --until on or after --since", opts.Until, opts.Since)}
			}
			opts.Jurisdictions = jurisdictions
			e, err := g.engine()
			if err != nil {
				return err
			}
			if err := checkJurisdictions(e, jurisdictions); err != nil {
				return err
			}
			p, err := loadProfile(e, cmd, args[0])
			if err != nil {
				return err
			}
			tl, err := plan.BuildTimeline(context.Background(), e, p, opts)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], fullError(err))
			}
			if format == "json" {
				return plan.WriteJSON(cmd.OutOrStdout(), tl)
			}
			return plan.WriteTimelineText(cmd.OutOrStdout(), tl)
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "list the changes after this date, YYYY-MM-DD (default: from the earliest date in the rules)")
	cmd.Flags().StringVar(&until, "until", "", "list the changes up to this date, YYYY-MM-DD")
	cmd.Flags().StringArrayVar(&jurisdictions, "jurisdiction", nil, "only this jurisdiction code (repeatable)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
