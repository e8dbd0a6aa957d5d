package risk

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"go.yaml.in/yaml/v3"
)

// Profile holds the facts about one AI system or model and the organisation
// that provides or deploys it. Build one in Go, or parse one with
// [Engine.ParseProfile].
type Profile struct {
	// Name names the system.
	Name string `json:"name,omitempty"`
	// Description says what the system is.
	Description string `json:"description,omitempty"`
	// Facts maps fact names to values. A fact that is absent (or nil) is
	// unknown.
	Facts Facts `json:"facts"`
}

// Facts maps dotted fact names, such as "org.roles", to values. Values may
// be bool, any Go integer or float type, string, time.Time or [Date] (for
// dates; a "YYYY-MM-DD" string also works), and []string or []any of
// strings (for lists). A nested map[string]any stands for a group:
// {"org": {"roles": [...]}} is the same as {"org.roles": [...]}.
type Facts map[string]any

func (p *Profile) markets() []string {
	l, _ := toStrings(p.Facts.lookup("markets"))
	return l
}

func (p *Profile) roles() []string {
	l, _ := toStrings(p.Facts.lookup("org.roles"))
	return l
}

// lookup finds a fact by dotted name in flat or nested form.
func (f Facts) lookup(name string) any {
	if v, ok := f[name]; ok {
		return v
	}
	var cur any = map[string]any(f)
	for seg := range splitDots(name) {
		m, ok := asMap(cur)
		if !ok {
			return nil
		}
		cur, ok = m[seg]
		if !ok {
			return nil
		}
	}
	return cur
}

func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case Facts:
		return m, true
	}
	return nil, false
}

// flatten walks nested groups into dotted names.
func flatten(prefix string, m map[string]any, out map[string]any) {
	for k, v := range m {
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		if sub, ok := asMap(v); ok {
			flatten(name, sub, out)
			continue
		}
		out[name] = v
	}
}

// Flat returns the facts with nested groups flattened to dotted names.
func (f Facts) Flat() map[string]any {
	out := map[string]any{}
	flatten("", f, out)
	return out
}

// convertFacts checks the profile's facts against the vocabulary and
// converts them to CEL values, in vocabulary order; nil marks unknown.
func (e *Engine) convertFacts(p *Profile) ([]ref.Val, ErrorList) {
	vals := make([]ref.Val, len(e.facts)+1)
	var errs ErrorList
	e.convertGroup("", p.Facts, vals, &errs)
	if len(errs) == 0 {
		errs = e.imply(vals)
	}
	errs.sortByPath()
	return vals, errs
}

// imply fills in the facts that the profile's answers imply by definition,
// until nothing changes, and reports an answer that contradicts one.
func (e *Engine) imply(vals []ref.Val) ErrorList {
	var errs ErrorList
	reported := map[int]bool{}
	for changed, rounds := true, 0; changed && rounds <= len(e.facts); rounds++ {
		changed = false
		for _, f := range e.implying {
			v := vals[f.index]
			if v == nil {
				continue
			}
			for _, im := range f.Implies {
				if !holds(f, v, im.cond) {
					continue
				}
				for _, t := range im.targets {
					switch cur := vals[t.index]; {
					case cur == nil:
						vals[t.index] = t.val
						changed = true
					case cur.Equal(t.val) != types.True && rounds == 0 && !reported[t.index]:
						reported[t.index] = true
						errs = append(errs, &Error{Path: "facts." + e.facts[t.index].Name,
							Msg: fmt.Sprintf("contradicts facts.%s: %v implies %s = %v", f.Name, im.If, e.facts[t.index].Name, t.val), Err: ErrInvalidProfile})
					}
				}
			}
		}
	}
	return errs
}

// holds reports whether fact f's value v meets an implication's condition.
func holds(f *Fact, v, cond ref.Val) bool {
	if f.Type == TypeList {
		if l, ok := v.(traits.Lister); ok {
			return l.Contains(cond) == types.True
		}
		return false
	}
	return v.Equal(cond) == types.True
}

