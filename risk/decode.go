package risk

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/airisk/airisk/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// decoder decodes YAML nodes into the package's file structs strictly:
// unknown or repeated keys and values of the wrong kind are errors with a
// position, and every error is collected rather than the first only.
type decoder struct {
	file string
	errs ErrorList
}

var (
	nodeType     = reflect.TypeFor[*yaml.Node]()
	positionType = reflect.TypeFor[Position]()
	dateType     = reflect.TypeFor[Date]()
	rolesType    = reflect.TypeFor[Roles]()
)

func (d *decoder) pos(n *yaml.Node) Position {
	return Position{File: d.file, Line: n.Line, Column: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{Pos: d.pos(n), Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidRules})
}

// kindName describes what a node holds, for error messages.
func kindName(n *yaml.Node) string { return yamlnode.Describe(n) }

func resolve(n *yaml.Node) *yaml.Node { return yamlnode.Resolve(n) }

func isNull(n *yaml.Node) bool { return yamlnode.IsNull(n) }

// yamlFields maps the yaml tag names of a struct type to field index paths,
// looking into fields tagged ",inline".
func yamlFields(t reflect.Type) (map[string][]int, []string) {
	m := map[string][]int{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" && f.Type.Kind() == reflect.Struct {
			sub, subNames := yamlFields(f.Type)
			for _, n := range subNames {
				if _, shadowed := m[n]; !shadowed {
					m[n] = append([]int{i}, sub[n]...)
					names = append(names, n)
				}
			}
			continue
		}
		if name == "" || name == "-" {
			continue
		}
		m[name] = []int{i}
		names = append(names, name)
	}
	return m, names
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// decode decodes n into v, reporting problems under the field path.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = resolve(n)
	if n == nil {
		return
	}
	t := v.Type()
	if t == nodeType {
		v.Set(reflect.ValueOf(n))
		return
	}
	if isNull(n) {
		return // leave the zero value
	}
	switch {
	case t == dateType:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, path, "expected a date YYYY-MM-DD, found %s", kindName(n))
			return
		}
		dt, err := ParseDate(n.Value)
		if err != nil {
			d.errorf(n, path, "%v", err)
			return
		}
		v.Set(reflect.ValueOf(dt))
		return
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, path, "expected a mapping, found %s", kindName(n))
			return
		}
		fields, names := yamlFields(t)
		if f, ok := t.FieldByName("Pos"); ok && f.Type == positionType {
			v.FieldByIndex(f.Index).Set(reflect.ValueOf(d.pos(n)))
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			key := k.Value
			idx, ok := fields[key]
			if !ok {
				d.errorf(k, path, "unknown field %q%s", key, suggest(key, names))
				continue
			}
			if seen[key] {
				d.errorf(k, path, "field %q given twice", key)
				continue
			}
			seen[key] = true
			d.decode(val, v.FieldByIndex(idx), join(path, key))
		}
		return
	case t == rolesType && n.Kind == yaml.ScalarNode:
		v.Set(reflect.ValueOf(Roles{n.Value}))
		return
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "expected a list, found %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(t, 0, len(n.Content))
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			if c := resolve(c); c == nil || isNull(c) {
				d.errorf(n, p, "empty list entry")
				continue
			}
			s = reflect.Append(s, reflect.Zero(t.Elem()))
			d.decode(c, s.Index(s.Len()-1), p)
		}
		v.Set(s)
		return
	case t.Kind() == reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			d.errorf(n, path, "%v", err)
			return
		}
		if n.Tag == "!!timestamp" {
			x = n.Value // dates stay text: the fact's type decides
		}
		v.Set(reflect.ValueOf(&x).Elem())
		return
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, path, "expected a mapping, found %s", kindName(n))
			return
		}
		m := reflect.MakeMap(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ev := reflect.New(t.Elem()).Elem()
			d.decode(n.Content[i+1], ev, join(path, k.Value))
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(t.Key()), ev)
		}
		v.Set(m)
		return
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		d.decode(n, p.Elem(), path)
		v.Set(p)
		return
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, path, "expected a single value, found %s", kindName(n))
		return
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(n.Value)
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Tag != "!!bool" || err != nil {
			d.errorf(n, path, "expected true or false, found %s", kindName(n))
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if n.Tag != "!!int" || err != nil {
			d.errorf(n, path, "expected a whole number, found %s", kindName(n))
			return
		}
		v.SetInt(i)
	case reflect.Uint64:
		i, err := strconv.ParseUint(n.Value, 0, 64)
		if n.Tag != "!!int" || err != nil {
			d.errorf(n, path, "expected a whole number, found %s", kindName(n))
			return
		}
		v.SetUint(i)
	default:
		d.errorf(n, path, "cannot decode into %s", t)
	}
}
