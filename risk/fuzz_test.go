package risk_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/airisk/airisk/risk"
)

// FuzzParseProfile feeds arbitrary documents to the profile decoder and
// assesses whatever decodes. Nothing may panic; a decoded profile must
// assess without a profile error.
func FuzzParseProfile(f *testing.F) {
	e, err := risk.New(os.DirFS("testdata/rules"))
	if err != nil {
		f.Fatal(err)
	}
	seeds, _ := filepath.Glob("testdata/profiles/*.yaml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"facts": {"markets": ["DE"], "org.roles": ["provider"], "use.purposes": null}}`))
	f.Add([]byte("facts: {markets: [EU], model: {training_flops: .inf}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := e.ParseProfile("fuzz.yaml", data)
		if err != nil {
			return
		}
		if _, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")}); err != nil {
			if p.Facts["markets"] != nil {
				t.Fatalf("a decoded profile with markets failed to assess: %v", err)
			}
		}
	})
}

// FuzzNew feeds arbitrary rule files to the loader beside the test
// vocabulary. Nothing may panic; an engine that builds must assess.
func FuzzNew(f *testing.F) {
	vocab, err := os.ReadFile("testdata/rules/vocabulary.yaml")
	if err != nil {
		f.Fatal(err)
	}
	markets, err := os.ReadFile("testdata/rules/markets.yaml")
	if err != nil {
		f.Fatal(err)
	}
	seeds, _ := filepath.Glob("testdata/bad/*.yaml")
	more, _ := filepath.Glob("testdata/rules/*/*.yaml")
	for _, s := range append(seeds, more...) {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"vocabulary.yaml": {Data: vocab},
			"markets.yaml":    {Data: markets},
			"x/fuzz.yaml":     {Data: data},
		}
		e, err := risk.New(fsys)
		if err != nil {
			return
		}
		p := &risk.Profile{Facts: risk.Facts{"markets": []string{"DE", "US-CA"}}}
		if _, err := e.Assess(context.Background(), p, risk.AssessOptions{}); err != nil {
			t.Fatalf("assess: %v", err)
		}
	})
}