// convertGroup converts one (possibly nested) group of facts.
func (e *Engine) convertGroup(prefix string, m map[string]any, vals []ref.Val, errs *ErrorList) {
	for k, v := range m {
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		if sub, ok := asMap(v); ok {
			e.convertGroup(name, sub, vals, errs)
			continue
		}
		if v == nil {
			continue
		}
		fact := e.Fact(name)
		if fact == nil {
			*errs = append(*errs, &Error{Path: "facts." + name, Msg: "unknown fact" + suggest(name, e.factNames()), Err: ErrInvalidProfile})
			continue
		}
		if vals[fact.index] != nil {
			*errs = append(*errs, &Error{Path: "facts." + name, Msg: "fact given twice (as a dotted name and in a group)", Err: ErrInvalidProfile})
			continue
		}
		cv, cerrs := e.convert(fact, v)
		if len(cerrs) > 0 {
			for _, err := range cerrs {
				err.Path = "facts." + name + err.Path
			}
			*errs = append(*errs, cerrs...)
			continue
		}
		vals[fact.index] = cv
	}
}

// convert turns one Go value into the CEL value of fact f. The errors'
// Paths are relative to the fact ("" or "[i]"); a list reports every bad
// entry.
func (e *Engine) convert(f *Fact, v any) (ref.Val, ErrorList) {
	val, err := e.convertValue(f, v)
	if err != nil {
		return nil, ErrorList{err}
	}
	if f.Type == TypeList {
		return e.convertList(f, v)
	}
	return val, nil
}

// convertValue converts a value of any type but list.
func (e *Engine) convertValue(f *Fact, v any) (ref.Val, *Error) {
	bad := func(path string, got any) *Error {
		return &Error{Path: path, Msg: fmt.Sprintf("expected %s, found %s", f.Type.expected(), describe(got)), Err: ErrInvalidProfile}
	}
	switch f.Type {
	case TypeBool:
		if b, ok := v.(bool); ok {
			return types.Bool(b), nil
		}
	case TypeInt:
		if i, ok := toInt(v); ok {
			return types.Int(i), nil
		}
	case TypeNumber:
		if x, ok := toFloat(v); ok {
			return types.Double(x), nil
		}
	case TypeString:
		if s, ok := v.(string); ok {
			return types.String(s), nil
		}
	case TypeEnum:
		if s, ok := v.(string); ok {
			if !f.allowed(s) {
				return nil, &Error{Msg: fmt.Sprintf("expected one of %s, found %q%s", strings.Join(f.valueNames(), ", "), s, suggest(s, f.valueNames())), Err: ErrInvalidProfile}
			}
			return types.String(s), nil
		}
	case TypeDate:
		switch d := v.(type) {
		case time.Time:
			return types.Timestamp{Time: NewDate(d).Time()}, nil
		case Date:
			return types.Timestamp{Time: d.Time()}, nil
		case string:
			dt, err := ParseDate(d)
			if err != nil {
				return nil, &Error{Msg: err.Error(), Err: ErrInvalidProfile}
			}
			return types.Timestamp{Time: dt.Time()}, nil
		}
	case TypeList:
		if _, ok := toStrings(v); ok {
			return nil, nil // convertList checks the entries
		}
	}
	return nil, bad("", v)
}

