package risk_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseProfileErrors decodes broken profiles and compares every
// reported problem (position, field path, expected, found, suggestion) to a
// golden file.
func TestParseProfileErrors(t *testing.T) {
	e := testEngine(t)
	files, err := filepath.Glob("testdata/profiles/bad-*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			p, err := e.ParseProfile(filepath.ToSlash(f), readFile(t, f))
			require.Error(t, err)
			assert.Nil(t, p)
			var list risk.ErrorList
			require.True(t, errors.As(err, &list))
			assert.ErrorIs(t, err, risk.ErrInvalidProfile)
			golden(t, "profiles/"+name+".err", list.Full()+"\n")
		})
	}
}

func TestParseProfile(t *testing.T) {
	e := testEngine(t)
	p, err := e.ParseProfile("good.yaml", readFile(t, "testdata/profiles/good.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "CV screener", p.Name)
	assert.Equal(t, []string{"provider"}, p.Facts["org.roles"], "nested groups become dotted names")
	assert.Equal(t, int64(120), p.Facts["org.employees"])
	assert.Equal(t, 1e21, p.Facts["model.training_flops"])

	// The same profile written in JSON, with dotted names.
	j, err := e.ParseProfile("good.json", []byte(`{"name": "CV screener", "facts": {
		"markets": ["DE"], "org.roles": ["provider"], "org.employees": 120,
		"system.infers_outputs": true, "system.remote_biometric_id": "none",
		"system.interacts_with_people": false, "system.placed_on_market": "2026-03-01",
		"use.purposes": ["recruitment"], "model.training_flops": 1e21}}`))
	require.NoError(t, err)
	opts := risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")}
	ry, err := e.Assess(context.Background(), p, opts)
	require.NoError(t, err)
	rj, err := e.Assess(context.Background(), j, opts)
	require.NoError(t, err)
	ry.Profile, rj.Profile = "", ""
	assert.Equal(t, ry, rj, "YAML and JSON profiles give the same report")

	// A null fact is unknown.
	n, err := e.ParseProfile("null.yaml", []byte("facts:\n  markets: [DE]\n  use.purposes: null\n"))
	require.NoError(t, err)
	rep, err := e.Assess(context.Background(), n, opts)
	require.NoError(t, err)
	assert.Contains(t, questionFacts(rep.Result("EU")), "use.purposes")
}

// TestProfileInGo checks that a profile built in Go is validated like a
// parsed one.
func TestProfileInGo(t *testing.T) {
	e := testEngine(t)
	opts := risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")}
	_, err := e.Assess(context.Background(), &risk.Profile{Facts: risk.Facts{
		"markets": []string{"DE"}, "org": map[string]any{"roles": []string{"provder"}},
		"system.infers_output": true, "org.employees": 1.5, "system.placed_on_market": time.Date(2026, 1, 2, 15, 0, 0, 0, time.UTC),
	}}, opts)
	require.Error(t, err)
	assert.Equal(t, `facts.org.employees: expected a whole number, found the number 1.5
facts.org.roles[0]: expected one of provider, deployer, found "provder" (did you mean "provider"?)
facts.system.infers_output: unknown fact (did you mean "system.infers_outputs"?)`, err.(risk.ErrorList).Full())
}
