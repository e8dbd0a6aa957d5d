package risk_test

import (
	"context"
	"fmt"
	"log"
	"testing/fstest"

	"github.com/airisk/airisk/risk"
)

// A tiny rule layer: a vocabulary and one instrument. Real rules live in
// the rules package (rules.FS).
var exampleRules = fstest.MapFS{
	"vocabulary.yaml": {Data: []byte(`kind: vocabulary
facts:
  - name: markets
    type: list
    question: Where is the system used?
  - name: org.roles
    type: list
    question: In what roles do you act?
    values: [{value: provider}, {value: deployer}]
  - name: system.interacts_with_people
    type: bool
    question: Does the system interact directly with people?
`)},
	"markets.yaml": {Data: []byte(`kind: markets
markets:
  - {code: EU, name: European Union, union: true}
  - {code: DE, name: Germany, member_of: EU}
`)},
	"eu/act.yaml": {Data: []byte(`kind: ruleset
id: eu.example
jurisdiction: EU
title: Example Act
citation: Example Regulation 1/2024
status: in_force
checked: 2026-11-30
effective_from: 2024-08-01
sources: [{title: Example source}]
tiers:
  - {label: transparency, severity: limited}
  - {label: minimal, severity: minimal}
  - {label: out_of_scope, severity: none}
default_tier: minimal
excluded_tier: out_of_scope
rules:
  - id: chatbot
    cite: Art. 50(1)
    because: A system that interacts with people must tell them it is AI.
    when: system.interacts_with_people
    tier: transparency
    duties: [disclose]
duties:
  - id: disclose
    title: Tell people they are interacting with an AI system
    do: Inform people at the latest at their first interaction.
    actor: provider
    cite: Art. 50(1)
    from: 2026-08-02
    principle: transparency
`)},
}

func ExampleEngine_Assess() {
	e, err := risk.New(exampleRules)
	if err != nil {
		log.Fatal(err)
	}
	p := &risk.Profile{Name: "support bot", Facts: risk.Facts{
		"markets":                      []string{"DE"},
		"org.roles":                    []string{"provider"},
		"system.interacts_with_people": true,
	}}
	rep, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
	if err != nil {
		log.Fatal(err)
	}
	for _, res := range rep.Results {
		fmt.Printf("%s: %s (%s)\n", res.Jurisdiction, res.Tier.Label, res.Tier.Severity)
		for _, m := range res.Matches {
			fmt.Printf("  because %s: %s\n", m.Cite, m.Because)
		}
		for _, d := range res.Duties {
			fmt.Printf("  %s %s from %s: %s\n", d.Status, d.ID, d.From, d.Title)
		}
	}
	// Output:
	// EU: transparency (limited)
	//   because Example Regulation 1/2024, Art. 50(1): A system that interacts with people must tell them it is AI.
	//   in_force disclose from 2026-08-02: Tell people they are interacting with an AI system
}

// A fact left out of a profile is unknown, never false: the result says it
// is not determined and asks the question that would settle it.
func ExampleEngine_Assess_missingFacts() {
	e, err := risk.New(exampleRules)
	if err != nil {
		log.Fatal(err)
	}
	p := &risk.Profile{Facts: risk.Facts{"markets": []string{"DE"}, "org.roles": []string{"provider"}}}
	rep, err := e.Assess(context.Background(), p, risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
	if err != nil {
		log.Fatal(err)
	}
	res := rep.Result("EU")
	fmt.Println("determined:", res.Determined)
	fmt.Println("tier so far:", res.Tier.Label, "- could be:", res.PossibleTier.Label)
	for _, q := range res.Questions {
		fmt.Printf("ask %s: %s\n", q.Fact, q.Question)
	}
	// Output:
	// determined: false
	// tier so far: minimal - could be: transparency
	// ask system.interacts_with_people: Does the system interact directly with people?
}

// Rule files that do not check fail at build time with every problem and
// its file:line:column.
func ExampleNew_errors() {
	bad := fstest.MapFS{
		"vocabulary.yaml": exampleRules["vocabulary.yaml"],
		"eu/act.yaml": {Data: []byte(`kind: ruleset
id: eu.bad
jurisdiction: EU
title: Bad Act
citation: Bad 1
status: in_force
checked: 2026-11-30
effective_from: 2024-08-01
sources: [{title: t}]
tiers: [{label: minimal, severity: minimal}]
default_tier: minimal
excluded_tier: minimal
rules:
  - id: chatbot
    cite: Art. 1
    because: Misspelled fact.
    when: system.interacts_with_peple
`)},
	}
	_, err := risk.New(bad)
	fmt.Println(err)
	// Output:
	// eu/act.yaml:17:11: rule set "eu.bad" rule "chatbot": undeclared reference to 'system.interacts_with_peple' (did you mean 'system.interacts_with_people'?)
}

func ExampleEngine_ParseProfile() {
	e, err := risk.New(exampleRules)
	if err != nil {
		log.Fatal(err)
	}
	_, err = e.ParseProfile("bot.yaml", []byte(`name: support bot
facts:
  markets: [DE]
  org: {roles: [provder]}
  system: {interacts_with_people: yes please}
`))
	fmt.Println(err.(risk.ErrorList).Full())
	// Output:
	// bot.yaml:4:17: facts.org.roles[0]: expected one of provider, deployer, found "provder" (did you mean "provider"?)
	// bot.yaml:5:35: facts.system.interacts_with_people: expected true or false, found "yes please"
}
