package risk

import (
	"regexp"
	"slices"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types/ref"
)

// FactType is the type of a fact in the vocabulary.
type FactType string

// The fact types. A list is a list of strings; when its fact declares
// values, every entry must be one of them.
const (
	TypeBool   FactType = "bool"
	TypeInt    FactType = "int"
	TypeNumber FactType = "number"
	TypeString FactType = "string"
	TypeDate   FactType = "date"
	TypeEnum   FactType = "enum"
	TypeList   FactType = "list"
)

var factTypes = []string{"bool", "int", "number", "string", "date", "enum", "list"}

// celType returns the CEL type rules see for a fact of type t.
func (t FactType) celType() *cel.Type {
	switch t {
	case TypeBool:
		return cel.BoolType
	case TypeInt:
		return cel.IntType
	case TypeNumber:
		return cel.DoubleType
	case TypeDate:
		return cel.TimestampType
	case TypeList:
		return cel.ListType(cel.StringType)
	default:
		return cel.StringType
	}
}

// expected describes what a value of type t looks like, for error messages.
func (t FactType) expected() string {
	switch t {
	case TypeBool:
		return "true or false"
	case TypeInt:
		return "a whole number"
	case TypeNumber:
		return "a number"
	case TypeDate:
		return "a date YYYY-MM-DD"
	case TypeList:
		return "a list of strings"
	case TypeEnum:
		return "one of the allowed values"
	default:
		return "a string"
	}
}

// Fact is one fact of the vocabulary: something a profile can state about an
// AI system, its use or the organisation behind it.
type Fact struct {
	// Name is the dotted name rules use, such as "org.roles".
	Name string `yaml:"name" json:"name"`
	// Type is the fact's type.
	Type FactType `yaml:"type" json:"type"`
	// Question asks for the fact in words a person can answer.
	Question string `yaml:"question" json:"question"`
	// Help explains the question.
	Help string `yaml:"help" json:"help,omitempty"`
	// Unit is the unit of a numeric fact.
	Unit string `yaml:"unit" json:"unit,omitempty"`
	// Values are the allowed values of an enum or list fact.
	Values []Value `yaml:"values" json:"values,omitempty"`
	// Cites names the provisions that make the fact matter.
	Cites []string `yaml:"cites" json:"cites,omitempty"`
	// Implies states what follows from an answer by definition: face
	// recognition processes biometric data. A profile that leaves the
	// implied fact out gets it; one that contradicts it is an error.
	Implies []Implication `yaml:"implies" json:"implies,omitempty"`
	// Pos is where the fact is declared.
	Pos Position `yaml:"-" json:"-"`

	index int
}

// Implication is one consequence of an answer: when the fact has the value
// If (for a list fact, when it contains If), each fact of Then has the
// given value.
type Implication struct {
	If   any            `yaml:"if" json:"if"`
	Then map[string]any `yaml:"then" json:"then"`
	Pos  Position       `yaml:"-" json:"-"`

	cond    ref.Val
	targets []implied
}

type implied struct {
	index int
	val   ref.Val
}

// Value is an allowed value of an enum or list fact.
type Value struct {
	Value string `yaml:"value" json:"value"`
	Means string `yaml:"means" json:"means,omitempty"`
}

// allowed reports whether v is an allowed value of f. Facts without declared
// values allow anything.
func (f *Fact) allowed(v string) bool {
	if len(f.Values) == 0 {
		return true
	}
	for _, a := range f.Values {
		if a.Value == v {
			return true
		}
	}
	return false
}

func (f *Fact) valueNames() []string {
	out := make([]string, len(f.Values))
	for i, v := range f.Values {
		out[i] = v.Value
	}
	return out
}

// Market is a market code the engine knows by name.
type Market struct {
	// Code is an ISO 3166-1 alpha-2 code, an ISO 3166-2 subdivision code,
	// "US-NY-NYC" or "EU".
	Code string `yaml:"code" json:"code"`
	// Name is the market's English name.
	Name string `yaml:"name" json:"name"`
	// MemberOf is the code of the market this one belongs to (a member
	// state's union, a state's country), if any.
	MemberOf string `yaml:"member_of" json:"member_of,omitempty"`
	// Union is true for a market that stands for all its members, such as
	// "EU": a profile listing it is taken to list every member.
	Union bool `yaml:"union" json:"union,omitempty"`
	// Pos is where the market is declared.
	Pos Position `yaml:"-" json:"-"`
}

var (
	factNameRE   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
	marketCodeRE = regexp.MustCompile(`^(EU|[A-Z]{2}(-[A-Z0-9]{1,3}){0,2})$`)
	idRE         = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.\-]*$`)
)

// reservedNames are CEL words that cannot be a segment of a dotted name.
var reservedNames = []string{"in", "as", "break", "const", "continue", "else", "for", "function",
	"import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
	"true", "false", "null"}

func validFactName(name string) bool {
	if !factNameRE.MatchString(name) {
		return false
	}
	for seg := range splitDots(name) {
		if slices.Contains(reservedNames, seg) {
			return false
		}
	}
	return true
}

func splitDots(s string) func(func(string) bool) {
	return func(yield func(string) bool) {
		start := 0
		for i := 0; i <= len(s); i++ {
			if i == len(s) || s[i] == '.' {
				if !yield(s[start:i]) {
					return
				}
				start = i + 1
			}
		}
	}
}
