package report

import (
	"encoding/json"
	"io"
	"path/filepath"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
)

// SARIFVersion is the version of SARIF that [GateSARIF] writes.
const SARIFVersion = "2.1.0"

// sarifSchema is the address of the SARIF 2.1.0 JSON schema.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// RulesBaseID is the SARIF uriBaseId of rule-file locations: the root of
// the rule layer the file was loaded from.
const RulesBaseID = "AIRISK_RULES"

// GateSARIF writes a gate decision as a SARIF 2.1.0 log with one run, for
// code-scanning tools. Blockers are results of level "error", warnings of
// level "warning" and notes of level "note"; each is located in the profile
// file (the decision's ProfileFile) and carries the citation, the
// jurisdiction and the duty's date in its properties and the positions of
// the rules behind it, relative to RulesBaseID, in relatedLocations. Rule
// ids are the findings' ids: a duty id, or "prohibited" (or another
// severity), "undetermined", "rule_error" or "uncovered". The verdict, the
// markets' tiers and the duties the evidence covers are in the run's
// properties.
func GateSARIF(w io.Writer, d *gate.Decision) error {
	if d == nil {
		return errNilDecision
	}
	profile := d.ProfileFile
	if profile == "" {
		profile = "profile"
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "airisk",
			InformationURI: "https://github.com/airisk/airisk",
			Rules:          []sarifRule{},
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{
			RulesBaseID: {Description: &sarifMessage{Text: "The root of the rule files."}},
		},
		Results: []sarifResult{},
		Properties: map[string]any{
			"schema":        d.Schema,
			"verdict":       d.Verdict,
			"profile":       d.Profile,
			"launch_date":   d.LaunchDate,
			"markets":       d.Markets,
			"policy":        d.Policy,
			"jurisdictions": d.Jurisdictions,
			"satisfied":     d.Satisfied,
		},
	}
	ruleIndex := map[string]int{}
	add := func(level string, f gate.Finding) {
		idx, ok := ruleIndex[f.ID]
		if !ok {
			idx = len(run.Tool.Driver.Rules)
			ruleIndex[f.ID] = idx
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(f))
		}
		res := sarifResult{
			RuleID:    f.ID,
			RuleIndex: idx,
			Level:     level,
			Message:   sarifMessage{Text: f.Jurisdiction + ": " + f.Message},
			Locations: []sarifLocation{{PhysicalLocation: &sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: filepath.ToSlash(profile)},
				Region:           &sarifRegion{StartLine: 1},
			}}},
			PartialFingerprints: map[string]string{"airisk/v1": f.Jurisdiction + "/" + string(f.Kind) + "/" + f.ID},
			Properties: sarifProps{
				Kind: f.Kind, Jurisdiction: f.Jurisdiction, Instrument: f.Instrument,
				Title: f.Title, Cite: f.Cite, From: f.From.String(), Questions: f.Questions,
			},
		}
		if f.Cite != "" {
			res.Message.Text += " (" + f.Cite + ")"
		}
		for i, r := range f.Rules {
			if !r.Pos.IsValid() {
				continue
			}
			text := ruleText(gate.RuleRef{Instrument: r.Instrument, Rule: r.Rule})
			if r.Cite != "" {
				text += ": " + r.Cite
			}
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID: i + 1,
				PhysicalLocation: &sarifPhysicalLocation{
					ArtifactLocation: sarifArtifactLocation{URI: filepath.ToSlash(r.Pos.File), URIBaseID: RulesBaseID},
					Region:           &sarifRegion{StartLine: r.Pos.Line, StartColumn: r.Pos.Column},
				},
				Message: &sarifMessage{Text: text},
			})
		}
		run.Results = append(run.Results, res)
	}
	for _, f := range d.Blockers {
		add("error", f)
	}
	for _, f := range d.Warnings {
		add("warning", f)
	}
	for _, f := range d.Notes {
		add("note", f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: SARIFVersion, Runs: []sarifRun{run}})
}

// sarifRuleFor describes a finding's id as a SARIF rule.
func sarifRuleFor(f gate.Finding) sarifRule {
	r := sarifRule{ID: f.ID, Properties: map[string]any{}}
	switch f.Kind {
	case gate.KindTier:
		r.Name = "Tier"
		r.Properties["kind"] = f.Kind
		r.ShortDescription = sarifMessage{Text: "A target market's tier is " + f.ID + ", at or above the blocking severity."}
		if f.ID == "prohibited" {
			r.ShortDescription.Text = "The system is a prohibited practice in a target market."
		}
	case gate.KindUndetermined:
		r.Name = "Undetermined"
		r.Properties["kind"] = f.Kind
		r.ShortDescription = sarifMessage{Text: "The answer for a target market depends on facts the profile leaves out."}
	case gate.KindRuleError:
		r.Name = "RuleError"
		r.Properties["kind"] = f.Kind
		r.ShortDescription = sarifMessage{Text: "A rule failed at evaluation time, so the answer is not known."}
	case gate.KindUncovered:
		r.Name = "Uncovered"
		r.Properties["kind"] = f.Kind
		r.ShortDescription = sarifMessage{Text: "No rule set covers a target market."}
	default: // a duty
		r.ShortDescription = sarifMessage{Text: f.Title}
		r.Properties["cite"] = f.Cite
		r.Properties["instrument"] = f.Instrument
	}
	return r
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                    `json:"results"`
	Properties         map[string]any                   `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name,omitempty"`
	ShortDescription sarifMessage   `json:"shortDescription"`
	Properties       map[string]any `json:"properties,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Properties          sarifProps        `json:"properties"`
}

type sarifProps struct {
	Kind         gate.Kind       `json:"kind"`
	Jurisdiction string          `json:"jurisdiction"`
	Instrument   string          `json:"instrument,omitempty"`
	Title        string          `json:"title,omitempty"`
	Cite         string          `json:"citation,omitempty"`
	From         string          `json:"from,omitempty"`
	Questions    []risk.Question `json:"questions,omitempty"`
}

type sarifLocation struct {
	ID               int                    `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *sarifMessage          `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string        `json:"uri,omitempty"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}
