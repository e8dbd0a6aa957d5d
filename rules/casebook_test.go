package rules_test

import (
	"context"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBundledRulesLoad builds one engine from every bundled file.
func TestBundledRulesLoad(t *testing.T) {
	e, err := risk.New(rules.FS)
	if err != nil {
		t.Fatalf("bundled rules do not load:\n%s", err.(risk.ErrorList).Full())
	}
	assert.NotEmpty(t, e.Instruments())
}

// isVocabulary reports whether a file holds facts or markets, which every
// engine needs, rather than a rule set.
func isVocabulary(p string) bool {
	base := path.Base(p)
	return base == "vocabulary.yaml" || base == "markets.yaml" || strings.HasSuffix(base, "facts.yaml")
}

// dirFS returns the bundled vocabulary files plus the rule sets of one
// directory, so that each directory's casebooks run against its own rules.
func dirFS(t *testing.T, dir string) fs.FS {
	m := fstest.MapFS{}
	err := fs.WalkDir(rules.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if isVocabulary(p) || path.Dir(p) == dir {
			data, err := fs.ReadFile(rules.FS, p)
			if err != nil {
				return err
			}
			m[p] = &fstest.MapFile{Data: data}
		}
		return nil
	})
	require.NoError(t, err)
	return m
}

// TestCasebook runs every casebook (*_test.yaml) against an engine built
// from the rule sets of its directory. Each case names the provision that
// decides it; a failure prints it.
func TestCasebook(t *testing.T) {
	books := map[string][]string{}
	err := fs.WalkDir(rules.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && risk.IsCasebook(p) {
			books[path.Dir(p)] = append(books[path.Dir(p)], p)
		}
		return err
	})
	require.NoError(t, err)
	dirs := make([]string, 0, len(books))
	for d := range books {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			e, err := risk.New(dirFS(t, dir))
			if err != nil {
				t.Fatalf("rules of %s do not load:\n%s", dir, fullError(err))
			}
			for _, file := range books[dir] {
				data, err := fs.ReadFile(rules.FS, file)
				require.NoError(t, err)
				book, err := e.ParseCasebook(file, data)
				if err != nil {
					t.Errorf("casebook %s:\n%s", file, fullError(err))
					continue
				}
				for _, c := range book.Cases {
					t.Run(c.Name, func(t *testing.T) {
						probs := e.Check(context.Background(), c)
						assert.Empty(t, probs, "%s:%d: case %s\nreason: %s", file, c.Pos.Line, c.Name, c.Reason)
					})
				}
			}
		})
	}
}

func fullError(err error) string {
	if l, ok := err.(risk.ErrorList); ok {
		return l.Full()
	}
	return err.Error()
}
