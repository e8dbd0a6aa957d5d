package report_test

import (
	"bytes"
	"testing"

	"github.com/airisk/airisk/report"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNilInputs: every writer refuses a nil report or decision with an
// error instead of panicking.
func TestNilInputs(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"Text", func(b *bytes.Buffer) error { return report.Text(b, nil) }},
		{"JSON", func(b *bytes.Buffer) error { return report.JSON(b, nil) }},
		{"Markdown", func(b *bytes.Buffer) error { return report.Markdown(b, nil) }},
		{"GateText", func(b *bytes.Buffer) error { return report.GateText(b, nil) }},
		{"GateJSON", func(b *bytes.Buffer) error { return report.GateJSON(b, nil) }},
		{"GateMarkdown", func(b *bytes.Buffer) error { return report.GateMarkdown(b, nil) }},
		{"GateSARIF", func(b *bytes.Buffer) error { return report.GateSARIF(b, nil) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			var err error
			require.NotPanics(t, func() { err = tc.write(&b) })
			assert.ErrorContains(t, err, "report: nil")
			assert.Empty(t, b.String())
		})
	}
}

// TestFormatParity: text and Markdown say the same things about a result:
// a presumed match is marked in both, and a jurisdiction without a name is
// shown by its code alone.
func TestFormatParity(t *testing.T) {
	rep := &risk.Report{
		Schema: risk.ReportSchema, AsOf: launch, Markets: []string{"ACME"},
		Results: []risk.Result{{
			Jurisdiction: "ACME", Determined: false,
			Tier:         risk.Tier{Label: "review", Severity: risk.SeverityHigh},
			PossibleTier: risk.Tier{Label: "review", Severity: risk.SeverityHigh},
			Matches: []risk.Match{{
				Instrument: "acme.policy", Rule: "r1", Cite: "Acme §1", Because: "Reviews are needed.",
				Status: risk.MatchInForce, Presumed: true, Pos: risk.Position{File: "acme.yaml", Line: 3, Column: 5},
			}},
		}},
	}
	const presumed = "presumed: whether an exception applies is an open question"
	for _, tc := range []struct {
		name   string
		write  func(*bytes.Buffer) error
		want   []string
		absent []string
	}{
		{"text", func(b *bytes.Buffer) error { return report.Text(b, rep) }, []string{presumed, "== ACME: high [review]"}, []string{"ACME ()"}},
		{"markdown", func(b *bytes.Buffer) error { return report.Markdown(b, rep) }, []string{presumed, "## ACME: high \\[review\\]"}, []string{"ACME ()"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, tc.write(&b))
			for _, s := range tc.want {
				assert.Contains(t, b.String(), s)
			}
			for _, s := range tc.absent {
				assert.NotContains(t, b.String(), s)
			}
		})
	}
}
