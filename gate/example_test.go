package gate_test

import (
	"context"
	"fmt"
	"os"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/risk"
)

// ExampleCheck gates the launch of a chatbot in Germany: the evidence
// covers AI literacy but not the duty to disclose the AI.
func ExampleCheck() {
	e, err := risk.New(os.DirFS("testdata/rules"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p := &risk.Profile{Name: "Support chatbot", Facts: risk.Facts{
		"markets":   []string{"DE"},
		"org.roles": []string{"provider"},
		"system":    map[string]any{"interacts_with_people": true, "remote_biometric_id": "none"},
		"use":       map[string]any{"purposes": []string{"customer_service"}},
	}}
	ev := &gate.Evidence{Items: []gate.Item{{Duty: "gate.literacy", Ref: "https://example.com/training"}}}

	d, err := gate.Check(context.Background(), e, p, ev, risk.MustDate("2027-06-01"), gate.Policy{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Verdict)
	for _, f := range d.Blockers {
		fmt.Printf("block %s: %s\n  %s\n", f.Jurisdiction, f.Message, f.Cite)
	}
	for _, f := range d.Warnings {
		fmt.Printf("warn %s: %s\n", f.Jurisdiction, f.Message)
	}
	// Output:
	// block
	// block EU: gate.disclose "Disclose AI interaction" is in force since 2026-08-02 and has no evidence
	//   Test Regulation 7/2024, Art. 50(1)
	// warn EU: gate.code_of_conduct "Code of conduct" is recommended by guidance (advisory)
}

// ExampleParseEvidence shows a misspelt duty id in an evidence file.
func ExampleParseEvidence() {
	e, err := risk.New(os.DirFS("testdata/rules"))
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := []byte(`evidence:
  - duty: gate.literacy
    ref: https://example.com/training
  - duty: gate.discloze
    ref: TICKET-7
`)
	_, err = gate.ParseEvidence(e, "evidence.yaml", doc)
	fmt.Println(err)
	// Output:
	// evidence.yaml:4:11: evidence[1].duty: unknown duty "gate.discloze" (did you mean "gate.disclose"?)
}
