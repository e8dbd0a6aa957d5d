package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runInput runs a command line with the given standard input and returns
// the exit code and outputs, as main would.
func runInput(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	err := cmd.Execute()
	var ue usageError
	switch {
	case err == nil:
		return exitOK, out.String(), errOut.String()
	case errors.As(err, &ue):
		return exitUsage, out.String(), err.Error()
	}
	return exitInput, out.String(), err.Error()
}

// TestPlanCommands runs plan, timeline and diff on the plan package's
// small test rules, so that the outputs do not change with the law.
func TestPlanCommands(t *testing.T) {
	const td = "../../plan/testdata"
	v1 := []string{"--no-bundled-rules", "--rules", td + "/rules/v1"}
	profile := td + "/profile.yaml"
	with := func(base []string, extra ...string) []string { return append(append([]string{}, base...), extra...) }
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		contains []string
	}{
		{name: "plan text", args: with([]string{"plan"}, with(v1, "--as-of", "2026-11-30", "--controls", td+"/controls.yaml", profile)...),
			contains: []string{"First: 3 markets deem the system high-risk", "label-content: Label generated content", "do first: assess-risks"}},
		{name: "plan markdown", args: with([]string{"plan"}, with(v1, "--as-of", "2026-11-30", "--format", "markdown", profile)...),
			contains: []string{"# Compliance plan: Hiring assistant", "| Jurisdiction | Duty | Applies | Citation |"}},
		{name: "plan json from stdin", args: with([]string{"plan"}, with(v1, "--as-of", "2026-11-30", "--format", "json", "-")...),
			stdin: "facts: {markets: [CN], org: {roles: [provider]}, system: {generates_content: true}}\n", contains: []string{`"schema": "airisk.plan/v1"`, `"id": "xcn.explicit_label"`}},
		{name: "plan bad format", args: with([]string{"plan"}, with(v1, "--format", "pdf", profile)...), code: exitUsage, contains: []string{`--format "pdf"`}},
		{name: "plan two profiles", args: with([]string{"plan"}, with(v1, profile, profile)...), code: exitUsage},
		{name: "plan bad controls", args: with([]string{"plan"}, with(v1, "--controls", td+"/profile.yaml", profile)...), code: exitInput,
			contains: []string{"profile.yaml:1:1: name: unknown field (want kind, controls)", "missing kind: controls"}},
		{name: "timeline", args: with([]string{"timeline"}, with(v1, "--since", "2026-01-01", "--until", "2026-12-31", profile)...),
			contains: []string{"Tiers as of 2026-01-01:", "2026-08-02\n  EU        tier: limited [transparency] -> high [high_risk]", "US-CA     ends        xca.bot_notice"}},
		{name: "timeline bad date", args: with([]string{"timeline"}, with(v1, "--since", "2026-13-01", profile)...), code: exitUsage},
		{name: "diff dates", args: with([]string{"diff"}, with(v1, "--from", "2026-08-01", "--to", "2026-08-02", profile)...),
			contains: []string{"2026-08-01 -> 2026-08-02", "tier: limited [transparency] -> high [high_risk]", "~ xeu.risk_management"}},
		{name: "diff rules", args: []string{"diff", "--no-bundled-rules", "--rules-from", td + "/rules/v1", "--rules-to", td + "/rules/v2", "--as-of", "2026-11-30", profile},
			contains: []string{"+ xeu.register", "- xca.bias_audit"}},
		{name: "diff rules json", args: []string{"diff", "--no-bundled-rules", "--rules-from", td + "/rules/v1", "--rules-to", td + "/rules/v2", "--as-of", "2026-11-30", "--format", "json", profile},
			contains: []string{`"change": "added"`, `"label": "` + td + `/rules/v2"`}},
		{name: "diff both modes", args: with([]string{"diff"}, with(v1, "--from", "2026-08-01", "--rules-to", td+"/rules/v2", profile)...), code: exitUsage},
		{name: "diff half", args: with([]string{"diff"}, with(v1, "--from", "2026-08-01", profile)...), code: exitUsage},
		{name: "diff missing dir", args: []string{"diff", "--no-bundled-rules", "--rules-from", td + "/rules/v1", "--rules-to", td + "/rules/none", profile}, code: exitInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runInput(tc.stdin, tc.args...)
			assert.Equal(t, tc.code, code, "stderr: %s", errOut)
			for _, s := range tc.contains {
				assert.Contains(t, out+errOut, s)
			}
		})
	}
}

func TestInterviewCommand(t *testing.T) {
	const td = "../../interview/testdata"
	args := func(path string, extra ...string) []string {
		return append([]string{"interview", "--no-bundled-rules", "--rules", td + "/rules", "--as-of", "2026-11-30", path}, extra...)
	}
	src, err := os.ReadFile(td + "/nested.yaml")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "profile.yaml")
	require.NoError(t, os.WriteFile(path, src, 0o600))

	code, out, errOut := runInput("maybe\nno\n300\n\n\n", args(path)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `! answer yes or no, not "maybe"`, "a bad answer is asked again")
	assert.Contains(t, out, "2 answered, 2 skipped")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(got), "markets: [DE] # Germany only for now\n", "comments survive")
	assert.Contains(t, string(got), "    employees: 300\n")
	assert.Contains(t, string(got), "  system:\n    chatbot: false\n")
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the file keeps its permissions")

	// Nothing left to ask but the skipped facts: they are asked again in a
	// new interview, and skipping them changes nothing.
	code, _, errOut = runInput("\n\n", args(path)...)
	require.Equal(t, exitOK, code, errOut)
	again, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(got), string(again))

	code, _, _ = runInput("", "interview", "-")
	assert.Equal(t, exitUsage, code, "answers come from standard input, so the profile cannot")
}
