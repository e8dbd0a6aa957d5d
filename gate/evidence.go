package gate

import (
	"errors"
	"fmt"
	"sort"

	"github.com/airisk/airisk/internal/didyoumean"
	"github.com/airisk/airisk/internal/yamlnode"
	"github.com/airisk/airisk/risk"
	"go.yaml.in/yaml/v3"
)

// Sentinel errors that callers can test with [errors.Is].
var (
	// ErrInvalidEvidence is matched by every error in an evidence file or
	// an [Evidence] value.
	ErrInvalidEvidence = errors.New("invalid evidence")
	// ErrInvalidInput reports a gate input that does not fit together: a
	// report assessed as of another date or for other markets than the
	// launch, or an invalid policy.
	ErrInvalidInput = errors.New("invalid gate input")
)

// Evidence is what a team has done: one item per completed duty.
type Evidence struct {
	// File names where the evidence was read from, when it was.
	File string `json:"file,omitempty"`
	// Items are the completed duties.
	Items []Item `json:"evidence"`
}

// Item is the evidence that one duty is done.
type Item struct {
	// Duty is the duty's id, as in [risk.Duty].ID.
	Duty string `json:"duty"`
	// Ref points at the proof, such as a document link or a ticket.
	Ref string `json:"ref,omitempty"`
	// Note says anything else worth keeping with the proof.
	Note string `json:"note,omitempty"`
	// Pos is the item's place in its file, when it was read from one.
	Pos risk.Position `json:"-"`
}

// Lookup returns the evidence for a duty, or nil. It is nil-safe.
func (ev *Evidence) Lookup(duty string) *Item {
	if ev == nil {
		return nil
	}
	for i := range ev.Items {
		if ev.Items[i].Duty == duty {
			return &ev.Items[i]
		}
	}
	return nil
}

// ParseEvidence decodes an evidence file, YAML or JSON, of the form
//
//	evidence:
//	  - duty: eu.art50_1.disclose_ai_interaction
//	    ref: https://example.com/docs/ai-disclosure
//	    note: banner shown before the first message
//
// Decoding is strict: an unknown field, a value of the wrong kind, a duty
// given twice or a duty the engine does not know is an error with the
// file:line:column, and an unknown duty comes with a did-you-mean over the
// engine's duty ids. A non-nil error is a [risk.ErrorList] whose entries
// match ErrInvalidEvidence.
func ParseEvidence(e *risk.Engine, file string, data []byte) (*Evidence, error) {
	d := &evDecoder{file: file}
	ev := d.decode(data)
	errs := d.errs
	// Check the entries that did decode too, so that every problem of the
	// file is reported at once.
	var verrs risk.ErrorList
	if errors.As(ev.validate(e, d.index), &verrs) {
		errs = append(errs, verrs...)
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool {
			a, b := errs[i].Pos, errs[j].Pos
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Column < b.Column
		})
		return nil, errs
	}
	return ev, nil
}

// Validate checks that every item names a duty of the engine's rule sets,
// once, with a did-you-mean for a misspelt id. A nil Evidence is valid. A
// non-nil error is a [risk.ErrorList] whose entries match
// ErrInvalidEvidence.
func (ev *Evidence) Validate(e *risk.Engine) error {
	return ev.validate(e, nil)
}

// validate checks the items; index, when set, gives each item's place in
// its file's list (entries that did not decode are not items).
func (ev *Evidence) validate(e *risk.Engine, index []int) error {
	if ev == nil {
		return nil
	}
	ids := dutyIDs(e)
	known := make(map[string]bool, len(ids))
	for _, id := range ids {
		known[id] = true
	}
	var errs risk.ErrorList
	seen := map[string]bool{}
	for i, it := range ev.Items {
		n := i
		if i < len(index) {
			n = index[i]
		}
		path := fmt.Sprintf("evidence[%d].duty", n)
		pos := it.Pos
		if pos.File == "" {
			pos.File = ev.File
		}
		switch {
		case it.Duty == "":
			errs = append(errs, &risk.Error{Pos: pos, Path: path, Msg: "missing duty id", Err: ErrInvalidEvidence})
		case !known[it.Duty]:
			errs = append(errs, &risk.Error{Pos: pos, Path: path, Msg: fmt.Sprintf("unknown duty %q%s", it.Duty, didyoumean.Hint(it.Duty, ids)), Err: ErrInvalidEvidence})
		case seen[it.Duty]:
			errs = append(errs, &risk.Error{Pos: pos, Path: path, Msg: fmt.Sprintf("duty %q given twice", it.Duty), Err: ErrInvalidEvidence})
		}
		seen[it.Duty] = true
	}
	return errs.Err()
}

