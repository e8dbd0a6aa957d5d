package report_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/report"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// launch is the date every golden report is assessed as of.
var launch = risk.MustDate("2027-06-01")

func testEngine(t testing.TB) *risk.Engine {
	t.Helper()
	e, err := risk.New(os.DirFS("testdata/rules"))
	require.NoError(t, err, "testdata rules must load")
	return e
}

// mixed is a profile that reaches every part of a report: two covered
// markets and an uncovered one, an upcoming and an advisory duty, an open
// question and a rule that fails.
var mixed = risk.Facts{
	"markets":                      []string{"DE", "US-CA", "JP"},
	"org.roles":                    []string{"provider"},
	"org.employees":                13,
	"system.interacts_with_people": true,
	"use.purposes":                 []string{"recruitment", "spam_filtering"},
}

// chatbot is a profile that launches with the evidence in chatbotEvidence.
var chatbot = risk.Facts{
	"markets":                      []string{"DE", "US-CA"},
	"org.roles":                    []string{"provider"},
	"org.employees":                50,
	"system.interacts_with_people": true,
	"system.remote_biometric_id":   "none",
	"use.purposes":                 []string{"customer_service"},
}

var chatbotEvidence = &gate.Evidence{Items: []gate.Item{
	{Duty: "gate.literacy", Ref: "https://wiki.example.com/ai_literacy", Note: "support staff trained"},
	{Duty: "gate.disclose", Ref: "TICKET-1234"},
	{Duty: "gate.ca_bot_notice", Ref: "https://shop.example.com/chat#disclosure"},
}}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file: run go test ./report -update")
	assert.Equal(t, string(want), string(got), "%s differs: run go test ./report -update and review the diff", path)
}

func TestReportGolden(t *testing.T) {
	e := testEngine(t)
	rep, err := e.Assess(context.Background(), &risk.Profile{Name: "Hiring assistant", Facts: mixed}, risk.AssessOptions{AsOf: launch})
	require.NoError(t, err)
	for _, tc := range []struct {
		file   string
		render func(*bytes.Buffer, *risk.Report) error
	}{
		{"report.txt", func(b *bytes.Buffer, r *risk.Report) error { return report.Text(b, r) }},
		{"report.json", func(b *bytes.Buffer, r *risk.Report) error { return report.JSON(b, r) }},
		{"report.md", func(b *bytes.Buffer, r *risk.Report) error { return report.Markdown(b, r) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, tc.render(&b, rep))
			golden(t, tc.file, b.Bytes())
		})
	}
}

func TestGateGolden(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		name     string
		reason   string
		facts    risk.Facts
		evidence *gate.Evidence
		verdict  gate.Verdict
	}{
		{
			name: "gate-block", reason: "missing evidence, an open question and a failed rule block",
			facts: mixed, evidence: &gate.Evidence{Items: chatbotEvidence.Items[:1]}, verdict: gate.Block,
		},
		{
			name: "gate-launch", reason: "every duty in force has evidence; the advisory duty only warns",
			facts: chatbot, evidence: chatbotEvidence, verdict: gate.Launch,
		},
	}
	renderers := []struct {
		ext    string
		render func(*bytes.Buffer, *gate.Decision) error
	}{
		{"txt", func(b *bytes.Buffer, d *gate.Decision) error { return report.GateText(b, d) }},
		{"json", func(b *bytes.Buffer, d *gate.Decision) error { return report.GateJSON(b, d) }},
		{"md", func(b *bytes.Buffer, d *gate.Decision) error { return report.GateMarkdown(b, d) }},
		{"sarif", func(b *bytes.Buffer, d *gate.Decision) error { return report.GateSARIF(b, d) }},
	}
	for _, tc := range cases {
		d, err := gate.Check(context.Background(), e, &risk.Profile{Name: tc.name, Facts: tc.facts}, tc.evidence, launch, gate.Policy{})
		require.NoError(t, err)
		require.Equal(t, tc.verdict, d.Verdict, "%s: %s", tc.name, tc.reason)
		d.ProfileFile = "profiles/" + tc.name + ".yaml"
		for _, r := range renderers {
			t.Run(tc.name+"."+r.ext, func(t *testing.T) {
				var b bytes.Buffer
				require.NoError(t, r.render(&b, d))
				golden(t, tc.name+"."+r.ext, b.Bytes())
			})
		}
	}
}
