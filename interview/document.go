package interview

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/airisk/airisk/risk"
	"go.yaml.in/yaml/v3"
)

// Document is a profile file being completed. It keeps the file's YAML
// node tree so that comments, key order and the style of the facts (nested
// groups or dotted names, block or flow) survive when facts are added.
type Document struct {
	name   string
	root   *yaml.Node // the document node
	indent int
}

// ParseDocument parses a profile file. It checks only that the file is a
// YAML mapping; [risk.Engine.ParseProfile] checks the facts.
func ParseDocument(name string, data []byte) (*Document, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if root.Kind == 0 { // an empty file
		root = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: a profile must be a YAML mapping with name, description and facts", name)
	}
	return &Document{name: name, root: &root, indent: detectIndent(data)}, nil
}

// Name returns the file name the document was parsed from.
func (d *Document) Name() string { return d.name }

// Bytes encodes the document as YAML.
func (d *Document) Bytes() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(d.indent)
	if err := enc.Encode(d.root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// clone returns a deep copy of the document.
func (d *Document) clone() *Document {
	return &Document{name: d.name, root: cloneNode(d.root), indent: d.indent}
}

func cloneNode(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = cloneNode(x)
	}
	// Aliases point into the tree; profiles rarely use them, and an alias
	// node keeps pointing at the original, which is not modified.
	return &c
}

// Set sets a fact, given as a dotted name, to a value: bool, int64,
// float64, string, [risk.Date] or []string. A fact already in the file
// (such as one written as null) is replaced in place. A new fact is added
// under facts: in the style the file uses there: inside its group's
// mapping when the file nests groups (org: {roles: ...}), as a dotted key
// next to its group's other keys when the file uses dotted names
// (org.roles: ...).
func (d *Document) Set(fact string, value any) error {
	val, err := valueNode(value)
	if err != nil {
		return fmt.Errorf("%s: %w", fact, err)
	}
	facts := d.facts()
	insert(facts, strings.Split(fact, "."), val)
	return nil
}

// facts returns the mapping node of facts:, creating it if needed.
func (d *Document) facts() *yaml.Node {
	m := d.root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "facts" {
			v := m.Content[i+1]
			if v.Kind != yaml.MappingNode {
				nv := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", LineComment: v.LineComment}
				m.Content[i+1] = nv
				return nv
			}
			return v
		}
	}
	nv := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "facts"}, nv)
	return nv
}

// insert adds or replaces the fact named by segs in mapping m.
func insert(m *yaml.Node, segs []string, val *yaml.Node) {
	full := strings.Join(segs, ".")
	if i := keyIndex(m, full); i >= 0 {
		old := m.Content[i+1]
		val.LineComment, val.HeadComment, val.FootComment = old.LineComment, old.HeadComment, old.FootComment
		m.Content[i+1] = val
		return
	}
	// A group already there, nested under one of the name's prefixes.
	for n := len(segs) - 1; n >= 1; n-- {
		if i := keyIndex(m, strings.Join(segs[:n], ".")); i >= 0 {
			child := m.Content[i+1]
			if child.Kind == yaml.ScalarNode && child.Tag == "!!null" {
				child = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: groupStyle(m), LineComment: child.LineComment}
				m.Content[i+1] = child
			}
			if child.Kind == yaml.MappingNode {
				insert(child, segs[n:], val)
				return
			}
		}
	}
	key := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	if len(segs) == 1 {
		m.Content = append(m.Content, key(full), val)
		return
	}
	// Dotted keys of the same group: add the fact after the last of them.
	last := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if strings.HasPrefix(m.Content[i].Value, segs[0]+".") {
			last = i
		}
	}
	if last >= 0 {
		m.Content = append(m.Content[:last+2], append([]*yaml.Node{key(full), val}, m.Content[last+2:]...)...)
		return
	}
	dotted, nested := 0, 0
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch {
		case strings.Contains(m.Content[i].Value, "."):
			dotted++
		case m.Content[i+1].Kind == yaml.MappingNode:
			nested++
		}
	}
	if dotted > nested {
		m.Content = append(m.Content, key(full), val)
		return
	}
	child := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: groupStyle(m)}
	m.Content = append(m.Content, key(segs[0]), child)
	insert(child, segs[1:], val)
}

// groupStyle returns the style of m's group mappings: flow when most are
// written {like: this}.
func groupStyle(m *yaml.Node) yaml.Style {
	flow, block := 0, 0
	for i := 1; i < len(m.Content); i += 2 {
		if c := m.Content[i]; c.Kind == yaml.MappingNode {
			if c.Style&yaml.FlowStyle != 0 {
				flow++
			} else {
				block++
			}
		}
	}
	if flow > block {
		return yaml.FlowStyle
	}
	return 0
}

func keyIndex(m *yaml.Node, k string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return i
		}
	}
	return -1
}

// valueNode makes the YAML node of a fact value.
func valueNode(v any) (*yaml.Node, error) {
	scalar := func(tag, s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s} }
	switch x := v.(type) {
	case bool:
		return scalar("!!bool", strconv.FormatBool(x)), nil
	case int64:
		return scalar("!!int", strconv.FormatInt(x, 10)), nil
	case int:
		return scalar("!!int", strconv.Itoa(x)), nil
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return scalar("!!float", s), nil
	case string:
		return scalar("!!str", x), nil
	case risk.Date:
		return scalar("!!timestamp", x.String()), nil
	case []string:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for _, s := range x {
			n.Content = append(n.Content, scalar("!!str", s))
		}
		return n, nil
	}
	return nil, fmt.Errorf("unsupported value %T", v)
}

// detectIndent returns the indentation of the first indented line, or 2.
func detectIndent(data []byte) int {
	for _, line := range strings.Split(string(data), "\n") {
		t := strings.TrimLeft(line, " ")
		if t == "" || t == line || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "- ") {
			continue
		}
		if n := len(line) - len(t); n >= 2 && n <= 8 {
			return n
		}
	}
	return 2
}