// dutyIDs lists the ids of every duty in the engine's rule sets.
func dutyIDs(e *risk.Engine) []string {
	var ids []string
	for _, in := range e.Instruments() {
		for _, d := range e.Duties(in.ID) {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// evDecoder decodes an evidence document, collecting every error.
type evDecoder struct {
	file string
	errs risk.ErrorList
	// index is each decoded item's place in the file's list.
	index []int
}

func (d *evDecoder) errorf(n *yaml.Node, path, format string, args ...any) {
	pos := risk.Position{File: d.file}
	if n != nil {
		pos.Line, pos.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, &risk.Error{Pos: pos, Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidEvidence})
}

func (d *evDecoder) decode(data []byte) *Evidence {
	ev := &Evidence{File: d.file, Items: []Item{}}
	root, serr := yamlnode.Parse(data)
	if serr != nil {
		d.errs = append(d.errs, &risk.Error{Pos: risk.Position{File: d.file, Line: serr.Line}, Msg: serr.Msg, Err: ErrInvalidEvidence})
		return ev
	}
	if root == nil {
		d.errs = append(d.errs, &risk.Error{Pos: risk.Position{File: d.file, Line: 1, Column: 1}, Msg: "empty document: want evidence: [{duty: ..., ref: ...}]", Err: ErrInvalidEvidence})
		return ev
	}
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "", "expected a mapping with the key evidence, found %s", kindName(root))
		return ev
	}
	seen := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolve(root.Content[i+1])
		if k.Value != "evidence" {
			d.errorf(k, k.Value, "unknown field%s", didyoumean.Hint(k.Value, []string{"evidence"}))
			continue
		}
		if seen {
			d.errorf(k, "evidence", "given twice")
			continue
		}
		seen = true
		if v == nil || isNull(v) {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			d.errorf(v, "evidence", "expected a list of {duty, ref, note}, found %s", kindName(v))
			continue
		}
		for j, c := range v.Content {
			if it, ok := d.item(resolve(c), fmt.Sprintf("evidence[%d]", j)); ok {
				ev.Items = append(ev.Items, it)
				d.index = append(d.index, j)
			}
		}
	}
	if !seen && len(d.errs) == 0 {
		d.errorf(root, "evidence", "missing: want evidence: [{duty: ..., ref: ...}]")
	}
	return ev
}

// item decodes one evidence entry.
func (d *evDecoder) item(n *yaml.Node, path string) (Item, bool) {
	it := Item{Pos: risk.Position{File: d.file, Line: n.Line, Column: n.Column}}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping with duty, ref and note, found %s", kindName(n))
		return it, false
	}
	fields := []string{"duty", "ref", "note"}
	seen := map[string]bool{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		fp := path + "." + k.Value
		if seen[k.Value] {
			d.errorf(k, fp, "given twice")
			ok = false
			continue
		}
		seen[k.Value] = true
		var dst *string
		switch k.Value {
		case "duty":
			dst = &it.Duty
			it.Pos = risk.Position{File: d.file, Line: v.Line, Column: v.Column}
		case "ref":
			dst = &it.Ref
		case "note":
			dst = &it.Note
		default:
			d.errorf(k, fp, "unknown field%s", didyoumean.Hint(k.Value, fields))
			ok = false
			continue
		}
		if v.Kind != yaml.ScalarNode || isNull(v) || (k.Value == "duty" && v.Tag != "!!str") {
			d.errorf(v, fp, "expected a string, found %s", kindName(v))
			ok = false
			continue
		}
		*dst = v.Value
	}
	if !seen["duty"] {
		d.errorf(n, path+".duty", "missing duty id")
		ok = false
	}
	return it, ok
}

func resolve(n *yaml.Node) *yaml.Node { return yamlnode.Resolve(n) }

func isNull(n *yaml.Node) bool { return yamlnode.IsNull(n) }

func kindName(n *yaml.Node) string { return yamlnode.Describe(n) }
