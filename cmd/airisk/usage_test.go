package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUsageErrors pins the exit code and message of command lines that are
// wrong: an unknown command or argument, or a flag value that does not
// check, is bad usage (64) and says what to give instead; a rule directory
// that is missing or does not compile is bad input (2) with positions that
// name the file on disk.
func TestUsageErrors(t *testing.T) {
	const plantd = "../../plan/testdata"
	const gatetd = "../../gate/testdata"
	v1 := []string{"--no-bundled-rules", "--rules", plantd + "/rules/v1"}
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken")
	require.NoError(t, os.MkdirAll(broken, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(broken, "bad.yaml"), []byte("kind: ruleset\nid: [\n"), 0o644))
	notDir := filepath.Join(dir, "file.yaml")
	require.NoError(t, os.WriteFile(notDir, []byte("kind: vocabulary\n"), 0o644))
	profile := plantd + "/profile.yaml"

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"unknown-command", []string{"asess", profile}, exitUsage, []string{`unknown command "asess"`, `did you mean "assess"?`}},
		{"rules-extra-arg", []string{"rules", "extra"}, exitUsage, []string{`rules: unexpected arguments ["extra"]`}},
		{"unknown-jurisdiction", append(append([]string{"assess"}, v1...), "--jurisdiction", "XX", profile), exitUsage,
			[]string{`--jurisdiction "XX": no rule set for this jurisdiction`, "the rule sets cover CN, EU, US, US-CA"}},
		{"lower-case-jurisdiction", append(append([]string{"plan"}, v1...), "--jurisdiction", "eu", profile), exitUsage,
			[]string{`(did you mean "EU"?)`}},
		{"member-state-jurisdiction", []string{"timeline", "--jurisdiction", "DE", profile}, exitUsage,
			[]string{`--jurisdiction "DE"`, "its rules are those of EU, give --jurisdiction EU"}},
		{"diff-jurisdiction", append(append([]string{"diff"}, v1...), "--from", "2026-01-01", "--to", "2027-01-01", "--jurisdiction", "XX", profile), exitUsage,
			[]string{`--jurisdiction "XX"`}},
		{"until-before-since", append(append([]string{"timeline"}, v1...), "--since", "2028-01-01", "--until", "2027-01-01", profile), exitUsage,
			[]string{"--until 2027-01-01 is before --since 2028-01-01"}},
		{"gate-bad-market", []string{"gate", "--no-bundled-rules", "--rules", gatetd + "/rules", "--profile", gatetd + "/chatbot.yaml", "--launch-date", "2027-06-01", "--market", "de"}, exitUsage,
			[]string{`--market "de": expected a market code`, `did you mean "DE"?`}},
		{"missing-rules-dir", []string{"--rules", filepath.Join(dir, "none"), "assess", profile}, exitInput,
			[]string{"none: no such directory: give a directory of rule files"}},
		{"rules-not-a-dir", []string{"--rules", notDir, "rules"}, exitInput, []string{"file.yaml: not a directory"}},
		{"broken-rules-dir", []string{"--rules", broken, "rules"}, exitInput, []string{filepath.Join(broken, "bad.yaml") + ":"}},
		{"broken-rules-to", []string{"diff", "--no-bundled-rules", "--rules-from", plantd + "/rules/v1", "--rules-to", broken, profile}, exitInput,
			[]string{"--rules-to " + broken + ":", filepath.Join(broken, "bad.yaml") + ":"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := execute(tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, s := range tc.stderr {
				assert.Contains(t, stderr, s)
			}
		})
	}
}

// TestInterviewSkipMarkets: skipping the markets question ends the
// interview cleanly; nothing is written.
func TestInterviewSkipMarkets(t *testing.T) {
	const td = "../../interview/testdata"
	data, err := os.ReadFile(td + "/nomarkets.yaml")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "p.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	code, stdout, stderr := runInput("\n", "interview", "--no-bundled-rules", "--rules", td+"/rules", path)
	assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "0 answered, 1 skipped, stopped before the end")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(after))
}
