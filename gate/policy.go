package gate

import (
	"fmt"

	"github.com/airisk/airisk/risk"
)

// DefaultWarnDays is the warning window of a zero [Policy]: an upcoming duty
// that applies within this many days after the launch date is a warning.
const DefaultWarnDays = 90

// Policy sets how strict the gate is. The zero Policy is the strict
// default: only a prohibited tier blocks, an undetermined answer blocks, and
// upcoming duties within DefaultWarnDays are warnings.
type Policy struct {
	// BlockAt is the least severe tier that blocks a launch: a target
	// market whose tier is BlockAt or more severe blocks. The zero value,
	// risk.SeverityUnknown, means risk.SeverityProhibited. SeverityNone is
	// not allowed. A prohibited tier always blocks.
	BlockAt risk.Severity `json:"block_at"`
	// AllowUndetermined turns an undetermined answer (facts missing from
	// the profile) from a blocker into a warning. A rule that failed at
	// evaluation time blocks whatever this says.
	AllowUndetermined bool `json:"allow_undetermined"`
	// WarnDays is how many days after the launch date an upcoming duty
	// counts as a warning; later ones are notes. Zero means
	// DefaultWarnDays; a negative value means no upcoming duty warns.
	WarnDays int `json:"warn_days"`
}

// resolved returns p with its defaults filled in, or an error if p is
// invalid.
func (p Policy) resolved() (Policy, error) {
	switch {
	case p.BlockAt == risk.SeverityUnknown:
		p.BlockAt = risk.SeverityProhibited
	case p.BlockAt < risk.SeverityMinimal || p.BlockAt > risk.SeverityProhibited:
		return p, fmt.Errorf("%w: policy: block_at %s: want minimal, limited, high or prohibited", ErrInvalidInput, p.BlockAt)
	}
	if p.WarnDays == 0 {
		p.WarnDays = DefaultWarnDays
	}
	return p, nil
}
