package risk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/require"
)

// TestReportGolden assesses the test profile and compares the whole JSON
// report with a golden file (go test ./risk -update rewrites it).
func TestReportGolden(t *testing.T) {
	e := testEngine(t)
	p, err := e.ParseProfile("testdata/profiles/good.yaml", readFile(t, "testdata/profiles/good.yaml"))
	require.NoError(t, err)
	for _, tc := range []struct{ name, asOf string }{
		{"good-2026-11-30.json", "2026-11-30"},
		{"good-2028-01-01.json", "2028-01-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate(tc.asOf)})
			require.NoError(t, err)
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode(rep))
			golden(t, "golden/"+tc.name, b.String())

			var back risk.Report
			require.NoError(t, json.Unmarshal(b.Bytes(), &back), "the JSON report decodes")
			require.Equal(t, rep.Results[0].Tier, back.Results[0].Tier)
		})
	}
}
