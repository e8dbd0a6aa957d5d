package plan_test

import (
	"errors"
	"testing"

	"github.com/airisk/airisk/plan"
	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefaultControlsExist checks every duty id of the bundled controls
// against the bundled rules, so that a renamed duty is caught.
func TestDefaultControlsExist(t *testing.T) {
	c, err := plan.ParseControls("controls.yaml", mustRead(t, "controls.yaml"))
	require.NoError(t, err, "the bundled controls must parse")
	require.NotEmpty(t, c.Controls)
	assert.Equal(t, len(c.Controls), len(plan.DefaultControls().Controls))
	e, err := risk.New(rules.FS)
	if err != nil {
		t.Fatalf("bundled rules do not load:\n%s", err.(risk.ErrorList).Full())
	}
	if errs := c.Check(e); len(errs) > 0 {
		t.Errorf("controls.yaml names duties the bundled rules do not declare:\n%s", errs.Full())
	}
	for _, ctl := range c.Controls {
		assert.NotEmpty(t, ctl.Duties, ctl.ID)
	}
}

func TestControlsCheck(t *testing.T) {
	c, err := plan.ParseControls("c.yaml", []byte(`kind: controls
controls:
  - {id: a, title: A, do: Do it., principle: transparency, duties: [xeu.label_content, xeu.label_contnet]}
`))
	require.NoError(t, err)
	errs := c.Check(engine(t, "v1"))
	require.Len(t, errs, 1)
	assert.Equal(t, "c.yaml:3:5: a: unknown duty xeu.label_contnet (did you mean xeu.label_content?)", errs[0].Error())
}

func TestParseControlsErrors(t *testing.T) {
	tests := []struct {
		name, reason, src string
		want              []string
	}{
		{
			name: "syntax", reason: "a YAML error keeps its line",
			src:  "kind: controls\ncontrols: [\n",
			want: []string{"c.yaml:2: did not find expected node content"},
		},
		{
			name: "kind", reason: "a rule file is not a controls file",
			src:  "kind: ruleset\ncontrols: []\n",
			want: []string{"c.yaml:1:7: kind: kind is \"ruleset\", want controls"},
		},
		{
			name: "fields", reason: "unknown fields, missing fields and unknown principles are all reported",
			src: `kind: controls
controls:
  - id: a
    titel: A
    do: Do it.
    principle: transparancy
    duties: [x]
`,
			want: []string{
				"c.yaml:4:5: controls[0].titel: unknown field (did you mean title?) (want id, title, do, principle, duties)",
				"c.yaml:6:16: controls[0].principle: unknown principle \"transparancy\" (did you mean transparency?) (want one of transparency, data_protection, risk_management, non_discrimination, misuse, human_oversight, accountability, safety, incident_reporting)",
				"c.yaml:3:5: a: missing title",
			},
		},
		{
			name: "duplicates", reason: "a duty belongs to one control only, and ids are unique",
			src: `kind: controls
controls:
  - {id: a, title: A, do: Do it., principle: safety, duties: [x, y]}
  - {id: b, title: B, do: Do it., principle: safety, duties: [y]}
  - {id: a, title: A, do: Do it., principle: safety, duties: [z]}
`,
			want: []string{
				"c.yaml:4:5: b: duty y is already satisfied by control a (c.yaml:3:5)",
				"c.yaml:5:5: a: control id is also used at c.yaml:3:5",
			},
		},
		{
			name: "no duties", reason: "a control must satisfy something",
			src:  "kind: controls\ncontrols:\n  - {id: a, title: A, do: Do it., principle: safety, duties: []}\n",
			want: []string{"c.yaml:3:5: a: missing duties: name the duties the control satisfies"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := plan.ParseControls("c.yaml", []byte(tc.src))
			require.Error(t, err, tc.reason)
			assert.True(t, errors.Is(err, plan.ErrInvalidControls), "errors wrap ErrInvalidControls")
			var list risk.ErrorList
			require.True(t, errors.As(err, &list))
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			assert.Equal(t, tc.want, got, tc.reason)
		})
	}
}
