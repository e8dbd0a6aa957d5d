package risk

import (
	"slices"

	"go.yaml.in/yaml/v3"
)

// Instrument describes one rule set: a legal instrument (or a set of
// guidance) as the engine loaded it.
type Instrument struct {
	// ID identifies the rule set, such as "eu.ai_act".
	ID string `yaml:"id" json:"id"`
	// Jurisdiction is the market code the instrument belongs to.
	Jurisdiction string `yaml:"jurisdiction" json:"jurisdiction"`
	// Title is the instrument's English title; TitleLocal its title in the
	// law's own language, when that is not English.
	Title      string `yaml:"title" json:"title"`
	TitleLocal string `yaml:"title_local" json:"title_local,omitempty"`
	// Citation is the instrument's official citation.
	Citation string `yaml:"citation" json:"citation"`
	// Status is the instrument's legal status as of Checked.
	Status     Status `yaml:"status" json:"status"`
	StatusNote string `yaml:"status_note" json:"status_note,omitempty"`
	Checked    Date   `yaml:"checked" json:"checked"`
	// Adopted, when set, is the date the instrument was adopted or
	// published; before it the instrument does not exist and yields nothing.
	Adopted Date `yaml:"adopted" json:"adopted,omitzero"`
	// EffectiveFrom is the default date its duties apply from;
	// EffectiveUntil, if set, the date it stops applying.
	EffectiveFrom  Date `yaml:"effective_from" json:"effective_from,omitzero"`
	EffectiveUntil Date `yaml:"effective_until" json:"effective_until,omitzero"`
	// Sources are the texts the rule set was written from.
	Sources []Source `yaml:"sources" json:"sources,omitempty"`
	// Flags are warnings that hold for every result from the instrument,
	// such as "preemption_risk".
	Flags []string `yaml:"flags" json:"flags,omitempty"`
	// Tiers are the instrument's own tier labels.
	Tiers []TierDef `yaml:"tiers" json:"tiers"`
	// File is the path of the rule-set file inside its file system.
	File string `yaml:"-" json:"file"`
}

// Source is a text a rule set was written from.
type Source struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url,omitempty"`
}

// TierDef is one tier label of an instrument and its place on the common
// severity ladder.
type TierDef struct {
	Label    string   `yaml:"label" json:"label"`
	Severity Severity `yaml:"-" json:"severity"`
	Means    string   `yaml:"means" json:"means,omitempty"`

	SeverityName string   `yaml:"severity" json:"-"`
	Pos          Position `yaml:"-" json:"-"`
}

// Designation is a label an instrument attaches that is not a tier, such as
// "gpai_systemic_risk" or "large_frontier_developer".
type Designation struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	Cite  string `yaml:"cite" json:"cite,omitempty"`
	// Instrument is the rule set that made the designation; it is filled in
	// results.
	Instrument string   `yaml:"-" json:"instrument,omitempty"`
	Pos        Position `yaml:"-" json:"-"`
}

// DutyDef is a duty of an instrument's duty catalogue.
type DutyDef struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	// Do says what to do.
	Do string `yaml:"do" json:"do"`
	// Actors are the roles the duty binds, values of org.roles. A rule file
	// may give one role or a list.
	Actors Roles `yaml:"actor" json:"actors"`
	// Cite is the provision, relative to the instrument's citation.
	Cite string `yaml:"cite" json:"cite"`
	// From and Until bound when the duty applies; From defaults to the
	// instrument's EffectiveFrom.
	From  Date `yaml:"from" json:"from,omitzero"`
	Until Date `yaml:"until" json:"until,omitzero"`
	// EnforceableFrom, when set, is the end of a grace period: the duty
	// applies but is not sanctioned before it.
	EnforceableFrom Date      `yaml:"enforceable_from" json:"enforceable_from,omitzero"`
	Principle       Principle `yaml:"principle" json:"principle"`
	// Penalty states the maximum penalty, as information.
	Penalty string   `yaml:"penalty" json:"penalty,omitempty"`
	Pos     Position `yaml:"-" json:"-"`
}

// Roles is a list of roles. In a rule file it may be written as one role.
type Roles []string

// any reports whether any of rs is in roles.
func (rs Roles) any(roles []string) bool {
	for _, r := range rs {
		if slices.Contains(roles, r) {
			return true
		}
	}
	return false
}

// ruleDef is a rule as written in a rule-set file.
type ruleDef struct {
	ID            string     `yaml:"id"`
	Cite          string     `yaml:"cite"`
	Because       string     `yaml:"because"`
	When          *yaml.Node `yaml:"when"`
	Unless        *yaml.Node `yaml:"unless"`
	Tier          string     `yaml:"tier"`
	Designations  []string   `yaml:"designations"`
	Duties        []string   `yaml:"duties"`
	From          Date       `yaml:"from"`
	Until         Date       `yaml:"until"`
	Effect        string     `yaml:"effect"`
	UnlessAtLeast string     `yaml:"unless_at_least"`
	Pos           Position   `yaml:"-"`
}

// ruleSetFile is a rule-set file as written.
type ruleSetFile struct {
	Kind           string         `yaml:"kind"`
	ID             string         `yaml:"id"`
	Jurisdiction   string         `yaml:"jurisdiction"`
	Title          string         `yaml:"title"`
	TitleLocal     string         `yaml:"title_local"`
	Citation       string         `yaml:"citation"`
	Status         string         `yaml:"status"`
	StatusNote     string         `yaml:"status_note"`
	Checked        Date           `yaml:"checked"`
	Adopted        Date           `yaml:"adopted"`
	EffectiveFrom  Date           `yaml:"effective_from"`
	EffectiveUntil Date           `yaml:"effective_until"`
	Sources        []Source       `yaml:"sources"`
	Flags          []string       `yaml:"flags"`
	Tiers          []TierDef      `yaml:"tiers"`
	DefaultTier    string         `yaml:"default_tier"`
	ExcludedTier   string         `yaml:"excluded_tier"`
	Designations   []*Designation `yaml:"designations"`
	Scope          *yaml.Node     `yaml:"scope"`
	Rules          []*ruleDef     `yaml:"rules"`
	Duties         []*DutyDef     `yaml:"duties"`
	Pos            Position       `yaml:"-"`
	file           string
}

type vocabFile struct {
	Kind  string  `yaml:"kind"`
	Facts []*Fact `yaml:"facts"`
}

type marketsFile struct {
	Kind    string    `yaml:"kind"`
	Markets []*Market `yaml:"markets"`
}
