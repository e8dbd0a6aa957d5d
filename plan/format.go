package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/airisk/airisk/risk"
)

// disclaimer ends every human-readable output.
const disclaimer = "This applies encoded rules; it is not legal advice."

// WriteJSON writes v (a [Plan], [Timeline] or [Diff]) as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteText writes the plan as plain text for a terminal.
func WriteText(w io.Writer, p *Plan) error {
	pw := &printer{w: w}
	pw.printf("Plan for %s, as of %s\n", name(p.Profile), p.AsOf)
	pw.printf("markets: %s\n", strings.Join(p.Markets, ", "))
	if len(p.Uncovered) > 0 {
		pw.printf("no rule sets for: %s\n", strings.Join(p.Uncovered, ", "))
	}
	pw.printf("\nTiers:\n")
	for _, j := range p.Jurisdictions {
		pw.printf("  %-9s %s%s\n", j.Code, tierText(j.Tier), openText(j))
	}
	if p.Priority != nil {
		pw.printf("\nFirst: %d markets deem the system high-risk\n", len(p.Priority.Jurisdictions))
		for _, h := range p.Priority.Jurisdictions {
			pw.printf("  %-9s %s\n", h.Code, tierText(h.Tier))
			for _, c := range h.Because {
				pw.printf("            %s\n", c)
			}
		}
		if len(p.Priority.Actions) > 0 {
			pw.printf("  do first: %s\n", strings.Join(p.Priority.Actions, ", "))
		}
	}
	pw.printf("\n%d actions cover %d duties.\n", p.Actions, p.Duties)
	for _, g := range p.Principles {
		pw.printf("\n== %s\n", g.Principle)
		for _, a := range g.Actions {
			pw.printf("  %s: %s [%s; %s; %s]\n", a.ID, a.Title, a.Severity, whenText(a.Status, a.From), strings.Join(a.Jurisdictions, ", "))
			if a.Control {
				pw.printf("    %s\n", a.Do)
			}
			for _, d := range a.Duties {
				if a.Control {
					pw.printf("    - %s %s: %s (%s)\n", d.Jurisdiction, d.ID, d.Title, whenText(d.Status, d.From))
				} else {
					pw.printf("    %s (%s)\n", d.Do, whenText(d.Status, d.From))
				}
				pw.printf("      %s\n", d.Cite)
			}
		}
	}
	pw.printf("\n%s\n", disclaimer)
	return pw.err
}

// WriteMarkdown writes the plan as a Markdown document.
func WriteMarkdown(w io.Writer, p *Plan) error {
	pw := &printer{w: w}
	pw.printf("# Compliance plan: %s\n\n", md(name(p.Profile)))
	pw.printf("As of %s, markets: %s.\n\n", p.AsOf, md(strings.Join(p.Markets, ", ")))
	if len(p.Uncovered) > 0 {
		pw.printf("No rule sets for: %s.\n\n", md(strings.Join(p.Uncovered, ", ")))
	}
	if len(p.Jurisdictions) > 0 {
		pw.printf("| Jurisdiction | Tier | Determined |\n|---|---|---|\n")
	}
	for _, j := range p.Jurisdictions {
		det := "yes"
		if !j.Determined {
			det = fmt.Sprintf("no (%d open questions)", j.Open)
		}
		pw.printf("| %s | %s | %s |\n", md(jurName(j.Code, j.Name)), md(tierText(j.Tier)), det)
	}
	if p.Priority != nil {
		pw.printf("\n## First: scenarios several markets deem high-risk\n\n")
		for _, h := range p.Priority.Jurisdictions {
			pw.printf("- **%s**: %s", md(jurName(h.Code, h.Name)), md(tierText(h.Tier)))
			if len(h.Because) > 0 {
				pw.printf(" (%s)", md(strings.Join(h.Because, "; ")))
			}
			pw.printf("\n")
		}
		if len(p.Priority.Actions) > 0 {
			pw.printf("\nDo first: ")
			for i, id := range p.Priority.Actions {
				if i > 0 {
					pw.printf(", ")
				}
				pw.printf("[%s](#%s)", md(id), anchor(id))
			}
			pw.printf(".\n")
		}
	}
	pw.printf("\n%d actions cover %d duties.\n", p.Actions, p.Duties)
	for _, g := range p.Principles {
		pw.printf("\n## %s\n", md(string(g.Principle)))
		for _, a := range g.Actions {
			pw.printf("\n### %s\n\n", md(a.ID))
			pw.printf("**%s**: %s, %s, %s.\n\n", md(a.Title), a.Severity, whenText(a.Status, a.From), md(strings.Join(a.Jurisdictions, ", ")))
			pw.printf("%s\n\n", md(a.Do))
			pw.printf("| Jurisdiction | Duty | Applies | Citation |\n|---|---|---|---|\n")
			for _, d := range a.Duties {
				pw.printf("| %s | %s: %s | %s | %s |\n", d.Jurisdiction, md(d.ID), md(d.Title), whenText(d.Status, d.From), md(d.Cite))
			}
		}
	}
	pw.printf("\n_%s_\n", disclaimer)
	return pw.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func name(s string) string {
	if s == "" {
		return "profile"
	}
	return s
}

func jurName(code, name string) string {
	if name == "" || name == code {
		return code
	}
	return code + " (" + name + ")"
}

func tierText(t risk.Tier) string {
	if t.Label == "" {
		return t.Severity.String()
	}
	return fmt.Sprintf("%s [%s]", t.Severity, t.Label)
}

func openText(j Jurisdiction) string {
	if j.Determined {
		return ""
	}
	if j.Open == 1 {
		return ", not determined: 1 open question"
	}
	return fmt.Sprintf(", not determined: %d open questions", j.Open)
}

func whenText(st risk.DutyStatus, from risk.Date) string {
	switch st {
	case risk.DutyInForce:
		return "in force since " + from.String()
	case risk.DutyUpcoming:
		return "from " + from.String()
	}
	return "advisory, since " + from.String()
}

// md escapes the characters that Markdown tables and emphasis treat
// specially.
func md(s string) string {
	r := strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "\n", " ")
	return r.Replace(s)
}

