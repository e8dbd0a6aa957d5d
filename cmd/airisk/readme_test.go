package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestREADMEJurisdictions keeps the README's jurisdiction table in step
// with the bundled rule sets. To refresh it, paste the output of
// `airisk rules --format markdown` between the markers.
func TestREADMEJurisdictions(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	const begin, end = "<!-- jurisdictions:begin -->\n", "<!-- jurisdictions:end -->"
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	require.True(t, i >= 0 && j > i, "README lacks the jurisdiction markers")
	e, err := risk.New(rules.FS)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, rulesMarkdown(&b, e))
	assert.Equal(t, b.String(), s[i+len(begin):j], "README jurisdiction table is stale: run `go run ./cmd/airisk rules --format markdown`")
}

// TestREADMEQuickStart runs the README's first command: assess the example
// profile with the bundled rules.
func TestREADMEQuickStart(t *testing.T) {
	var out, errb bytes.Buffer
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetArgs([]string{"assess", "--as-of", "2026-11-30", "../../examples/profiles/eu-cv-screener.yaml"})
	require.NoError(t, cmd.Execute(), errb.String())
	assert.Contains(t, out.String(), "== EU (European Union): high [high_risk]")
	assert.Contains(t, out.String(), "Annex III 4(a)")
}

// TestREADMEProfile parses the profile the README shows.
func TestREADMEProfile(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	s := string(readme)
	i := strings.Index(s, "```yaml\nname: CV screening service")
	require.GreaterOrEqual(t, i, 0, "README lacks its profile example")
	block := s[i+len("```yaml\n"):]
	block = block[:strings.Index(block, "```")]
	e, err := risk.New(rules.FS)
	require.NoError(t, err)
	p, err := e.ParseProfile("README.md", []byte(block))
	require.NoError(t, err, "the README's profile must parse")
	rep, err := e.Assess(t.Context(), p, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
	require.NoError(t, err)
	assert.Equal(t, "high_risk", rep.Result("EU").Tier.Label, "the README's CV screener is high-risk in the EU")
}

// TestExampleProfiles assesses every example profile: each must parse,
// assess without a rule error, and be determined in every jurisdiction it
// reaches (a new rule that asks something new shows up here).
func TestExampleProfiles(t *testing.T) {
	e, err := risk.New(rules.FS)
	require.NoError(t, err)
	files, err := os.ReadDir("../../examples/profiles")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 6)
	for _, f := range files {
		t.Run(f.Name(), func(t *testing.T) {
			path := "../../examples/profiles/" + f.Name()
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			p, err := e.ParseProfile(path, data)
			require.NoError(t, err)
			rep, err := e.Assess(t.Context(), p, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
			require.NoError(t, err)
			require.NotEmpty(t, rep.Results, "profile reaches no jurisdiction")
			for _, r := range rep.Results {
				assert.Empty(t, r.Errors, "%s: rule errors in %s", f.Name(), r.Jurisdiction)
				var open []string
				for _, q := range r.Questions {
					open = append(open, q.Fact)
				}
				assert.True(t, r.Determined, "%s: an example answers what its team would know, but %s still asks %v", f.Name(), r.Jurisdiction, open)
			}
		})
	}
}
