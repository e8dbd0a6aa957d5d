package plan

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/airisk/airisk/internal/didyoumean"
	"github.com/airisk/airisk/internal/yamlnode"
	"github.com/airisk/airisk/risk"
	"go.yaml.in/yaml/v3"
)

// ErrInvalidControls is the sentinel of every error [ParseControls] reports;
// test for it with errors.Is.
var ErrInvalidControls = errors.New("invalid controls")

//go:embed controls.yaml
var defaultControls []byte

// Control is one piece of work that satisfies duties of several
// instruments at once, such as labelling AI-generated content, which
// meets the EU AI Act, China's labelling Measures and California SB 942.
type Control struct {
	// ID identifies the control, such as "label-ai-content".
	ID string `json:"id"`
	// Title names the control in a few words.
	Title string `json:"title"`
	// Do says what to build or do.
	Do string `json:"do"`
	// Principle is the shared principle the control serves.
	Principle risk.Principle `json:"principle"`
	// Duties are the ids of the duties the control satisfies.
	Duties []string `json:"duties"`
	// Pos is where the control is declared.
	Pos risk.Position `json:"-"`
}

// Controls is a parsed controls file: the data that says which duties one
// action satisfies together. Build one with [ParseControls] or
// [DefaultControls]; a Controls is not modified after that.
type Controls struct {
	// File is the name the controls were parsed from.
	File string
	// Controls are the controls, in file order.
	Controls []*Control

	byDuty map[string]*Control
}

// DefaultControls returns the controls bundled with airisk (the file
// controls.yaml of this package), parsed afresh on each call.
func DefaultControls() *Controls {
	c, err := ParseControls("controls.yaml", defaultControls)
	if err != nil {
		// The bundled file is checked by the package's tests.
		return &Controls{File: "controls.yaml", byDuty: map[string]*Control{}}
	}
	return c
}

// ForDuty returns the control that satisfies a duty, or nil.
func (c *Controls) ForDuty(id string) *Control {
	if c == nil {
		return nil
	}
	return c.byDuty[id]
}

// DutyIDs returns every duty id the controls name, in file order.
func (c *Controls) DutyIDs() []string {
	var out []string
	for _, ctl := range c.Controls {
		out = append(out, ctl.Duties...)
	}
	return out
}

var controlIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_.\-]*$`)

// ParseControls decodes a controls file:
//
//	kind: controls
//	controls:
//	  - id: label-ai-content
//	    title: Label AI-generated content
//	    do: Mark every output in machine-readable form and ...
//	    principle: transparency
//	    duties: [cn.label.art4.explicit, us.ca.sb942.provider.latent_disclosure]
//
// Decoding is strict: an unknown or repeated field, a missing one, an
// unknown principle, or a duty named by two controls is an error. Every
// problem is reported, each with its file:line:column; a non-nil error is a
// [risk.ErrorList] whose entries wrap [ErrInvalidControls]. ParseControls
// does not check that the duties exist: that depends on the rules (see
// [Controls.Check]).
func ParseControls(name string, data []byte) (*Controls, error) {
	p := &parser{file: name}
	root, serr := yamlnode.Parse(data)
	if serr != nil {
		return nil, risk.ErrorList{{Pos: risk.Position{File: name, Line: serr.Line}, Msg: serr.Msg, Err: ErrInvalidControls}}
	}
	c := &Controls{File: name, byDuty: map[string]*Control{}}
	if root == nil {
		root = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: 1, Column: 1}
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "", "expected a mapping with kind and controls, found %s", describe(root))
		return nil, p.errs
	}
	kind := ""
	p.fields(root, "", []string{"kind", "controls"}, func(key string, v *yaml.Node) {
		switch key {
		case "kind":
			kind = p.str(v, "kind")
			if kind != "controls" {
				p.errorf(v, "kind", "kind is %q, want controls", kind)
			}
		case "controls":
			if v.Kind != yaml.SequenceNode {
				p.errorf(v, "controls", "expected a list of controls, found %s", describe(v))
				return
			}
			for i, n := range v.Content {
				if ctl := p.control(n, fmt.Sprintf("controls[%d]", i)); ctl != nil {
					c.add(ctl, p)
				}
			}
		}
	})
	if kind == "" {
		p.errorf(root, "", "missing kind: controls")
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return c, nil
}

func (c *Controls) add(ctl *Control, p *parser) {
	for _, old := range c.Controls {
		if old.ID == ctl.ID {
			p.errs = append(p.errs, &risk.Error{Pos: ctl.Pos, Path: ctl.ID, Msg: fmt.Sprintf("control id is also used at %s", old.Pos), Err: ErrInvalidControls})
			return
		}
	}
	for _, d := range ctl.Duties {
		if other, ok := c.byDuty[d]; ok {
			msg := fmt.Sprintf("duty %s is already satisfied by control %s (%s)", d, other.ID, other.Pos)
			if other == ctl {
				msg = fmt.Sprintf("duty %s is listed twice", d)
			}
			p.errs = append(p.errs, &risk.Error{Pos: ctl.Pos, Path: ctl.ID, Msg: msg, Err: ErrInvalidControls})
			continue
		}
		c.byDuty[d] = ctl
	}
	c.Controls = append(c.Controls, ctl)
}

// Check returns an error for every duty a control names that the engine's
// instruments do not declare, such as a duty renamed in the rules. The
// result is nil when every duty exists.
func (c *Controls) Check(e *risk.Engine) risk.ErrorList {
	known := map[string]bool{}
	var all []string
	for _, in := range e.Instruments() {
		for _, d := range e.Duties(in.ID) {
			known[d.ID] = true
			all = append(all, d.ID)
		}
	}
	var errs risk.ErrorList
	for _, ctl := range c.Controls {
		for _, d := range ctl.Duties {
			if !known[d] {
				msg := fmt.Sprintf("unknown duty %s", d)
				if s := closest(d, all); s != "" {
					msg += fmt.Sprintf(" (did you mean %s?)", s)
				}
				errs = append(errs, &risk.Error{Pos: ctl.Pos, Path: ctl.ID, Msg: msg, Err: ErrInvalidControls})
			}
		}
	}
	return errs
}

// parser decodes the node tree of a controls file.
type parser struct {
	file string
	errs risk.ErrorList
}

func (p *parser) pos(n *yaml.Node) risk.Position {
	return risk.Position{File: p.file, Line: n.Line, Column: n.Column}
}

func (p *parser) errorf(n *yaml.Node, path, format string, args ...any) {
	p.errs = append(p.errs, &risk.Error{Pos: p.pos(n), Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidControls})
}

// fields walks a mapping, reporting unknown and repeated keys.
func (p *parser) fields(n *yaml.Node, path string, allowed []string, f func(key string, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp := k.Value
		if path != "" {
			kp = path + "." + k.Value
		}
		switch {
		case !slices.Contains(allowed, k.Value):
			hint := ""
			if s := closest(k.Value, allowed); s != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", s)
			}
			p.errorf(k, kp, "unknown field%s (want %s)", hint, strings.Join(allowed, ", "))
		case seen[k.Value]:
			p.errorf(k, kp, "given twice")
		default:
			seen[k.Value] = true
			f(k.Value, v)
		}
	}
}

func (p *parser) str(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, path, "expected a string, found %s", describe(n))
		return ""
	}
	return n.Value
}

func (p *parser) control(n *yaml.Node, path string) *Control {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "expected a control (a mapping), found %s", describe(n))
		return nil
	}
	ctl := &Control{Pos: p.pos(n)}
	nerr := len(p.errs)
	p.fields(n, path, []string{"id", "title", "do", "principle", "duties"}, func(key string, v *yaml.Node) {
		kp := path + "." + key
		switch key {
		case "id":
			ctl.ID = p.str(v, kp)
			if ctl.ID != "" && !controlIDRE.MatchString(ctl.ID) {
				p.errorf(v, kp, "invalid control id %q: use lower-case letters, digits, dots, dashes and underscores", ctl.ID)
			}
		case "title":
			ctl.Title = p.str(v, kp)
		case "do":
			ctl.Do = strings.TrimSpace(p.str(v, kp))
		case "principle":
			ctl.Principle = risk.Principle(p.str(v, kp))
			if ctl.Principle != "" && !slices.Contains(risk.Principles, ctl.Principle) {
				names := make([]string, len(risk.Principles))
				for i, x := range risk.Principles {
					names[i] = string(x)
				}
				hint := ""
				if s := closest(string(ctl.Principle), names); s != "" {
					hint = fmt.Sprintf(" (did you mean %s?)", s)
				}
				p.errorf(v, kp, "unknown principle %q%s (want one of %s)", ctl.Principle, hint, strings.Join(names, ", "))
			}
		case "duties":
			if v.Kind != yaml.SequenceNode {
				p.errorf(v, kp, "expected a list of duty ids, found %s", describe(v))
				return
			}
			for i, d := range v.Content {
				if id := p.str(d, fmt.Sprintf("%s[%d]", kp, i)); id != "" {
					ctl.Duties = append(ctl.Duties, id)
				}
			}
		}
	})
	if ctl.ID != "" {
		path = ctl.ID
	}
	for _, req := range []struct{ name, val string }{{"id", ctl.ID}, {"title", ctl.Title}, {"do", ctl.Do}, {"principle", string(ctl.Principle)}} {
		if req.val == "" {
			p.errorf(n, path, "missing %s", req.name)
		}
	}
	if len(ctl.Duties) == 0 {
		p.errorf(n, path, "missing duties: name the duties the control satisfies")
	}
	if len(p.errs) > nerr {
		return nil
	}
	return ctl
}

func describe(n *yaml.Node) string { return yamlnode.Describe(n) }

// closest returns the candidate nearest to s, or "" when none is near.
func closest(s string, candidates []string) string { return didyoumean.Closest(s, candidates) }
