package risk

import (
	"fmt"
	"time"
)

// Severity is the common ladder onto which every instrument's tier labels
// are mapped, so that markets can be compared and gated. Severities are
// ordered: SeverityProhibited is the most severe. The zero value is
// SeverityUnknown, so an unset severity never looks like the lowest one.
type Severity int

// The severities, from unknown to most severe.
const (
	SeverityUnknown    Severity = iota // not assessed or not known
	SeverityNone                       // the instrument does not apply
	SeverityMinimal                    // in scope, no specific duties beyond general ones
	SeverityLimited                    // transparency, labelling or similar duties
	SeverityHigh                       // conformity, filing, assessment or similar duties
	SeverityProhibited                 // the practice is unlawful
)

var severityNames = [...]string{"unknown", "none", "minimal", "limited", "high", "prohibited"}

// String returns the severity's name: "unknown", "none", "minimal",
// "limited", "high" or "prohibited".
func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity returns the severity with the given name.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if n == name {
			return Severity(i), nil
		}
	}
	return SeverityUnknown, fmt.Errorf("unknown severity %q (want one of none, minimal, limited, high, prohibited)%s",
		name, suggest(name, severityNames[1:]))
}

// MarshalText encodes s as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Principle is one of the shared principles a duty serves. The first five
// are the principles that the Chinese, EU and US regimes share.
type Principle string

// The principles.
const (
	PrincipleTransparency      Principle = "transparency"       // transparency & explainability
	PrincipleDataProtection    Principle = "data_protection"    // data protection & security
	PrincipleRiskManagement    Principle = "risk_management"    // risk identification & management
	PrincipleNonDiscrimination Principle = "non_discrimination" // non-discrimination & fairness
	PrincipleMisuse            Principle = "misuse"             // prohibition of misuse and illegal activity
	PrincipleHumanOversight    Principle = "human_oversight"    // human oversight
	PrincipleAccountability    Principle = "accountability"     // accountability & registration/filing
	PrincipleSafety            Principle = "safety"             // safety & robustness
	PrincipleIncidentReporting Principle = "incident_reporting" // incident reporting
)

// Principles lists every principle in a fixed order.
var Principles = []Principle{
	PrincipleTransparency, PrincipleDataProtection, PrincipleRiskManagement,
	PrincipleNonDiscrimination, PrincipleMisuse, PrincipleHumanOversight,
	PrincipleAccountability, PrincipleSafety, PrincipleIncidentReporting,
}

// Status is the legal status of an instrument.
type Status string

// The statuses.
const (
	StatusInForce    Status = "in_force"   // binding now
	StatusAdopted    Status = "adopted"    // enacted, not yet applicable
	StatusAdvisory   Status = "advisory"   // non-binding guidance or standard
	StatusRepealed   Status = "repealed"   // no longer law
	StatusSuperseded Status = "superseded" // replaced by another instrument
	StatusEnjoined   Status = "enjoined"   // blocked by a court
)

var statuses = []string{"in_force", "adopted", "advisory", "repealed", "superseded", "enjoined"}

// Binding reports whether an instrument with status s can impose duties.
func (s Status) Binding() bool { return s == StatusInForce || s == StatusAdopted }

// Inert reports whether an instrument with status s yields no duties at all.
func (s Status) Inert() bool {
	return s == StatusRepealed || s == StatusSuperseded || s == StatusEnjoined
}

// Date is a calendar day. It marshals as "YYYY-MM-DD". The zero Date means
// "no date".
type Date struct{ t time.Time }

// NewDate returns the date of t's year, month and day, ignoring its clock
// and location.
func NewDate(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// MustDate is like ParseDate but panics on error. It is for tests and
// package-level variables.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Today returns the current date in UTC.
func Today() Date { return NewDate(time.Now().UTC()) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// MarshalText encodes d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes YYYY-MM-DD; an empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
