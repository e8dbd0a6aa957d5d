package risk_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with the named file under testdata, or rewrites the
// file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./risk -update")
	assert.Equal(t, string(want), got, "output differs from %s (go test ./risk -update rewrites it)", path)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// TestLoadErrors loads each broken rule file of testdata/bad beside the
// test vocabulary and compares every reported problem, with its
// file:line:column, to the .err golden file next to it.
func TestLoadErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"markets.yaml":          {Data: readFile(t, "testdata/rules/markets.yaml")},
				"bad/" + name + ".yaml": {Data: readFile(t, f)},
			}
			if name != "vocabulary" {
				fsys["vocabulary.yaml"] = &fstest.MapFile{Data: readFile(t, "testdata/rules/vocabulary.yaml")}
			}
			e, err := risk.New(fsys)
			require.Error(t, err, "a broken rule file must not load")
			assert.Nil(t, e)
			var list risk.ErrorList
			require.True(t, errors.As(err, &list), "New returns an ErrorList, got %T", err)
			assert.ErrorIs(t, err, risk.ErrInvalidRules)
			for _, e := range list {
				assert.True(t, e.Pos.File != "", "every error names its file: %v", e)
			}
			golden(t, "bad/"+name+".err", list.Full()+"\n")
		})
	}
}

func TestLoadLayers(t *testing.T) {
	base := os.DirFS("testdata/rules")
	override := fstest.MapFS{
		"policy.yaml": {Data: []byte(`kind: vocabulary
facts:
  - name: org.ethics_board
    type: bool
    question: Does the organisation have an ethics board?
`)},
		"act.yaml": {Data: []byte(`kind: ruleset
id: test.state
jurisdiction: US-CA
title: Replaced State Act
citation: Test Code 2
status: in_force
checked: 2026-11-30
effective_from: 2020-01-01
sources: [{title: t}]
tiers:
  - {label: covered, severity: high}
  - {label: not_covered, severity: none}
default_tier: not_covered
excluded_tier: not_covered
rules:
  - id: no-board
    cite: Sec. 9
    because: Organisations without an ethics board are covered.
    when: "!org.ethics_board"
    tier: covered
`)},
	}
	e, err := risk.New(base, override)
	require.NoError(t, err)
	var titles []string
	for _, in := range e.Instruments() {
		titles = append(titles, in.Title)
	}
	assert.Contains(t, titles, "Replaced State Act", "a later layer replaces a rule set with the same id")
	assert.NotContains(t, titles, "Test State Act")
	assert.NotNil(t, e.Fact("org.ethics_board"), "a later layer adds facts")

	_, err = risk.New(base, fstest.MapFS{"v.yaml": {Data: []byte("kind: vocabulary\nfacts:\n  - {name: markets, type: list, question: again}\n")}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `v.yaml:3:5: fact "markets" is already declared at vocabulary.yaml:3:5`)

	_, err = risk.New()
	assert.ErrorIs(t, err, risk.ErrInvalidRules)
}