// convertList converts a list fact, checking every entry.
func (e *Engine) convertList(f *Fact, v any) (ref.Val, ErrorList) {
	l, _ := toStrings(v)
	if len(f.Values) == 0 && len(l) > maxListLen {
		return nil, ErrorList{{Msg: fmt.Sprintf("a list of %d entries is longer than the %d allowed", len(l), maxListLen), Err: ErrInvalidProfile}}
	}
	var errs ErrorList
	vals := make([]ref.Val, 0, len(l))
	seen := make(map[string]bool, len(l))
	for i, s := range l {
		switch {
		case f.Name == "markets" || f.Name == "org.established_in":
			if !marketCodeRE.MatchString(s) {
				errs = append(errs, &Error{Path: fmt.Sprintf("[%d]", i), Msg: fmt.Sprintf("expected a market code (ISO 3166 such as DE or US-CA, US-NY-NYC, or EU), found %q%s", s, suggest(strings.ToUpper(s), e.marketCodes())), Err: ErrInvalidProfile})
				continue
			}
		case !f.allowed(s):
			errs = append(errs, &Error{Path: fmt.Sprintf("[%d]", i), Msg: fmt.Sprintf("expected one of %s, found %q%s", strings.Join(f.valueNames(), ", "), s, suggest(s, f.valueNames())), Err: ErrInvalidProfile})
			continue
		}
		if len(f.Values) > 0 && seen[s] {
			continue // a value listed twice counts once
		}
		seen[s] = true
		vals = append(vals, types.String(s))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return types.NewRefValList(types.DefaultTypeAdapter, vals), nil
}

func (e *Engine) marketCodes() []string {
	out := make([]string, 0, len(e.markets))
	for c := range e.markets {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case bool:
		return fmt.Sprintf("%t", x)
	case []any, []string:
		return "a list"
	case map[string]any, Facts:
		return "a group of facts"
	case time.Time, Date:
		return "a date"
	}
	if _, ok := toFloat(v); ok {
		return fmt.Sprintf("the number %v", v)
	}
	return fmt.Sprintf("a %T", v)
}

func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case uint:
		return int64(x), x <= math.MaxInt64
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		return int64(x), x <= math.MaxInt64
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), true
		}
	case float32:
		if float64(x) == math.Trunc(float64(x)) && math.Abs(float64(x)) < 1<<24 {
			return int64(x), true
		}
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case float32:
		return float64(x), !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0)
	}
	if i, ok := toInt(v); ok {
		return float64(i), true
	}
	return 0, false
}

