package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
)

// Markdown writes r as GitHub-flavoured Markdown: per jurisdiction, the
// tier, the instruments, why, the duties with their citations and dates,
// the open questions and any rule errors.
func Markdown(w io.Writer, r *risk.Report) error {
	if r == nil {
		return errNilReport
	}
	mw := &errWriter{w: w}
	mw.printf("# %s: AI law assessment as of %s\n\n", md(profileTitle(r.Profile)), r.AsOf)
	mw.printf("Markets: %s\n", md(strings.Join(r.Markets, ", ")))
	if len(r.Uncovered) > 0 {
		mw.printf("\nNo rule sets for: %s\n", md(strings.Join(r.Uncovered, ", ")))
	}
	for i := range r.Results {
		markdownResult(mw, &r.Results[i])
	}
	mw.printf("\n_%s_\n", disclaimerReport)
	return mw.err
}

func markdownResult(mw *errWriter, res *risk.Result) {
	name := res.Jurisdiction
	if res.Name != "" && res.Name != res.Jurisdiction {
		name += " (" + res.Name + ")"
	}
	mw.printf("\n## %s: %s\n\n", md(name), md(tierLabel(res.Tier)))
	if !res.Determined {
		s := "not determined"
		if res.PossibleTier.Severity > res.Tier.Severity {
			s += ": could be " + tierLabel(res.PossibleTier)
		}
		mw.printf("**%s**\n\n", md(s))
	}
	for _, f := range res.Flags {
		mw.printf("> Flag: `%s`\n\n", code(f))
	}
	mw.printf("| Instrument | Status | Checked | Answer |\n|---|---|---|---|\n")
	for _, in := range res.Instruments {
		state := in.Tier.Label
		if !in.Applies {
			state = "does not apply"
			if in.Note != "" {
				state += " (" + in.Note + ")"
			}
		}
		mw.printf("| %s | %s | %s | %s |\n", cell(in.Title), in.Status, in.Checked, cell(state))
	}
	if len(res.Designations) > 0 {
		mw.printf("\n**Designations**\n\n")
		for _, d := range res.Designations {
			mw.printf("- `%s` %s (%s)\n", code(d.ID), md(d.Title), md(d.Cite))
		}
	}
	if len(res.Matches) > 0 {
		mw.printf("\n**Why**\n\n")
		for _, m := range res.Matches {
			extra := ""
			if m.Status == risk.MatchUpcoming {
				extra = " (from " + m.From.String() + ")"
			}
			if m.Presumed {
				extra += " (presumed: whether an exception applies is an open question)"
			}
			mw.printf("- %s%s: %s `%s`\n", md(m.Cite), extra, md(m.Because), code(m.Pos.String()))
		}
	}
	if len(res.Duties) > 0 {
		mw.printf("\n**Duties**\n\n| Duty | What | Status | From | Actors | Citation |\n|---|---|---|---|---|---|\n")
		for _, d := range res.Duties {
			when := d.From.String()
			if !d.EnforceableFrom.IsZero() {
				when += " (enforceable from " + d.EnforceableFrom.String() + ")"
			}
			actors := strings.Join(d.Actors, ", ")
			if d.OtherRole {
				actors += " (another role)"
			}
			mw.printf("| `%s` | %s | %s | %s | %s | %s |\n", code(d.ID), cell(d.Title), d.Status, when, cell(actors), cell(d.Cite))
		}
	}
	if len(res.Questions) > 0 {
		mw.printf("\n**Open questions**\n\n")
		for _, q := range res.Questions {
			mw.printf("- `%s`: %s%s\n", code(q.Fact), md(q.Question), md(valuesText(q)))
		}
	}
	if len(res.Errors) > 0 {
		mw.printf("\n**Rule errors**\n\n")
		for _, e := range res.Errors {
			mw.printf("- %s\n", md(e.Error()))
		}
	}
}

