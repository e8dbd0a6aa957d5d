package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCasebook runs the policy's casebooks against the policy layered on
// the bundled law.
func TestCasebook(t *testing.T) {
	e, err := newEngine("policy")
	if err != nil {
		t.Fatalf("the policy does not load over the bundled rules:\n%s", err.(risk.ErrorList).Full())
	}
	books, err := filepath.Glob("policy/*_test.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, books)
	for _, file := range books {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		cb, err := e.ParseCasebook(file, data)
		require.NoError(t, err)
		for _, c := range cb.Cases {
			t.Run(c.Name, func(t *testing.T) {
				for _, p := range e.Check(context.Background(), c) {
					t.Errorf("%s: %s\n  reason: %s", c.Pos, p, c.Reason)
				}
			})
		}
	}
}

func TestRun(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b, "policy", "profile.yaml", "2028-01-01"))
	out := b.String()
	head, _, _ := strings.Cut(out, "\n\n")
	for _, s := range []string{
		"EU     Pass the ethics board review before launch (Acme AI Policy v2, s. 3.1)",
		"US     Red-team before each major release (Acme AI Policy v2, s. 4(a))",
	} {
		assert.Contains(t, head, s)
	}
	// From 2 December 2027 the AI Act's Annex III rules apply to recruitment.
	assert.Contains(t, out, "== EU (European Union): high [high_risk]", "the law's tier is unchanged by the policy")
	assert.Contains(t, out, "== US (United States (federal)): minimal [voluntary_only]", "the policy's tier (severity none) never outranks the law's")
}
