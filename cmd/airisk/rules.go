package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/airisk/airisk/risk"
	"github.com/spf13/cobra"
)

func newRulesCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the loaded instruments with their legal status",
		Long:  "Rules lists every loaded rule set: jurisdiction, instrument, citation, legal status and the date the status was checked.",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "markdown"); err != nil {
				return err
			}
			e, err := g.engine()
			if err != nil {
				return err
			}
			if format == "markdown" {
				return rulesMarkdown(cmd.OutOrStdout(), e)
			}
			return rulesText(cmd.OutOrStdout(), e)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or markdown")
	return cmd
}

func rulesText(w io.Writer, e *risk.Engine) error {
	for _, in := range e.Instruments() {
		if _, err := fmt.Fprintf(w, "%-10s %-32s %-10s checked %s  %s\n", in.Jurisdiction, in.ID, in.Status, in.Checked, in.Title); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d instruments, %d facts\n", len(e.Instruments()), len(e.Facts()))
	return err
}

// rulesMarkdown writes the jurisdiction table the README shows.
func rulesMarkdown(w io.Writer, e *risk.Engine) error {
	var b strings.Builder
	b.WriteString("| Market | Instrument | Rule set | Status | Checked |\n|---|---|---|---|---|\n")
	for _, in := range e.Instruments() {
		title := in.Title
		if in.TitleLocal != "" {
			title += " (" + in.TitleLocal + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` | %s | %s |\n", in.Jurisdiction, strings.ReplaceAll(title, "|", "/"), in.ID, in.Status, in.Checked)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
