package main

import (
	"context"
	"fmt"
	"os"

	"github.com/airisk/airisk/plan"
	"github.com/spf13/cobra"
)

func newPlanCmd(g *globals) *cobra.Command {
	f := &assessFlags{}
	var controlsFile string
	cmd := &cobra.Command{
		Use:   "plan [flags] PROFILE",
		Short: "One work plan across markets: actions by principle, high-risk first",
		Long: `Plan assesses a profile and turns the duties of every market into one work
plan: duties grouped by the principle they serve, merged into one action where
a single control satisfies duties in several markets (such as labelling
AI-generated content), and ordered by severity and by the date a duty first
applies. When two or more markets deem the system high-risk, the plan lists
those scenarios and the actions on them first.

The controls that merge duties are data: the bundled controls file, or your
own with --controls (see the plan package's controls.yaml for the format).`,
		Example: "  airisk plan examples/profiles/us-companion-chatbot.yaml\n  airisk plan --format markdown --as-of 2027-12-02 profile.yaml > plan.md",
		Args:    exactlyOneProfile("plan"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, e, err := f.setup(g, "text", "json", "markdown")
			if err != nil {
				return err
			}
			controls := plan.DefaultControls()
			if controlsFile != "" {
				data, err := os.ReadFile(controlsFile)
				if err != nil {
					return err
				}
				if controls, err = plan.ParseControls(controlsFile, data); err != nil {
					return fullError(err)
				}
			}
			p, err := loadProfile(e, cmd, args[0])
			if err != nil {
				return err
			}
			rep, err := e.Assess(context.Background(), p, opts)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], fullError(err))
			}
			pl := plan.Build(rep, controls)
			out := cmd.OutOrStdout()
			switch f.format {
			case "json":
				return plan.WriteJSON(out, pl)
			case "markdown":
				return plan.WriteMarkdown(out, pl)
			}
			return plan.WriteText(out, pl)
		},
	}
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "apply the law as of this date, YYYY-MM-DD (default today)")
	cmd.Flags().StringArrayVar(&f.jurisdictions, "jurisdiction", nil, "plan only for this jurisdiction code (repeatable)")
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json or markdown")
	cmd.Flags().StringVar(&controlsFile, "controls", "", "a controls file to use instead of the bundled one")
	return cmd
}

// exactlyOneProfile checks that a command got one profile argument.
func exactlyOneProfile(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageError{fmt.Errorf("%s: give one profile file", name)}
		}
		return nil
	}
}