func toStrings(v any) ([]string, bool) {
	switch l := v.(type) {
	case []string:
		return l, true
	case []any:
		out := make([]string, len(l))
		for i, x := range l {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// ParseProfile decodes a profile from YAML or JSON. The document has the
// fields name, description and facts; facts may be nested by group or
// written with dotted names. A null fact is unknown, as if left out.
//
// Decoding is strict: an unknown field or fact, or a value of the wrong type,
// is an error naming the file position, the field path, what was expected
// and what was found, with a suggestion where one is close. A non-nil error
// is an [ErrorList].
func (e *Engine) ParseProfile(file string, data []byte) (*Profile, error) {
	root, perr := parseYAML(file, data, ErrInvalidProfile)
	if perr != nil {
		return nil, ErrorList{perr}
	}
	p, errs := e.profileFromNode(file, root)
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	return p, nil
}

// profileFromNode decodes a profile mapping node.
func (e *Engine) profileFromNode(file string, root *yaml.Node) (*Profile, ErrorList) {
	var errs ErrorList
	at := func(n *yaml.Node) Position { return Position{File: file, Line: n.Line, Column: n.Column} }
	fail := func(n *yaml.Node, path, format string, args ...any) {
		errs = append(errs, &Error{Pos: at(n), Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidProfile})
	}
	root = resolve(root)
	if root == nil || root.Kind != yaml.MappingNode {
		if root == nil {
			return nil, ErrorList{{Pos: Position{File: file}, Msg: "empty profile", Err: ErrInvalidProfile}}
		}
		fail(root, "", "expected a mapping with name, description and facts, found %s", kindName(root))
		return nil, errs
	}
	p := &Profile{Facts: Facts{}}
	fields := []string{"name", "description", "facts"}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolve(root.Content[i+1])
		if seen[k.Value] {
			fail(k, k.Value, "given twice")
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "name", "description":
			if v.Kind != yaml.ScalarNode || isNull(v) {
				fail(v, k.Value, "expected a string, found %s", kindName(v))
				continue
			}
			if k.Value == "name" {
				p.Name = v.Value
			} else {
				p.Description = v.Value
			}
		case "facts":
			if isNull(v) {
				continue
			}
			if v.Kind != yaml.MappingNode {
				fail(v, "facts", "expected a mapping of facts, found %s", kindName(v))
				continue
			}
			errs = append(errs, e.factsFromNode(file, "", v, p.Facts)...)
		default:
			hint := suggest(k.Value, fields)
			if hint == "" && (e.Fact(k.Value) != nil || e.hasGroup(k.Value)) {
				hint = " (facts go under facts:)"
			}
			fail(k, k.Value, "unknown field%s", hint)
		}
	}
	return p, errs
}

func (e *Engine) hasGroup(g string) bool {
	for _, n := range e.factNames() {
		if strings.HasPrefix(n, g+".") {
			return true
		}
	}
	return false
}

// factsFromNode decodes a (possibly nested) mapping of facts into out, with
// dotted names.
func (e *Engine) factsFromNode(file, prefix string, n *yaml.Node, out Facts) ErrorList {
	var errs ErrorList
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		name := k.Value
		if prefix != "" {
			name = prefix + "." + k.Value
		}
		path := "facts." + name
		pos := Position{File: file, Line: k.Line, Column: k.Column}
		fact := e.Fact(name)
		if fact == nil && v.Kind == yaml.MappingNode && e.hasGroup(name) {
			errs = append(errs, e.factsFromNode(file, name, v, out)...)
			continue
		}
		if fact == nil {
			errs = append(errs, &Error{Pos: pos, Path: path, Msg: "unknown fact" + suggest(name, e.factNames()), Err: ErrInvalidProfile})
			continue
		}
		if _, dup := out[name]; dup {
			errs = append(errs, &Error{Pos: pos, Path: path, Msg: "fact given twice", Err: ErrInvalidProfile})
			continue
		}
		if isNull(v) {
			out[name] = nil
			continue
		}
		var val any
		vpos := Position{File: file, Line: v.Line, Column: v.Column}
		switch {
		case v.Kind == yaml.SequenceNode:
			l := make([]string, len(v.Content))
			ok := true
			for j, c := range v.Content {
				c = resolve(c)
				if c.Kind != yaml.ScalarNode || isNull(c) {
					errs = append(errs, &Error{Pos: Position{File: file, Line: c.Line, Column: c.Column}, Path: fmt.Sprintf("%s[%d]", path, j),
						Msg: fmt.Sprintf("expected a string, found %s", kindName(c)), Err: ErrInvalidProfile})
					ok = false
					continue
				}
				l[j] = c.Value
			}
			if !ok {
				continue
			}
			val = l
		case v.Kind == yaml.ScalarNode:
			val = scalarValue(v, fact.Type)
		default:
			errs = append(errs, &Error{Pos: vpos, Path: path, Msg: fmt.Sprintf("expected %s, found %s", fact.Type.expected(), kindName(v)), Err: ErrInvalidProfile})
			continue
		}
		if _, cerrs := e.convert(fact, val); len(cerrs) > 0 {
			for _, err := range cerrs {
				rel := err.Path
				err.Path = path + rel
				err.Pos = vpos
				var j int
				if _, serr := fmt.Sscanf(rel, "[%d]", &j); serr == nil && v.Kind == yaml.SequenceNode && j >= 0 && j < len(v.Content) {
					err.Pos = Position{File: file, Line: v.Content[j].Line, Column: v.Content[j].Column}
				}
			}
			errs = append(errs, cerrs...)
			continue
		}
		out[name] = val
	}
	return errs
}

// scalarValue reads a YAML scalar as the Go value closest to what the fact
// expects, keeping the YAML type so that mismatches are reported.
func scalarValue(n *yaml.Node, t FactType) any {
	switch n.Tag {
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	case "!!timestamp":
		if t == TypeDate {
			if d, err := ParseDate(n.Value); err == nil {
				return d
			}
		}
	}
	return n.Value
}
