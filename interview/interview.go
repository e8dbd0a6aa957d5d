// Package interview completes a profile by asking only the facts that
// matter: the questions an assessment leaves open, the most decisive first,
// re-assessing after every answer so that an answer can make other
// questions moot or raise new ones. It checks each answer against the
// fact's type and allowed values and writes the answers into the profile's
// YAML without losing its comments.
//
// The questions are put through an [Asker]; [LineAsker] reads one answer
// per line, from a terminal or a pipe.
package interview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/airisk/airisk/risk"
)

// Question is a question put to the person completing the profile.
type Question struct {
	risk.Question
	// Number counts the questions asked, from 1.
	Number int
	// Unit is the fact's unit, if any.
	Unit string
}

// An Asker puts a question and returns the answer as typed. An empty
// answer skips the question and leaves the fact unknown. problem is nil the
// first time a question is put, and the reason the last answer was refused
// when it is put again. Returning io.EOF ends the interview; the answers so
// far are kept.
type Asker interface {
	Ask(q Question, problem error) (string, error)
}

// Result is the outcome of an interview.
type Result struct {
	// Answered and Skipped are the facts answered and skipped, in the order
	// asked.
	Answered []string
	Skipped  []string
	// Report is the assessment of the completed profile.
	Report *risk.Report
	// Done is true when no open question remains unanswered (other than
	// skipped ones); false when the asker ended the interview early.
	Done bool
}

// Run interviews a person about the profile in doc and adds the answers to
// doc. opts configures each assessment. Run stops when no question is
// left, when ask returns io.EOF, or on an error.
//
// When the profile names no markets, markets is asked first, since nothing
// can be assessed without it; skipping it ends the interview (Done is
// false and Report is nil).
func Run(ctx context.Context, e *risk.Engine, doc *Document, ask Asker, opts risk.AssessOptions) (*Result, error) {
	res := &Result{}
	asked := map[string]bool{}
	for n := 1; ; n++ {
		p, err := parse(e, doc)
		if err != nil {
			return nil, err
		}
		var next *risk.Question
		if p.Facts.Flat()["markets"] == nil && len(opts.Jurisdictions) == 0 {
			if asked["markets"] {
				// Markets was skipped: nothing can be assessed without
				// it, so the interview ends here, not done.
				return res, nil
			}
			if f := e.Fact("markets"); f != nil {
				next = &risk.Question{Fact: f.Name, Type: f.Type, Question: f.Question, Help: f.Help, Values: f.Values}
			}
		} else {
			rep, err := e.Assess(ctx, p, opts)
			if err != nil {
				return nil, err
			}
			res.Report = rep
			for _, q := range Questions(rep) {
				if !asked[q.Fact] {
					next = &q
					break
				}
			}
		}
		if next == nil {
			res.Done = true
			return res, nil
		}
		asked[next.Fact] = true
		fact := e.Fact(next.Fact)
		if fact == nil {
			return nil, fmt.Errorf("question about undeclared fact %q", next.Fact)
		}
		q := Question{Question: *next, Number: n, Unit: fact.Unit}
		var problem error
		for {
			text, err := ask.Ask(q, problem)
			if errors.Is(err, io.EOF) {
				return res, nil
			}
			if err != nil {
				return nil, err
			}
			text = strings.TrimSpace(text)
			if text == "" {
				res.Skipped = append(res.Skipped, fact.Name)
				break
			}
			v, err := ParseAnswer(fact, text)
			if err != nil {
				problem = err
				continue
			}
			trial := doc.clone()
			if err := trial.Set(fact.Name, v); err != nil {
				return nil, err
			}
			if _, err := parse(e, trial); err != nil {
				problem = errors.New(reason(err))
				continue
			}
			*doc = *trial
			res.Answered = append(res.Answered, fact.Name)
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

func parse(e *risk.Engine, doc *Document) (*risk.Profile, error) {
	data, err := doc.Bytes()
	if err != nil {
		return nil, err
	}
	return e.ParseProfile(doc.Name(), data)
}

// reason returns the messages of a profile error without positions: they
// would point into the re-encoded file, not anything the person typed.
func reason(err error) string {
	var l risk.ErrorList
	if errors.As(err, &l) {
		var msgs []string
		for _, e := range l {
			msgs = append(msgs, e.Msg)
		}
		return strings.Join(msgs, "; ")
	}
	return err.Error()
}

// Questions returns the open questions of every result of a report,
// merged by fact: the most decisive first, that is the fact more rules
// depend on across all jurisdictions, then in the order the results list
// them.
func Questions(r *risk.Report) []risk.Question {
	var out []risk.Question
	at := map[string]int{}
	for i := range r.Results {
		for _, q := range r.Results[i].Questions {
			j, ok := at[q.Fact]
			if !ok {
				at[q.Fact] = len(out)
				q.Rules = slices.Clone(q.Rules)
				out = append(out, q)
				continue
			}
			for _, rule := range q.Rules {
				if !slices.Contains(out[j].Rules, rule) {
					out[j].Rules = append(out[j].Rules, rule)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Rules) > len(out[j].Rules) })
	return out
}

// ParseAnswer reads typed text as a value of the fact's type: yes/no (or
// true/false) for bool, a whole number for int, a number for number,
// YYYY-MM-DD for date, one of the allowed values for enum, and a
// comma-separated list for list. The value is one [Document.Set] accepts.
func ParseAnswer(f *risk.Fact, text string) (any, error) {
	text = strings.TrimSpace(text)
	switch f.Type {
	case risk.TypeBool:
		switch strings.ToLower(text) {
		case "y", "yes", "true":
			return true, nil
		case "n", "no", "false":
			return false, nil
		}
		return nil, fmt.Errorf("answer yes or no, not %q", text)
	case risk.TypeInt:
		i, err := strconv.ParseInt(strings.ReplaceAll(text, "_", ""), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("answer a whole number, not %q", text)
		}
		return i, nil
	case risk.TypeNumber:
		x, err := strconv.ParseFloat(strings.ReplaceAll(text, "_", ""), 64)
		if err != nil {
			return nil, fmt.Errorf("answer a number (such as 120, 0.5 or 1e25), not %q", text)
		}
		return x, nil
	case risk.TypeDate:
		d, err := risk.ParseDate(text)
		if err != nil {
			return nil, fmt.Errorf("answer a date as YYYY-MM-DD, not %q", text)
		}
		return d, nil
	case risk.TypeEnum:
		if !allowed(f, text) {
			return nil, fmt.Errorf("answer one of %s, not %q", strings.Join(values(f), ", "), text)
		}
		return text, nil
	case risk.TypeList:
		if strings.EqualFold(text, "none") && !allowed(f, text) {
			return []string{}, nil
		}
		var l []string
		for _, s := range strings.Split(text, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			if !allowed(f, s) {
				return nil, fmt.Errorf("%q is not one of %s", s, strings.Join(values(f), ", "))
			}
			if !slices.Contains(l, s) {
				l = append(l, s)
			}
		}
		if l == nil {
			return nil, errors.New("answer a comma-separated list, or none")
		}
		return l, nil
	}
	return text, nil
}

func allowed(f *risk.Fact, v string) bool {
	if len(f.Values) == 0 {
		return true
	}
	return slices.ContainsFunc(f.Values, func(x risk.Value) bool { return x.Value == v })
}

func values(f *risk.Fact) []string {
	out := make([]string, len(f.Values))
	for i, v := range f.Values {
		out[i] = v.Value
	}
	return out
}
