// Package yamlnode holds the small helpers the strict YAML decoders of
// risk, gate and plan share for walking yaml.Node trees.
package yamlnode

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SyntaxError is a YAML syntax error with the line it was found on (0 when
// the parser did not say).
type SyntaxError struct {
	Line int
	Msg  string
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses one YAML document and returns the node holding its value
// (nil for an empty document), or the syntax error with its line.
func Parse(data []byte) (*yaml.Node, *SyntaxError) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &SyntaxError{Line: line, Msg: m[2]}
		}
		return nil, &SyntaxError{Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if root.Kind == 0 {
		return nil, nil // an empty document
	}
	return Resolve(&root), nil
}

// Resolve follows aliases and unwraps documents, returning the node that
// holds the value, or nil for an empty document.
func Resolve(n *yaml.Node) *yaml.Node {
	for n != nil && (n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode) {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		} else if len(n.Content) > 0 {
			n = n.Content[0]
		} else {
			return nil
		}
	}
	return n
}

// IsNull reports whether n is an explicit null (`~`, `null` or nothing).
func IsNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// Describe says what a node holds, for "expected X, found Y" messages.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "a boolean " + n.Value
		case "!!int", "!!float":
			return "a number " + n.Value
		case "!!timestamp":
			return "a date " + n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "an unsupported YAML node"
}
