package report_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkSchema checks a JSON value against the subset of JSON Schema the
// published schemas use: $ref into $defs, type, const, enum, pattern,
// minimum, required, properties, additionalProperties: false and items. It
// returns every problem, each with its JSON path.
func checkSchema(root, s map[string]any, v any, path string) []string {
	if ref, ok := s["$ref"].(string); ok {
		name, found := strings.CutPrefix(ref, "#/$defs/")
		def, ok := root["$defs"].(map[string]any)[name].(map[string]any)
		if !found || !ok {
			return []string{fmt.Sprintf("%s: unresolved $ref %q", path, ref)}
		}
		return checkSchema(root, def, v, path)
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.Contains(types, jsonType(v)) && !(jsonType(v) == "integer" && slices.Contains(types, "number")) {
			fail("want %s, found %s", strings.Join(types, " or "), jsonType(v))
			return errs
		}
	}
	if c, ok := s["const"]; ok && !reflect.DeepEqual(c, v) {
		fail("want %v, found %v", c, v)
	}
	if e, ok := s["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return reflect.DeepEqual(x, v) }) {
		fail("%v is not one of %v", v, e)
	}
	if p, ok := s["pattern"].(string); ok {
		if str, ok := v.(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
	}
	if m, ok := s["minimum"].(float64); ok {
		if n, ok := v.(float64); ok && n < m {
			fail("%v is less than %v", n, m)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for _, r := range asStrings(s["required"]) {
			if _, ok := v[r]; !ok {
				fail("missing required %q", r)
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, x := range v {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, checkSchema(root, ps, x, path+"."+k)...)
			} else if s["additionalProperties"] == false {
				fail("property %q is not in the schema", k)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				errs = append(errs, checkSchema(root, items, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return errs
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func asStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		out = append(out, x.(string))
	}
	return out
}

func loadJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m), path)
	return m
}

// TestSchemas checks the golden JSON outputs against the published
// schemas, and the schema ids against the Go constants.
func TestSchemas(t *testing.T) {
	tests := []struct {
		schema string
		id     string
		docs   []string
	}{
		{"schema/report.schema.json", risk.ReportSchema, []string{"testdata/report.json"}},
		{"schema/gate.schema.json", gate.DecisionSchema, []string{"testdata/gate-block.json", "testdata/gate-launch.json"}},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.schema), func(t *testing.T) {
			s := loadJSON(t, tc.schema)
			assert.Equal(t, tc.id, s["$id"], "the schema id is the Go constant")
			assert.Equal(t, tc.id, s["properties"].(map[string]any)["schema"].(map[string]any)["const"])
			for _, doc := range tc.docs {
				assert.Empty(t, checkSchema(s, s, loadJSON(t, doc), "$"), "%s against %s", doc, tc.schema)
			}
		})
	}
}

// TestCheckSchemaFails shows that the schema check can fail: it must catch
// a missing required key, a wrong type, a bad enum value and an unknown
// field of a closed object.
func TestCheckSchemaFails(t *testing.T) {
	s := loadJSON(t, "schema/gate.schema.json")
	doc := loadJSON(t, "testdata/gate-block.json")
	delete(doc, "verdict")
	doc["launch_date"] = 20270601.0
	doc["blockers"].([]any)[0].(map[string]any)["kind"] = "oops"
	doc["policy"].(map[string]any)["extra"] = true
	assert.ElementsMatch(t, []string{
		`$: missing required "verdict"`,
		`$.launch_date: want string, found integer`,
		`$.blockers[0].kind: oops is not one of [tier missing_evidence undetermined rule_error upcoming_duty advisory_duty uncovered]`,
		`$.policy: property "extra" is not in the schema`,
	}, checkSchema(s, s, doc, "$"))
}
