// Package report renders assessment reports from package risk for people
// and machines: readable text for a terminal and JSON with a versioned
// schema.
package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
)

// JSON writes r as indented JSON. The document's "schema" field names its
// version ([risk.ReportSchema]).
func JSON(w io.Writer, r *risk.Report) error {
	if r == nil {
		return errNilReport
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Text writes r as plain text for a terminal: per jurisdiction, the tier,
// why, the duties in force and upcoming, and the open questions.
func Text(w io.Writer, r *risk.Report) error {
	if r == nil {
		return errNilReport
	}
	tw := &errWriter{w: w}
	title := r.Profile
	if title == "" {
		title = "profile"
	}
	tw.printf("%s: as of %s\n", title, r.AsOf)
	tw.printf("markets: %s\n", strings.Join(r.Markets, ", "))
	if len(r.Uncovered) > 0 {
		tw.printf("no rule sets for: %s\n", strings.Join(r.Uncovered, ", "))
	}
	for i := range r.Results {
		textResult(tw, &r.Results[i])
	}
	tw.printf("\nThis report applies encoded rules; it is not legal advice.\n")
	return tw.err
}

func textResult(tw *errWriter, res *risk.Result) {
	tw.printf("\n== %s: %s", jurisdictionName(gate.Jurisdiction{Code: res.Jurisdiction, Name: res.Name}), res.Tier.Severity)
	if res.Tier.Label != "" {
		tw.printf(" [%s]", res.Tier.Label)
	}
	if !res.Determined {
		tw.printf(", not determined")
		if res.PossibleTier.Severity > res.Tier.Severity {
			tw.printf(": could be %s [%s]", res.PossibleTier.Severity, res.PossibleTier.Label)
		}
	}
	tw.printf("\n")
	for _, f := range res.Flags {
		tw.printf("  flag: %s\n", f)
	}
	tw.printf("  instruments:\n")
	for _, in := range res.Instruments {
		state := in.Tier.Label
		if !in.Applies {
			state = "does not apply"
			if in.Note != "" {
				state += " (" + in.Note + ")"
			}
		}
		tw.printf("    %s: %s [%s, checked %s]\n", in.Title, state, in.Status, in.Checked)
	}
	if len(res.Designations) > 0 {
		tw.printf("  designations:\n")
		for _, d := range res.Designations {
			tw.printf("    %s: %s (%s)\n", d.ID, d.Title, d.Cite)
		}
	}
	if len(res.Matches) > 0 {
		tw.printf("  why:\n")
		for _, m := range res.Matches {
			extra := ""
			if m.Status == risk.MatchUpcoming {
				extra = fmt.Sprintf(" (from %s)", m.From)
			}
			if m.Presumed {
				extra += " (presumed: whether an exception applies is an open question)"
			}
			tw.printf("    %s%s: %s\n      %s\n", m.Cite, extra, m.Because, m.Pos)
		}
	}
	for _, group := range []struct {
		title string
		st    risk.DutyStatus
	}{{"duties in force", risk.DutyInForce}, {"upcoming duties", risk.DutyUpcoming}, {"advisory", risk.DutyAdvisory}} {
		var ds []risk.Duty
		for _, d := range res.Duties {
			if d.Status == group.st {
				ds = append(ds, d)
			}
		}
		if len(ds) == 0 {
			continue
		}
		tw.printf("  %s:\n", group.title)
		for _, d := range ds {
			when := "since " + d.From.String()
			if d.Status == risk.DutyUpcoming {
				when = "from " + d.From.String()
			}
			other := ""
			if d.OtherRole {
				other = ", another role"
			}
			tw.printf("    %s [%s%s] %s (%s)\n      %s\n", d.ID, strings.Join(d.Actors, ", "), other, d.Title, when, d.Cite)
			if !d.EnforceableFrom.IsZero() {
				tw.printf("      enforceable from %s\n", d.EnforceableFrom)
			}
		}
	}
	if len(res.Questions) > 0 {
		tw.printf("  open questions:\n")
		for _, q := range res.Questions {
			tw.printf("    %s: %s", q.Fact, q.Question)
			if len(q.Values) > 0 {
				vs := make([]string, len(q.Values))
				for i, v := range q.Values {
					vs[i] = v.Value
				}
				tw.printf(" [%s]", strings.Join(vs, ", "))
			}
			tw.printf("\n")
		}
	}
	for _, e := range res.Errors {
		tw.printf("  error: %v\n", e)
	}
}

// Every writer refuses a nil report or decision with an error, rather
// than panic.
var (
	errNilReport   = errors.New("report: nil report")
	errNilDecision = errors.New("report: nil gate decision")
)

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
