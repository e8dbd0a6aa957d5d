package interview

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/airisk/airisk/risk"
)

// LineAsker puts questions as text and reads one answer per line. It works
// the same from a terminal and from a pipe; at the end of the input it
// returns io.EOF.
type LineAsker struct {
	in  *bufio.Scanner
	out io.Writer
}

// NewLineAsker returns a LineAsker that reads answers from r and writes
// the questions to w.
func NewLineAsker(r io.Reader, w io.Writer) *LineAsker {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	return &LineAsker{in: sc, out: w}
}

// Ask implements [Asker].
func (a *LineAsker) Ask(q Question, problem error) (string, error) {
	if problem != nil {
		fmt.Fprintf(a.out, "  ! %v\n", problem)
	} else {
		fmt.Fprintf(a.out, "\n%d. %s\n", q.Number, q.Question.Question)
		fmt.Fprintf(a.out, "   fact: %s (%s)\n", q.Fact, typeHint(q))
		if q.Help != "" {
			fmt.Fprintf(a.out, "   %s\n", q.Help)
		}
		width := 0
		for _, v := range q.Values {
			width = max(width, len(v.Value))
		}
		for _, v := range q.Values {
			if v.Means != "" {
				fmt.Fprintf(a.out, "     %-*s  %s\n", width, v.Value, v.Means)
			} else {
				fmt.Fprintf(a.out, "     %s\n", v.Value)
			}
		}
		if len(q.Rules) > 0 {
			rules := q.Rules
			more := ""
			if len(rules) > 3 {
				more = fmt.Sprintf(" and %d more", len(rules)-3)
				rules = rules[:3]
			}
			fmt.Fprintf(a.out, "   decides: %s%s\n", strings.Join(rules, ", "), more)
		}
	}
	fmt.Fprintf(a.out, "   answer (empty to skip): ")
	if !a.in.Scan() {
		fmt.Fprintln(a.out)
		if err := a.in.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	return a.in.Text(), nil
}

func typeHint(q Question) string {
	switch q.Type {
	case risk.TypeBool:
		return "yes or no"
	case risk.TypeInt:
		if q.Unit != "" {
			return "a whole number of " + q.Unit
		}
		return "a whole number"
	case risk.TypeNumber:
		if q.Unit != "" {
			return "a number, in " + q.Unit
		}
		return "a number"
	case risk.TypeDate:
		return "a date, YYYY-MM-DD"
	case risk.TypeEnum:
		return "one of these values"
	case risk.TypeList:
		if len(q.Values) > 0 {
			return "a comma-separated list of these values, or none"
		}
		return "a comma-separated list, or none"
	}
	return "text"
}
