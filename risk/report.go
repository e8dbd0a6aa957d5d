package risk

// ReportSchema identifies the version of the JSON form of [Report]. It
// changes when a field is renamed or removed, or changes meaning.
const ReportSchema = "airisk.report/v1"

// Report is the answer for one profile: one Result per jurisdiction whose
// rules were assessed.
type Report struct {
	// Schema is ReportSchema.
	Schema string `json:"schema"`
	// Profile is the profile's name.
	Profile string `json:"profile,omitempty"`
	// AsOf is the date the law was applied as of.
	AsOf Date `json:"as_of"`
	// Markets are the profile's markets, as given.
	Markets []string `json:"markets"`
	// Results holds one result per assessed jurisdiction, ordered by
	// jurisdiction code.
	Results []Result `json:"results"`
	// Uncovered lists the profile's markets for which the engine has no rule
	// set, in that market or in any market it belongs to.
	Uncovered []string `json:"uncovered,omitempty"`
}

// Determined reports whether every result is determined.
func (r *Report) Determined() bool {
	for i := range r.Results {
		if !r.Results[i].Determined {
			return false
		}
	}
	return true
}

// Result returns the result for a jurisdiction, or nil.
func (r *Report) Result(jurisdiction string) *Result {
	for i := range r.Results {
		if r.Results[i].Jurisdiction == jurisdiction {
			return &r.Results[i]
		}
	}
	return nil
}

// Tier is a tier label of an instrument placed on the common ladder.
type Tier struct {
	// Label is the instrument's own word for the tier, such as "high_risk"
	// or "filing_and_security_assessment".
	Label string `json:"label"`
	// Severity is the label's place on the common ladder.
	Severity Severity `json:"severity"`
	// Instrument is the rule set the label comes from.
	Instrument string `json:"instrument,omitempty"`
}

// Result is the answer for one jurisdiction.
type Result struct {
	// Jurisdiction is the market code, such as "EU", "US-CA" or "CN".
	Jurisdiction string `json:"jurisdiction"`
	// Name is the jurisdiction's name.
	Name string `json:"name,omitempty"`
	// Tier is the most severe tier of the jurisdiction's instruments,
	// counting only rules that are known to match and in force.
	Tier Tier `json:"tier"`
	// PossibleTier is the most severe tier the answers to the open
	// questions could lead to. It equals Tier when the result is determined.
	PossibleTier Tier `json:"possible_tier"`
	// Determined is false when facts missing from the profile could change
	// the tier, the designations or the duties; Questions then lists them.
	Determined bool `json:"determined"`
	// Instruments holds each assessed instrument's own classification.
	Instruments []InstrumentResult `json:"instruments"`
	// Designations are labels that are not tiers, such as
	// "gpai_systemic_risk".
	Designations []Designation `json:"designations,omitempty"`
	// Matches are the rules that matched, or that will match from a later
	// date.
	Matches []Match `json:"matches,omitempty"`
	// Duties are the duties that follow, deduplicated, ordered by date then
	// instrument and id.
	Duties []Duty `json:"duties,omitempty"`
	// Questions are the facts still unknown that could change the answer,
	// the most decisive first.
	Questions []Question `json:"questions,omitempty"`
	// Flags are warnings from the instruments, such as "preemption_risk".
	Flags []string `json:"flags,omitempty"`
	// Errors are rules that failed at evaluation time. They do not stop the
	// other rules; a result with errors is not determined.
	Errors []*Error `json:"errors,omitempty"`
}

// InstrumentResult is one instrument's own classification.
type InstrumentResult struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Citation   string `json:"citation"`
	Status     Status `json:"status"`
	StatusNote string `json:"status_note,omitempty"`
	Checked    Date   `json:"checked"`
	// Applies is false when the instrument does not apply: out of scope,
	// excluded, not yet or no longer in force, repealed or enjoined. Note
	// says why.
	Applies bool   `json:"applies"`
	Note    string `json:"note,omitempty"`
	// Tier is the instrument's tier.
	Tier Tier `json:"tier"`
	// Determined is false when missing facts could change this instrument's
	// answer.
	Determined bool     `json:"determined"`
	Flags      []string `json:"flags,omitempty"`
}

// MatchStatus says whether a matching rule is in force on the assessment
// date.
type MatchStatus string

// The match statuses.
const (
	MatchInForce  MatchStatus = "in_force" // the rule applies on the assessment date
	MatchUpcoming MatchStatus = "upcoming" // the rule will apply from a later date
)

// Match is a rule that matched.
type Match struct {
	Instrument string `json:"instrument"`
	Rule       string `json:"rule"`
	// Cite is the full citation: the instrument's citation and the rule's
	// provision.
	Cite    string      `json:"cite"`
	Because string      `json:"because"`
	Tier    string      `json:"tier,omitempty"`
	Exclude bool        `json:"exclude,omitempty"`
	Status  MatchStatus `json:"status"`
	// From and Until bound when the rule applies: from the later of its own
	// date and its instrument's, until its end date, if any.
	From  Date `json:"from,omitzero"`
	Until Date `json:"until,omitzero"`
	// Presumed is true when the rule's condition holds but whether its
	// exception applies is not known: it counts as a match (a missing answer
	// never lowers a tier) and the result asks about the exception.
	Presumed bool `json:"presumed,omitempty"`
	// Facts are the facts the rule's condition reads.
	Facts []string `json:"facts,omitempty"`
	// Pos is the rule's place in its file.
	Pos Position `json:"pos"`
}

// DutyStatus says how a duty stands on the assessment date.
type DutyStatus string

// The duty statuses.
const (
	DutyInForce  DutyStatus = "in_force" // applies now
	DutyUpcoming DutyStatus = "upcoming" // applies from a later date
	DutyAdvisory DutyStatus = "advisory" // recommended by non-binding guidance
)

// Duty is a duty that follows for the profile.
type Duty struct {
	ID         string   `json:"id"`
	Instrument string   `json:"instrument"`
	Title      string   `json:"title"`
	Do         string   `json:"do"`
	Actors     []string `json:"actors"`
	// Cite is the full citation.
	Cite      string    `json:"cite"`
	Principle Principle `json:"principle"`
	// Status is in force, upcoming or advisory; From is the date it applies
	// from (for an upcoming duty, the later of the duty's and the rule's
	// dates).
	Status          DutyStatus `json:"status"`
	From            Date       `json:"from"`
	Until           Date       `json:"until,omitzero"`
	EnforceableFrom Date       `json:"enforceable_from,omitzero"`
	Penalty         string     `json:"penalty,omitempty"`
	// Rules are the ids of the rules that imposed the duty.
	Rules []string `json:"rules"`
	// OtherRole is true for a duty of a role the profile does not hold,
	// shown only when [AssessOptions].AllRoles is set.
	OtherRole bool `json:"other_role,omitempty"`
}

// Question is a fact the profile leaves out that could change the answer.
type Question struct {
	Fact     string   `json:"fact"`
	Type     FactType `json:"type"`
	Question string   `json:"question"`
	Help     string   `json:"help,omitempty"`
	Values   []Value  `json:"values,omitempty"`
	// Rules are the rules whose outcome depends on the fact, as
	// "instrument/rule".
	Rules []string `json:"rules"`
}