// anchor returns the GitHub heading anchor of an action id.
func anchor(id string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(id) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// WriteTimelineText writes a timeline as plain text: the tiers at the
// start, then one block per date.
func WriteTimelineText(w io.Writer, t *Timeline) error {
	pw := &printer{w: w}
	pw.printf("Timeline for %s\n", name(t.Profile))
	pw.printf("\nTiers as of %s:\n", t.Start)
	for _, j := range t.Tiers {
		pw.printf("  %-9s %s\n", j.Code, tierText(j.Tier))
	}
	var last risk.Date
	for _, ev := range t.Events {
		if ev.Date != last {
			pw.printf("\n%s\n", ev.Date)
			last = ev.Date
		}
		switch ev.Kind {
		case EventTier:
			old := "not assessed"
			if ev.OldTier != nil {
				old = tierText(*ev.OldTier)
			}
			pw.printf("  %-9s tier: %s -> %s\n", ev.Jurisdiction, old, tierText(*ev.NewTier))
		default:
			what := map[EventKind]string{EventStarts: "starts", EventEnforceable: "enforceable", EventEnds: "ends"}[ev.Kind]
			if ev.Kind == EventStarts && ev.Duty.Status == risk.DutyAdvisory {
				what = "advised"
			}
			pw.printf("  %-9s %-11s %s: %s\n", ev.Jurisdiction, what, ev.Duty.ID, ev.Duty.Title)
			pw.printf("  %-9s %-11s %s\n", "", "", ev.Duty.Cite)
		}
	}
	if len(t.Events) == 0 {
		pw.printf("\nNo changes after %s.\n", t.Start)
	}
	pw.printf("\n%s\n", disclaimer)
	return pw.err
}

// WriteDiffText writes a diff as plain text.
func WriteDiffText(w io.Writer, d *Diff) error {
	pw := &printer{w: w}
	side := func(s Side) string {
		if s.Label == "" {
			return s.AsOf.String()
		}
		return fmt.Sprintf("%s (as of %s)", s.Label, s.AsOf)
	}
	pw.printf("Changes for %s: %s -> %s\n", name(d.Profile), side(d.Old), side(d.New))
	if !d.Changed() {
		pw.printf("\nNothing changes.\n")
	}
	for _, j := range d.Jurisdictions {
		pw.printf("\n== %s", j.Code)
		if j.Name != "" && j.Name != j.Code {
			pw.printf(" (%s)", j.Name)
		}
		pw.printf("\n")
		if j.TierChanged {
			t := func(x *risk.Tier) string {
				if x == nil {
					return "not assessed"
				}
				return tierText(*x)
			}
			pw.printf("  tier: %s -> %s\n", t(j.OldTier), t(j.NewTier))
		}
		for _, c := range j.Duties {
			switch c.Change {
			case DutyAdded:
				pw.printf("  + %s: %s (%s)\n", c.ID, c.Title, whenText(c.NewStatus, c.NewFrom))
			case DutyRemoved:
				pw.printf("  - %s: %s (was %s)\n", c.ID, c.Title, whenText(c.OldStatus, c.OldFrom))
			default:
				pw.printf("  ~ %s: %s (%s -> %s)\n", c.ID, c.Title, whenText(c.OldStatus, c.OldFrom), whenText(c.NewStatus, c.NewFrom))
			}
			pw.printf("      %s\n", c.Cite)
		}
	}
	pw.printf("\n%s\n", disclaimer)
	return pw.err
}
