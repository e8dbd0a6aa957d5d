package report

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
)

// GateJSON writes a gate decision as indented JSON. The document's
// "schema" field names its version ([gate.DecisionSchema]).
func GateJSON(w io.Writer, d *gate.Decision) error {
	if d == nil {
		return errNilDecision
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// GateText writes a gate decision as plain text for a terminal: the
// verdict, each market's tier, then every blocker, warning and note with
// its citation, the rules behind it and the questions to answer, and the
// duties the evidence covers.
func GateText(w io.Writer, d *gate.Decision) error {
	if d == nil {
		return errNilDecision
	}
	tw := &errWriter{w: w}
	tw.printf("%s: %s on %s\n", profileTitle(d.Profile), verdictWord(d.Verdict), d.LaunchDate)
	if d.ProfileFile != "" {
		tw.printf("profile: %s\n", d.ProfileFile)
	}
	tw.printf("markets: %s\n", strings.Join(d.Markets, ", "))
	tw.printf("policy: %s\n", policyText(d.Policy))
	if len(d.Jurisdictions) > 0 {
		tw.printf("\njurisdictions:\n")
		for _, j := range d.Jurisdictions {
			tw.printf("  %s: %s\n", jurisdictionName(j), tierText(j))
		}
	}
	for _, group := range []struct {
		title string
		mark  string
		fs    []gate.Finding
	}{{"blockers", "x", d.Blockers}, {"warnings", "!", d.Warnings}, {"notes", "-", d.Notes}} {
		if len(group.fs) == 0 {
			continue
		}
		tw.printf("\n%s (%d):\n", group.title, len(group.fs))
		for _, f := range group.fs {
			tw.printf("  %s %s: %s\n", group.mark, f.Jurisdiction, f.Message)
			if f.Cite != "" {
				tw.printf("      %s\n", f.Cite)
			}
			for _, r := range f.Rules {
				tw.printf("      rule %s\n", ruleText(r))
			}
			for _, q := range f.Questions {
				tw.printf("      ? %s: %s%s\n", q.Fact, q.Question, valuesText(q))
			}
		}
	}
	if len(d.Satisfied) > 0 {
		tw.printf("\nevidence (%d):\n", len(d.Satisfied))
		for _, s := range d.Satisfied {
			tw.printf("  + %s: %s %q (%s)%s\n", s.Jurisdiction, s.Duty, s.Title, s.Status, refText(s))
		}
	}
	tw.printf("\n%s\n", disclaimerGate)
	return tw.err
}

const (
	disclaimerReport = "This report applies encoded rules; it is not legal advice."
	disclaimerGate   = "This decision applies encoded rules; it is not legal advice."
)

func profileTitle(name string) string {
	if name == "" {
		return "profile"
	}
	return name
}

func verdictWord(v gate.Verdict) string {
	if v == gate.Launch {
		return "LAUNCH"
	}
	return "BLOCKED"
}

func policyText(p gate.Policy) string {
	var b strings.Builder
	b.WriteString("block at " + p.BlockAt.String())
	if p.AllowUndetermined {
		b.WriteString("; undetermined answers warn")
	} else {
		b.WriteString("; undetermined answers block")
	}
	if p.WarnDays > 0 {
		b.WriteString("; warn of duties due within " + strconv.Itoa(p.WarnDays) + " days")
	} else {
		b.WriteString("; no warning window for upcoming duties")
	}
	return b.String()
}

func jurisdictionName(j gate.Jurisdiction) string {
	if j.Name == "" || j.Name == j.Code {
		return j.Code
	}
	return j.Code + " (" + j.Name + ")"
}

func tierText(j gate.Jurisdiction) string {
	s := tierLabel(j.Tier)
	if !j.Determined {
		s += ", not determined"
		if j.PossibleTier.Severity > j.Tier.Severity {
			s += ": could be " + tierLabel(j.PossibleTier)
		}
	}
	return s
}

func tierLabel(t risk.Tier) string {
	if t.Label == "" {
		return t.Severity.String()
	}
	return t.Severity.String() + " [" + t.Label + "]"
}

func ruleText(r gate.RuleRef) string {
	s := r.Instrument
	if r.Rule != "" {
		s += "/" + r.Rule
	}
	if r.Pos.IsValid() {
		s += " at " + r.Pos.String()
	}
	return s
}

func valuesText(q risk.Question) string {
	if len(q.Values) == 0 {
		return ""
	}
	vs := make([]string, len(q.Values))
	for i, v := range q.Values {
		vs[i] = v.Value
	}
	return " [" + strings.Join(vs, ", ") + "]"
}

func refText(s gate.Satisfied) string {
	out := ""
	if s.Ref != "" {
		out += ": " + s.Ref
	}
	if s.Note != "" {
		out += " (" + s.Note + ")"
	}
	return out
}
