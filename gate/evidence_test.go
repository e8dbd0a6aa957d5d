package gate_test

import (
	"errors"
	"os"
	"testing"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEvidence(t *testing.T) {
	e := testEngine(t)
	data, err := os.ReadFile("testdata/evidence.yaml")
	require.NoError(t, err)
	ev, err := gate.ParseEvidence(e, "evidence.yaml", data)
	require.NoError(t, err)
	require.Len(t, ev.Items, 3)
	assert.Equal(t, "gate.literacy", ev.Items[0].Duty)
	assert.Equal(t, "https://wiki.example.com/ai-literacy-training", ev.Items[0].Ref)
	assert.Equal(t, "all support staff trained in March", ev.Items[0].Note)
	assert.Equal(t, risk.Position{File: "evidence.yaml", Line: 3, Column: 11}, ev.Items[0].Pos)
	assert.Equal(t, "TICKET-1234", ev.Lookup("gate.disclose").Ref)
	assert.Nil(t, ev.Lookup("gate.logging"))

	js := `{"evidence": [{"duty": "gate.literacy", "ref": "https://example.com/t"}]}`
	ev, err = gate.ParseEvidence(e, "evidence.json", []byte(js))
	require.NoError(t, err, "JSON is accepted")
	assert.Equal(t, []gate.Item{{Duty: "gate.literacy", Ref: "https://example.com/t", Pos: risk.Position{File: "evidence.json", Line: 1, Column: 24}}}, ev.Items)

	ev, err = gate.ParseEvidence(e, "e.yaml", []byte("evidence:\n  - {duty: gate.literacy, ref: 1234}\n"))
	require.NoError(t, err, "a ticket number needs no quotes")
	assert.Equal(t, "1234", ev.Items[0].Ref)

	ev, err = gate.ParseEvidence(e, "e.yaml", []byte("evidence: []\n"))
	require.NoError(t, err, "no evidence is valid evidence")
	assert.Empty(t, ev.Items)
}

func TestParseEvidenceErrors(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{
			name: "unknown-duty",
			doc:  "evidence:\n  - duty: gate.disclosee\n    ref: x\n",
			want: []string{`e.yaml:2:11: evidence[0].duty: unknown duty "gate.disclosee" (did you mean "gate.disclose"?)`},
		},
		{
			name: "duty-without-prefix",
			doc:  "evidence:\n  - duty: risk_management\n",
			want: []string{`e.yaml:2:11: evidence[0].duty: unknown duty "risk_management" (did you mean "gate.risk_management"?)`},
		},
		{
			name: "unknown-duty-no-hint",
			doc:  "evidence:\n  - duty: something.else.entirely\n",
			want: []string{`e.yaml:2:11: evidence[0].duty: unknown duty "something.else.entirely"`},
		},
		{
			name: "every-error",
			doc:  "evidence:\n  - duty: gate.literacy\n    reff: x\n  - {ref: y}\n  - duty: [a]\n  - plain\n",
			want: []string{
				`e.yaml:3:5: evidence[0].reff: unknown field (did you mean "ref"?)`,
				`e.yaml:4:5: evidence[1].duty: missing duty id`,
				`e.yaml:5:11: evidence[2].duty: expected a string, found a list`,
				`e.yaml:6:5: evidence[3]: expected a mapping with duty, ref and note, found "plain"`,
			},
		},
		{
			name: "field-and-duty-errors",
			doc:  "evidence:\n  - duty: gate.literacy\n    reff: x\n  - duty: gate.disclosee\n  - duty: gate.disclosee\n",
			want: []string{
				`e.yaml:3:5: evidence[0].reff: unknown field (did you mean "ref"?)`,
				`e.yaml:4:11: evidence[1].duty: unknown duty "gate.disclosee" (did you mean "gate.disclose"?)`,
				`e.yaml:5:11: evidence[2].duty: unknown duty "gate.disclosee" (did you mean "gate.disclose"?)`,
			},
		},
		{
			name: "duplicate",
			doc:  "evidence:\n  - duty: gate.literacy\n  - duty: gate.literacy\n",
			want: []string{`e.yaml:3:11: evidence[1].duty: duty "gate.literacy" given twice`},
		},
		{
			name: "top-level-field",
			doc:  "evidense: []\n",
			want: []string{`e.yaml:1:1: evidense: unknown field (did you mean "evidence"?)`},
		},
		{
			name: "not-a-list",
			doc:  "evidence: gate.literacy\n",
			want: []string{`e.yaml:1:11: evidence: expected a list of {duty, ref, note}, found "gate.literacy"`},
		},
		{
			name: "missing-evidence-key",
			doc:  "{}\n",
			want: []string{`e.yaml:1:1: evidence: missing: want evidence: [{duty: ..., ref: ...}]`},
		},
		{
			name: "empty",
			doc:  "",
			want: []string{`e.yaml:1:1: empty document: want evidence: [{duty: ..., ref: ...}]`},
		},
		{
			name: "bad-yaml",
			doc:  "evidence:\n  - duty: a\n    ref: b: c\n",
			want: []string{`e.yaml:3: mapping values are not allowed in this context`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := gate.ParseEvidence(e, "e.yaml", []byte(tc.doc))
			require.Error(t, err)
			assert.ErrorIs(t, err, gate.ErrInvalidEvidence)
			var list risk.ErrorList
			require.True(t, errors.As(err, &list), "a risk.ErrorList: %v", err)
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
