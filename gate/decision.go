package gate

import "github.com/airisk/airisk/risk"

// DecisionSchema identifies the version of the JSON form of [Decision]. It
// changes when a field is renamed or removed, or changes meaning.
const DecisionSchema = "airisk.gate/v1"

// Verdict is the gate's answer.
type Verdict string

// The verdicts.
const (
	Launch Verdict = "launch" // nothing blocks the launch
	Block  Verdict = "block"  // at least one blocker
)

// Kind says what a [Finding] is about.
type Kind string

// The kinds of finding.
const (
	// KindTier: a target market's tier is at or above the blocking
	// severity. The finding's ID is the severity's name, such as
	// "prohibited".
	KindTier Kind = "tier"
	// KindMissingEvidence: a duty in force on the launch date has no
	// evidence. The ID is the duty's id.
	KindMissingEvidence Kind = "missing_evidence"
	// KindUndetermined: facts missing from the profile could change the
	// answer for a market. The ID is "undetermined".
	KindUndetermined Kind = "undetermined"
	// KindRuleError: a rule failed at evaluation time. The ID is
	// "rule_error".
	KindRuleError Kind = "rule_error"
	// KindUpcomingDuty: a duty applies from a date after the launch. The
	// ID is the duty's id.
	KindUpcomingDuty Kind = "upcoming_duty"
	// KindAdvisoryDuty: non-binding guidance recommends a duty. The ID is
	// the duty's id.
	KindAdvisoryDuty Kind = "advisory_duty"
	// KindUncovered: the engine has no rule set for a target market, so the
	// gate cannot speak for it. The ID is "uncovered".
	KindUncovered Kind = "uncovered"
)

// Decision is the gate's answer for one profile, launch date and set of
// target markets, with every reason.
type Decision struct {
	// Schema is DecisionSchema.
	Schema string `json:"schema"`
	// Verdict is Block when Blockers is not empty, else Launch.
	Verdict Verdict `json:"verdict"`
	// Profile is the profile's name.
	Profile string `json:"profile,omitempty"`
	// ProfileFile is the file the profile was read from, when the caller
	// sets it; reports point at it.
	ProfileFile string `json:"profile_file,omitempty"`
	// LaunchDate is the date the law was applied as of.
	LaunchDate risk.Date `json:"launch_date"`
	// Markets are the target markets.
	Markets []string `json:"markets"`
	// Policy is the policy applied, with its defaults filled in.
	Policy Policy `json:"policy"`
	// Jurisdictions summarises the answer for each assessed jurisdiction.
	Jurisdictions []Jurisdiction `json:"jurisdictions"`
	// Blockers are the reasons the launch is blocked.
	Blockers []Finding `json:"blockers"`
	// Warnings do not block: advisory duties, upcoming duties within the
	// warning window, uncovered markets, and undetermined answers when the
	// policy allows them.
	Warnings []Finding `json:"warnings"`
	// Notes are upcoming duties beyond the warning window.
	Notes []Finding `json:"notes,omitempty"`
	// Satisfied are the duties for which evidence was given.
	Satisfied []Satisfied `json:"satisfied,omitempty"`
}

// Launchable reports whether the verdict is Launch.
func (d *Decision) Launchable() bool { return d.Verdict == Launch }

// Jurisdiction is the gate's summary of one jurisdiction's result.
type Jurisdiction struct {
	// Code is the market code, such as "EU" or "US-CA"; Name its name.
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
	// Tier is the jurisdiction's tier on the launch date.
	Tier risk.Tier `json:"tier"`
	// Determined is false when missing facts could change the answer.
	Determined bool `json:"determined"`
	// PossibleTier is the most severe tier the open questions could lead
	// to.
	PossibleTier risk.Tier `json:"possible_tier"`
}

// Finding is one reason to block, warn or note.
type Finding struct {
	// Kind says what the finding is about.
	Kind Kind `json:"kind"`
	// ID identifies what the finding is about: the duty id for duty
	// findings, the severity name for a tier, else the kind ("undetermined",
	// "rule_error", "uncovered").
	ID string `json:"id"`
	// Jurisdiction is the market code concerned.
	Jurisdiction string `json:"jurisdiction"`
	// Instrument is the rule set concerned, when one is.
	Instrument string `json:"instrument,omitempty"`
	// Title is the duty's or tier's title, when there is one.
	Title string `json:"title,omitempty"`
	// Message says what was found, in one line; it does not repeat the
	// jurisdiction.
	Message string `json:"message"`
	// Cite is the full citation of the duty or of the rule that set the
	// tier.
	Cite string `json:"cite,omitempty"`
	// From is the date a duty applies from.
	From risk.Date `json:"from,omitzero"`
	// Rules are the rules behind the finding, with their places in the
	// rule files.
	Rules []RuleRef `json:"rules,omitempty"`
	// Questions are the facts to answer, for an undetermined answer.
	Questions []risk.Question `json:"questions,omitempty"`
}

// RuleRef points at a rule.
type RuleRef struct {
	// Instrument is the rule set's id; Rule the rule's id within it.
	Instrument string `json:"instrument"`
	Rule       string `json:"rule,omitempty"`
	// Cite is the rule's full citation, when the rule matched.
	Cite string `json:"cite,omitempty"`
	// Pos is the rule's place in its file.
	Pos risk.Position `json:"pos,omitzero"`
}

// Satisfied is a duty for which evidence was given.
type Satisfied struct {
	// Duty is the duty's id, Jurisdiction the market it binds in.
	Duty         string `json:"duty"`
	Jurisdiction string `json:"jurisdiction"`
	// Title, Status and Cite are the duty's, as of the launch date.
	Title  string          `json:"title"`
	Status risk.DutyStatus `json:"status"`
	Cite   string          `json:"cite"`
	// Ref and Note are the evidence's.
	Ref  string `json:"ref,omitempty"`
	Note string `json:"note,omitempty"`
}