// GateMarkdown writes a gate decision as GitHub-flavoured Markdown, for a
// pull-request comment: the verdict first, then every blocker, warning and
// note with its citation, the rules behind it and the questions to answer,
// and the duties the evidence covers.
func GateMarkdown(w io.Writer, d *gate.Decision) error {
	if d == nil {
		return errNilDecision
	}
	mw := &errWriter{w: w}
	icon := "✅"
	if d.Verdict != gate.Launch {
		icon = "❌"
	}
	mw.printf("## %s Launch gate: %s\n\n", icon, verdictWord(d.Verdict))
	mw.printf("**%s**, launch on **%s** in %s", md(profileTitle(d.Profile)), d.LaunchDate, md(strings.Join(d.Markets, ", ")))
	if d.ProfileFile != "" {
		mw.printf(" (`%s`)", code(d.ProfileFile))
	}
	mw.printf(": %s, %s.\n\n", count(len(d.Blockers), "blocker"), count(len(d.Warnings), "warning"))
	if len(d.Jurisdictions) > 0 {
		mw.printf("| Market | Tier | Determined |\n|---|---|---|\n")
		for _, j := range d.Jurisdictions {
			det := "yes"
			if !j.Determined {
				det = "no"
				if j.PossibleTier.Severity > j.Tier.Severity {
					det += ", could be " + tierLabel(j.PossibleTier)
				}
			}
			mw.printf("| %s | %s | %s |\n", cell(jurisdictionName(j)), cell(tierLabel(j.Tier)), cell(det))
		}
		mw.printf("\n")
	}
	markdownFindings(mw, "Blockers", d.Blockers, false)
	markdownFindings(mw, "Warnings", d.Warnings, false)
	markdownFindings(mw, "Notes", d.Notes, true)
	if len(d.Satisfied) > 0 {
		mw.printf("### Evidence (%d)\n\n| Market | Duty | Status | Citation | Evidence |\n|---|---|---|---|---|\n", len(d.Satisfied))
		for _, s := range d.Satisfied {
			ev := link(s.Ref)
			if s.Note != "" {
				if ev != "" {
					ev += " "
				}
				ev += "(" + cell(s.Note) + ")"
			}
			mw.printf("| %s | `%s` %s | %s | %s | %s |\n", s.Jurisdiction, code(s.Duty), cell(s.Title), s.Status, cell(s.Cite), ev)
		}
		mw.printf("\n")
	}
	mw.printf("Policy: %s.\n\n_%s_\n", md(policyText(d.Policy)), disclaimerGate)
	return mw.err
}

func markdownFindings(mw *errWriter, title string, fs []gate.Finding, fold bool) {
	if len(fs) == 0 {
		return
	}
	if fold {
		mw.printf("<details><summary>%s (%d)</summary>\n\n", title, len(fs))
	} else {
		mw.printf("### %s (%d)\n\n", title, len(fs))
	}
	for _, f := range fs {
		mw.printf("- **%s**: %s\n", md(f.Jurisdiction), md(f.Message))
		if f.Cite != "" {
			mw.printf("  - %s\n", md(f.Cite))
		}
		for _, r := range f.Rules {
			mw.printf("  - rule `%s`\n", code(ruleText(r)))
		}
		for _, q := range f.Questions {
			mw.printf("  - [ ] `%s`: %s%s\n", code(q.Fact), md(q.Question), md(valuesText(q)))
		}
	}
	if fold {
		mw.printf("\n</details>\n")
	}
	mw.printf("\n")
}

// mdEscaper escapes the characters that Markdown would read as markup in
// running text.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "|", `\|`, "\n", " ",
)

// md escapes text for Markdown.
func md(s string) string { return mdEscaper.Replace(s) }

// cell escapes text for a Markdown table cell.
func cell(s string) string { return md(s) }

// code makes text safe inside a single-backtick code span.
func code(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "\n", " ") }

// link writes a reference as an autolink when it is a plain URL, else as
// escaped text.
func link(ref string) string {
	if (strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://")) && !strings.ContainsAny(ref, " <>|`\n") {
		return "<" + ref + ">"
	}
	return cell(ref)
}

// count formats "1 blocker" or "2 blockers".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
