package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// execute runs the command line as run does, with captured output.
func execute(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	err := cmd.Execute()
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		code = exitOK
	case errors.As(err, &ee):
		code = ee.code
	case errors.As(err, &ue):
		fmt.Fprintln(&errOut, "airisk:", err)
		code = exitUsage
	default:
		fmt.Fprintln(&errOut, "airisk:", err)
		code = exitInput
	}
	return code, out.String(), errOut.String()
}

func TestGateCommand(t *testing.T) {
	const td = "../../gate/testdata"
	rules := []string{"--no-bundled-rules", "--rules", td + "/rules"}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	partial := write("partial.yaml", "evidence:\n  - duty: gate.literacy\n")
	typo := write("typo.yaml", "evidence:\n  - duty: gate.disclos\n")
	hiring := write("hiring.yaml", "name: Hiring\nfacts:\n  markets: [DE]\n  org: {roles: [provider], employees: 50}\n  system: {interacts_with_people: false, remote_biometric_id: none}\n  use: {purposes: [recruitment]}\n")
	open := write("open.yaml", "facts:\n  markets: [DE]\n  org: {roles: [provider], employees: 50}\n  system: {interacts_with_people: false}\n  use: {purposes: []}\n")
	base := func(extra ...string) []string {
		return append(append([]string{"gate"}, rules...), extra...)
	}
	chatbot := []string{"--profile", td + "/chatbot.yaml", "--launch-date", "2027-06-01"}

	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		stderr   string
		noStdout []string
	}{
		{"launch", base(append(chatbot, "--evidence", td+"/evidence.yaml")...), exitOK, []string{"Support chatbot: LAUNCH on 2027-06-01", "warnings (1):"}, "", nil},
		{"blocked", base(append(chatbot, "--evidence", partial)...), exitBlocked, []string{"BLOCKED", "blockers (2):", "gate.ca_bot_notice"}, "", nil},
		{"no-evidence", base(chatbot...), exitBlocked, []string{"blockers (3):"}, "", nil},
		{"market", base(append(chatbot, "--evidence", partial, "--market", "US-CA")...), exitBlocked, []string{"markets: US-CA", "blockers (1):"}, "", []string{"gate.disclose"}},
		{"block-severity", base(append(chatbot, "--evidence", td+"/evidence.yaml", "--block-severity", "limited")...), exitBlocked, []string{"tier limited [transparency]", "block at limited"}, "", nil},
		{"warn-days", base("--profile", hiring, "--launch-date", "2027-06-01", "--evidence", partial), exitOK, []string{"warnings (1):", "gate.risk_management"}, "", nil},
		{"warn-days-0", base("--profile", hiring, "--launch-date", "2027-06-01", "--evidence", partial, "--warn-days", "0"), exitOK, []string{"notes (2):", "no warning window"}, "", []string{"warnings"}},
		{"undetermined", base("--profile", open, "--launch-date", "2027-06-01", "--evidence", partial), exitBlocked, []string{"not determined", "? system.remote_biometric_id"}, "", nil},
		{"allow-undetermined", base("--profile", open, "--launch-date", "2027-06-01", "--evidence", partial, "--allow-undetermined"), exitOK, []string{"LAUNCH", "undetermined answers warn"}, "", nil},
		{"markdown", base(append(chatbot, "--evidence", partial, "--format", "markdown")...), exitBlocked, []string{"## ❌ Launch gate: BLOCKED"}, "", nil},
		{"evidence-typo", base(append(chatbot, "--evidence", typo)...), exitInput, nil, `typo.yaml:2:11: evidence[0].duty: unknown duty "gate.disclos" (did you mean "gate.disclose"?)`, nil},
		{"missing-profile-file", base("--profile", filepath.Join(dir, "none.yaml"), "--launch-date", "2027-06-01"), exitInput, nil, "no such file", nil},
		{"no-launch-date", base("--profile", td+"/chatbot.yaml"), exitUsage, nil, "--launch-date is required", nil},
		{"no-profile", base("--launch-date", "2027-06-01"), exitUsage, nil, "--profile is required", nil},
		{"bad-date", base("--profile", td+"/chatbot.yaml", "--launch-date", "June"), exitUsage, nil, `invalid date "June"`, nil},
		{"bad-format", base(append(chatbot, "--format", "html")...), exitUsage, nil, "want text, json, markdown or sarif", nil},
		{"bad-severity", base(append(chatbot, "--block-severity", "none")...), exitUsage, nil, "--block-severity", nil},
		{"bad-flag", base(append(chatbot, "--nope")...), exitUsage, nil, "unknown flag", nil},
		{"assess-markdown", append(append([]string{"assess"}, rules...), "--as-of", "2027-06-01", "--format", "markdown", td+"/chatbot.yaml"), exitOK, []string{"# Support chatbot: AI law assessment as of 2027-06-01"}, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := execute(tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, s := range tc.stdout {
				assert.Contains(t, stdout, s)
			}
			for _, s := range tc.noStdout {
				assert.NotContains(t, stdout, s)
			}
			if tc.stderr != "" {
				assert.Contains(t, stderr, tc.stderr)
			}
		})
	}

	t.Run("json-and-sarif", func(t *testing.T) {
		code, stdout, _ := execute(base(append(chatbot, "--evidence", partial, "--format", "json")...)...)
		require.Equal(t, exitBlocked, code)
		var d map[string]any
		require.NoError(t, json.Unmarshal([]byte(stdout), &d))
		assert.Equal(t, "airisk.gate/v1", d["schema"])
		assert.Equal(t, "block", d["verdict"])

		code, stdout, _ = execute(base(append(chatbot, "--evidence", partial, "--format", "sarif")...)...)
		require.Equal(t, exitBlocked, code)
		var s struct {
			Version string `json:"version"`
			Runs    []struct {
				Results []struct {
					RuleID    string `json:"ruleId"`
					Level     string `json:"level"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &s))
		assert.Equal(t, "2.1.0", s.Version)
		require.Len(t, s.Runs, 1)
		require.NotEmpty(t, s.Runs[0].Results)
		r := s.Runs[0].Results[0]
		assert.Equal(t, "gate.disclose", r.RuleID)
		assert.Equal(t, "error", r.Level)
		assert.Equal(t, td+"/chatbot.yaml", r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	})
}
