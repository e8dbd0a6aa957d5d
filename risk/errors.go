package risk

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/airisk/airisk/internal/didyoumean"
)

// Sentinel errors that callers can test with [errors.Is].
var (
	// ErrUnknownJurisdiction reports an assessment restricted to a jurisdiction
	// for which the engine has no rule set.
	ErrUnknownJurisdiction = errors.New("unknown jurisdiction")
	// ErrBudgetExceeded reports a rule whose evaluation exceeded the engine's
	// cost limit.
	ErrBudgetExceeded = errors.New("rule evaluation cost limit exceeded")
	// ErrInvalidProfile is matched by every profile error.
	ErrInvalidProfile = errors.New("invalid profile")
	// ErrInvalidRules is matched by every rule-loading error.
	ErrInvalidRules = errors.New("invalid rules")
)

// Position is a place in a rule, profile or casebook file. Line and Column
// are 1-based; Column counts Unicode code points. The zero Position means
// "no position".
type Position struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// IsValid reports whether p names a line.
func (p Position) IsValid() bool { return p.Line > 0 }

// String formats p as file:line:column, leaving out the parts that are unset.
func (p Position) String() string {
	s := p.File
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += fmt.Sprintf("%d", p.Line)
		if p.Column > 0 {
			s += fmt.Sprintf(":%d", p.Column)
		}
	}
	return s
}

// Error is one problem in a rule file, a profile or a casebook, or one rule
// that failed at evaluation time.
type Error struct {
	// Pos is where the problem is, when known.
	Pos Position `json:"pos"`
	// Path is the field path inside the document (for example
	// "facts.org.roles[1]"), when the problem concerns one field.
	Path string `json:"path,omitempty"`
	// RuleSet and Rule name the rule set and rule concerned, when any.
	RuleSet string `json:"rule_set,omitempty"`
	Rule    string `json:"rule,omitempty"`
	// Msg says what is wrong, in lower case, without a final period.
	Msg string `json:"message"`
	// Err is the underlying cause, if any. It is one of the package's
	// sentinel errors or an error from a dependency.
	Err error `json:"-"`
}

// Error formats e as "file:line:col: rule set "id" rule "id": path: message".
func (e *Error) Error() string {
	var b strings.Builder
	if s := e.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if e.RuleSet != "" {
		fmt.Fprintf(&b, "rule set %q ", e.RuleSet)
	}
	if e.Rule != "" {
		fmt.Fprintf(&b, "rule %q ", e.Rule)
	}
	if e.RuleSet != "" || e.Rule != "" {
		s := strings.TrimSuffix(b.String(), " ")
		b.Reset()
		b.WriteString(s)
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the cause of e.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is a list of errors, sorted by position. The errors returned by
// [New], [Engine.ParseProfile] and [Engine.Assess] for bad input are
// ErrorLists.
type ErrorList []*Error

// Error prints the first error and how many more there are; use [ErrorList.Full]
// or range over the list to see them all.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Full prints every error on its own line.
func (l ErrorList) Full() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns l as an error, or nil if l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the errors of l, so that [errors.Is] and [errors.As] see
// each of them.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// sort orders l by file, line and column, keeping the order of errors at the
// same place.
func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// sortByPath orders l by field path, for errors without positions.
func (l ErrorList) sortByPath() {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Path < l[j].Path })
}

// didYouMean returns the candidate closest to s, or "" if none is close
// enough to be a likely misspelling.
func didYouMean(s string, candidates []string) string { return didyoumean.Closest(s, candidates) }

// suggest formats a did-you-mean hint, or "" when there is none.
func suggest(s string, candidates []string) string { return didyoumean.Hint(s, candidates) }
