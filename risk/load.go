package risk

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/ext"
	"cel.dev/cel-go/interpreter"
	"github.com/airisk/airisk/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// sourceFile is one YAML file read from a layer.
type sourceFile struct {
	path  string
	layer int
	lines []string
	root  *yaml.Node
	kind  string
}

// IsCasebook reports whether a file name is a casebook's (it ends in
// "_test.yaml" or "_test.yml"). The engine does not load casebooks.
func IsCasebook(name string) bool {
	return strings.HasSuffix(name, "_test.yaml") || strings.HasSuffix(name, "_test.yml")
}

// parseYAML parses data into a YAML node tree, turning a syntax error into a
// positioned Error.
func parseYAML(file string, data []byte, sentinel error) (*yaml.Node, *Error) {
	n, serr := yamlnode.Parse(data)
	if serr != nil {
		return nil, &Error{Pos: Position{File: file, Line: serr.Line}, Msg: serr.Msg, Err: sentinel}
	}
	if n == nil {
		return nil, &Error{Pos: Position{File: file, Line: 1, Column: 1}, Msg: "empty document", Err: sentinel}
	}
	return n, nil
}

// readLayers reads every YAML file of every layer, in layer order and, in
// each layer, in lexical path order.
func readLayers(layers []fs.FS) ([]*sourceFile, ErrorList) {
	var files []*sourceFile
	var errs ErrorList
	for li, fsys := range layers {
		if fsys == nil {
			errs = append(errs, &Error{Msg: fmt.Sprintf("rule layer %d is nil", li), Err: ErrInvalidRules})
			continue
		}
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &Error{Pos: Position{File: p}, Msg: err.Error(), Err: ErrInvalidRules})
				return nil
			}
			if d.IsDir() {
				if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
					return fs.SkipDir
				}
				return nil
			}
			ext := path.Ext(p)
			if (ext != ".yaml" && ext != ".yml") || IsCasebook(p) {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				errs = append(errs, &Error{Pos: Position{File: p}, Msg: err.Error(), Err: ErrInvalidRules})
				return nil
			}
			f, perr := parseSource(p, li, data)
			if perr != nil {
				errs = append(errs, perr)
				return nil
			}
			files = append(files, f)
			return nil
		})
		if err != nil {
			errs = append(errs, &Error{Msg: err.Error(), Err: ErrInvalidRules})
		}
	}
	return files, errs
}

func parseSource(p string, layer int, data []byte) (*sourceFile, *Error) {
	if !utf8.Valid(data) {
		return nil, &Error{Pos: Position{File: p}, Msg: "file is not valid UTF-8", Err: ErrInvalidRules}
	}
	root, perr := parseYAML(p, data, ErrInvalidRules)
	if perr != nil {
		return nil, perr
	}
	f := &sourceFile{path: p, layer: layer, root: root,
		lines: strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")}
	if root.Kind != yaml.MappingNode {
		return nil, &Error{Pos: Position{File: p, Line: root.Line, Column: root.Column},
			Msg: "expected a mapping with a kind field, found " + kindName(root), Err: ErrInvalidRules}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "kind" {
			f.kind = root.Content[i+1].Value
		}
	}
	kinds := []string{"vocabulary", "markets", "ruleset"}
	if !slices.Contains(kinds, f.kind) {
		msg := "missing kind (want vocabulary, markets or ruleset)"
		if f.kind != "" {
			msg = fmt.Sprintf("unknown kind %q (want vocabulary, markets or ruleset)%s", f.kind, suggest(f.kind, kinds))
		}
		return nil, &Error{Pos: Position{File: p, Line: root.Line, Column: root.Column}, Msg: msg, Err: ErrInvalidRules}
	}
	return f, nil
}

// builder collects the parts of an Engine and every problem found on the way.
type builder struct {
	errs ErrorList
	e    *Engine
}

func (b *builder) errorf(pos Position, set, rule, format string, args ...any) {
	b.errs = append(b.errs, &Error{Pos: pos, RuleSet: set, Rule: rule, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidRules})
}

func decodeFile(f *sourceFile, out any) ErrorList {
	d := &decoder{file: f.path}
	d.decode(f.root, reflect.ValueOf(out).Elem(), "")
	return d.errs
}

// build turns the files into an Engine.
func build(files []*sourceFile, opts Options) (*Engine, error) {
	b := &builder{e: &Engine{
		factIndex: map[string]int{},
		markets:   map[string]*Market{},
		costLimit: opts.CostLimit,
	}}
	if b.e.costLimit == 0 {
		b.e.costLimit = DefaultCostLimit
	}
	var sets []*ruleSetFile
	setLayer := map[string]int{}
	setIdx := map[string]int{}
	// Facts and markets first, so that rule sets are checked against the
	// whole vocabulary whatever the file order.
	sort.SliceStable(files, func(i, j int) bool { return files[i].kind != "ruleset" && files[j].kind == "ruleset" })
	vocabDone := false
	for _, f := range files {
		if f.kind == "ruleset" && !vocabDone {
			vocabDone = true
			b.checkMarkets()
			b.resolveImplications()
			if _, ok := b.e.factIndex["markets"]; !ok {
				b.errorf(Position{}, "", "", "the vocabulary must declare the fact \"markets\" (type list)")
			}
			if len(b.errs) == 0 {
				b.makeEnv()
			}
		}
		switch f.kind {
		case "vocabulary":
			var v vocabFile
			b.errs = append(b.errs, decodeFile(f, &v)...)
			for _, fact := range v.Facts {
				b.addFact(fact)
			}
		case "markets":
			var m marketsFile
			b.errs = append(b.errs, decodeFile(f, &m)...)
			for _, mk := range m.Markets {
				b.addMarket(mk)
			}
		case "ruleset":
			rs := &ruleSetFile{}
			errs := decodeFile(f, rs)
			b.errs = append(b.errs, errs...)
			if rs.ID == "" {
				b.errorf(rs.Pos, "", "", "rule set has no id")
				continue
			}
			rs.file = f.path
			if i, ok := setIdx[rs.ID]; ok {
				if setLayer[rs.ID] == f.layer {
					b.errorf(rs.Pos, rs.ID, "", "rule set id %q is also used by %s", rs.ID, sets[i].file)
					continue
				}
				sets[i] = rs // a later layer replaces the rule set
				setLayer[rs.ID] = f.layer
				continue
			}
			setIdx[rs.ID] = len(sets)
			setLayer[rs.ID] = f.layer
			sets = append(sets, rs)
		}
	}
	if !vocabDone {
		b.checkMarkets()
		b.resolveImplications()
		if _, ok := b.e.factIndex["markets"]; !ok {
			b.errorf(Position{}, "", "", "the vocabulary must declare the fact \"markets\" (type list)")
		}
		if len(b.errs) == 0 {
			b.makeEnv()
		}
	}
	if b.e.env != nil {
		lines := map[string][]string{}
		for _, f := range files {
			lines[f.path] = f.lines
		}
		dutyOwner := map[string]string{}
		for _, rs := range sets {
			b.compileSet(rs, lines[rs.file], dutyOwner)
		}
	}
	b.errs.sort()
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	b.e.index()
	return b.e, nil
}

func (b *builder) addFact(f *Fact) {
	switch {
	case f.Name == "":
		b.errorf(f.Pos, "", "", "fact has no name")
		return
	case f.Name == "as_of":
		b.errorf(f.Pos, "", "", "fact name \"as_of\" is reserved for the assessment date")
		return
	case !validFactName(f.Name):
		b.errorf(f.Pos, "", "", "invalid fact name %q: use lower-case words joined by dots and underscores, without CEL keywords", f.Name)
		return
	}
	if i, ok := b.e.factIndex[f.Name]; ok {
		b.errorf(f.Pos, "", "", "fact %q is already declared at %s", f.Name, b.e.facts[i].Pos)
		return
	}
	if !slices.Contains(factTypes, string(f.Type)) {
		b.errorf(f.Pos, "", "", "fact %q: unknown type %q (want one of %s)%s", f.Name, f.Type, strings.Join(factTypes, ", "), suggest(string(f.Type), factTypes))
	}
	if f.Question == "" {
		b.errorf(f.Pos, "", "", "fact %q has no question", f.Name)
	}
	if f.Type == TypeEnum && len(f.Values) == 0 {
		b.errorf(f.Pos, "", "", "enum fact %q declares no values", f.Name)
	}
	if len(f.Values) > 0 && f.Type != TypeEnum && f.Type != TypeList {
		b.errorf(f.Pos, "", "", "fact %q of type %s cannot declare values", f.Name, f.Type)
	}
	seen := map[string]bool{}
	for _, v := range f.Values {
		if v.Value == "" || seen[v.Value] {
			b.errorf(f.Pos, "", "", "fact %q: empty or repeated value %q", f.Name, v.Value)
		}
		seen[v.Value] = true
	}
	f.index = len(b.e.facts)
	b.e.factIndex[f.Name] = f.index
	b.e.facts = append(b.e.facts, f)
}

// resolveImplications checks each fact's implies entries against the
// vocabulary and converts their values.
func (b *builder) resolveImplications() {
	for _, f := range b.e.facts {
		for i := range f.Implies {
			im := &f.Implies[i]
			if im.Pos.File == "" {
				im.Pos = f.Pos
			}
			cf := f
			if f.Type == TypeList {
				// For a list fact, If names a value the list contains.
				cf = &Fact{Name: f.Name, Type: TypeEnum, Values: f.Values}
				if len(f.Values) == 0 {
					cf.Type = TypeString
				}
			}
			cond, errs := b.e.convert(cf, im.If)
			if len(errs) > 0 {
				b.errorf(im.Pos, "", "", "fact %q: implies if: %s", f.Name, errs[0].Msg)
				continue
			}
			im.cond = cond
			names := make([]string, 0, len(im.Then))
			for n := range im.Then {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				tf := b.e.Fact(n)
				if tf == nil || tf == f {
					b.errorf(im.Pos, "", "", "fact %q: implies an unknown fact %q%s", f.Name, n, suggest(n, b.e.names))
					continue
				}
				val, errs := b.e.convert(tf, im.Then[n])
				if len(errs) > 0 {
					b.errorf(im.Pos, "", "", "fact %q: implies %s: %s", f.Name, n, errs[0].Msg)
					continue
				}
				im.targets = append(im.targets, implied{index: tf.index, val: val})
			}
		}
	}
}

func (b *builder) addMarket(m *Market) {
	if !marketCodeRE.MatchString(m.Code) {
		b.errorf(m.Pos, "", "", "invalid market code %q: want ISO 3166 (DE, US-CA), US-NY-NYC or EU", m.Code)
		return
	}
	if old, ok := b.e.markets[m.Code]; ok {
		b.errorf(m.Pos, "", "", "market %q is already declared at %s", m.Code, old.Pos)
		return
	}
	b.e.markets[m.Code] = m
}

func (b *builder) checkMarkets() {
	for _, m := range b.e.markets {
		if m.MemberOf == "" {
			continue
		}
		if _, ok := b.e.markets[m.MemberOf]; !ok {
			b.errorf(m.Pos, "", "", "market %q is a member of undeclared market %q", m.Code, m.MemberOf)
			continue
		}
		// A cycle would make expansion loop.
		seen := map[string]bool{m.Code: true}
		for p := m.MemberOf; p != ""; p = b.e.markets[p].MemberOf {
			if seen[p] {
				b.errorf(m.Pos, "", "", "market %q is in a membership cycle", m.Code)
				break
			}
			seen[p] = true
		}
	}
}

// makeEnv declares every fact as a CEL variable.
func (b *builder) makeEnv() {
	opts := []cel.EnvOption{
		cel.ExtendedValidations(),
		cel.CrossTypeNumericComparisons(true),
		ext.Sets(),
		cel.Variable("as_of", cel.TimestampType),
	}
	for _, f := range b.e.facts {
		opts = append(opts, cel.Variable(f.Name, f.Type.celType()))
		b.e.names = append(b.e.names, f.Name)
	}
	env, err := cel.NewEnv(opts...)
	if err != nil {
		b.errorf(Position{}, "", "", "building the CEL environment: %v", err)
		return
	}
	b.e.env = env
}

// celSource returns the text of a CEL expression padded so that CEL's line
// and column are the file's.
func (b *builder) celSource(n *yaml.Node, lines []string, set, rule string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		b.errorf(Position{Line: n.Line, Column: n.Column}, set, rule, "expected a CEL expression, found %s", kindName(n))
		return "", false
	}
	switch {
	case n.Style&yaml.FoldedStyle != 0:
		b.errorf(Position{Line: n.Line, Column: n.Column}, set, rule, "folded (>) CEL expressions are not allowed: use | for a multi-line expression")
		return "", false
	case n.Style&yaml.LiteralStyle != 0:
		indent := 0
		for i := n.Line; i < len(lines); i++ { // lines[n.Line] is the first line after the header
			if t := strings.TrimLeft(lines[i], " "); t != "" {
				indent = len(lines[i]) - len(t)
				break
			}
		}
		var sb strings.Builder
		sb.WriteString(strings.Repeat("\n", n.Line))
		pad := strings.Repeat(" ", indent)
		for i, l := range strings.Split(n.Value, "\n") {
			if i > 0 {
				sb.WriteByte('\n')
			}
			if l != "" {
				sb.WriteString(pad)
			}
			sb.WriteString(l)
		}
		return sb.String(), true
	case strings.Contains(n.Value, "\n"):
		b.errorf(Position{Line: n.Line, Column: n.Column}, set, rule, "a CEL expression spread over several lines must be a | block")
		return "", false
	}
	col := n.Column - 1
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++ // after the opening quote; escapes may shift later columns
	}
	return strings.Repeat("\n", n.Line-1) + strings.Repeat(" ", col) + n.Value, true
}

// compiled is a checked CEL condition with its two programs: a plain one
// for complete facts and a partial one that reports unknown facts.
type compiled struct {
	plain, partial cel.Program
	facts          []string
	pos            Position
}

func (b *builder) compile(n *yaml.Node, file string, lines []string, set, rule string) *compiled {
	src, ok := b.celSource(n, lines, set, rule)
	if !ok {
		for _, e := range b.errs {
			if e.Pos.File == "" {
				e.Pos.File = file
			}
		}
		return nil
	}
	pos := Position{File: file, Line: n.Line, Column: n.Column}
	ast, iss := b.e.env.CompileSource(common.NewStringSource(src, file))
	if iss != nil && iss.Err() != nil {
		srcLines := strings.Split(src, "\n")
		for _, ce := range iss.Errors() {
			loc := ce.Location
			pos := Position{File: file, Line: loc.Line(), Column: loc.Column() + 1}
			msg := ce.Message
			if m := undeclaredRE.FindStringSubmatch(msg); m != nil && loc.Line() >= 1 && loc.Line() <= len(srcLines) {
				name, col := dottedNameAt(srcLines[loc.Line()-1], loc.Column())
				if name != "" && strings.HasPrefix(name, m[1]) {
					pos.Column = col + 1
					msg = fmt.Sprintf("undeclared reference to '%s'", name)
					if s := didYouMean(name, b.e.factNames()); s != "" {
						msg += fmt.Sprintf(" (did you mean '%s'?)", s)
					}
				}
			}
			b.errorf(pos, set, rule, "%s", msg)
		}
		return nil
	}
	if !ast.OutputType().IsExactType(types.BoolType) {
		b.errorf(pos, set, rule, "condition must be a bool, but it is %s", ast.OutputType())
		return nil
	}
	// A condition whose worst-case cost is proven within the limit runs
	// without run-time cost tracking, which costs about a third of the time.
	var limit []cel.ProgramOption
	if est, err := b.e.env.EstimateCost(ast, sizeEstimator{b.e}); err != nil || est.Max > b.e.costLimit {
		limit = []cel.ProgramOption{cel.CostLimit(b.e.costLimit)}
	}
	plain, err := b.e.env.Program(ast, append(limit, cel.EvalOptions(cel.OptOptimize))...)
	if err != nil {
		b.errorf(pos, set, rule, "%v", err)
		return nil
	}
	partial, err := b.e.env.Program(ast, append(limit, cel.EvalOptions(cel.OptOptimize|cel.OptPartialEval))...)
	if err != nil {
		b.errorf(pos, set, rule, "%v", err)
		return nil
	}
	c := &compiled{plain: plain, partial: partial, pos: pos}
	seen := map[string]bool{}
	for _, ref := range ast.NativeRep().ReferenceMap() {
		if _, ok := b.e.factIndex[ref.Name]; ok && !seen[ref.Name] {
			seen[ref.Name] = true
			c.facts = append(c.facts, ref.Name)
		}
	}
	sort.Strings(c.facts)
	return c
}

// compileSet checks one rule set and compiles its conditions.
func (b *builder) compileSet(rf *ruleSetFile, lines []string, dutyOwner map[string]string) {
	file := rf.file
	id := rf.ID
	at := func(p Position) Position {
		if p.File == "" {
			p.File = file
		}
		return p
	}
	rs := &ruleSet{Instrument: Instrument{
		ID: rf.ID, Jurisdiction: rf.Jurisdiction, Title: rf.Title, TitleLocal: rf.TitleLocal,
		Citation: rf.Citation, Status: Status(rf.Status), StatusNote: rf.StatusNote, Checked: rf.Checked, Adopted: rf.Adopted,
		EffectiveFrom: rf.EffectiveFrom, EffectiveUntil: rf.EffectiveUntil, Sources: rf.Sources,
		Flags: rf.Flags, File: file,
	},
		tiers:        map[string]*TierDef{},
		designations: map[string]*Designation{},
		duties:       map[string]*DutyDef{},
	}
	nerr := len(b.errs)
	if !idRE.MatchString(id) {
		b.errorf(at(rf.Pos), id, "", "invalid rule set id: use letters, digits, dots, dashes and underscores")
	}
	if !marketCodeRE.MatchString(rf.Jurisdiction) {
		b.errorf(at(rf.Pos), id, "", "jurisdiction %q is not a market code (want EU, an ISO 3166 code such as DE or US-CA, or US-NY-NYC)", rf.Jurisdiction)
	}
	for _, req := range []struct{ name, val string }{{"title", rf.Title}, {"citation", rf.Citation}} {
		if req.val == "" {
			b.errorf(at(rf.Pos), id, "", "missing %s", req.name)
		}
	}
	if !slices.Contains(statuses, rf.Status) {
		b.errorf(at(rf.Pos), id, "", "unknown status %q (want one of %s)%s", rf.Status, strings.Join(statuses, ", "), suggest(rf.Status, statuses))
	}
	if rf.Checked.IsZero() {
		b.errorf(at(rf.Pos), id, "", "missing checked: the date the legal status was last checked")
	}
	if len(rf.Sources) == 0 {
		b.errorf(at(rf.Pos), id, "", "no sources: name the texts the rule set was written from")
	}
	if !rf.EffectiveUntil.IsZero() && !rf.EffectiveFrom.IsZero() && !rf.EffectiveFrom.Before(rf.EffectiveUntil) {
		b.errorf(at(rf.Pos), id, "", "effective_until %s is not after effective_from %s", rf.EffectiveUntil, rf.EffectiveFrom)
	}
	if len(rf.Tiers) == 0 {
		b.errorf(at(rf.Pos), id, "", "no tiers")
	}
	var labels []string
	for i := range rf.Tiers {
		t := &rf.Tiers[i]
		sev, err := ParseSeverity(t.SeverityName)
		if err != nil || sev == SeverityUnknown {
			b.errorf(at(t.Pos), id, "", "tier %q: %v", t.Label, errOr(err, "severity must be none, minimal, limited, high or prohibited"))
		}
		t.Severity = sev
		if _, dup := rs.tiers[t.Label]; dup || t.Label == "" {
			b.errorf(at(t.Pos), id, "", "empty or repeated tier label %q", t.Label)
		}
		rs.tiers[t.Label] = t
		labels = append(labels, t.Label)
		rs.Tiers = append(rs.Tiers, *t)
	}
	tier := func(label, what string) *TierDef {
		if t, ok := rs.tiers[label]; ok {
			return t
		}
		if label == "" {
			b.errorf(at(rf.Pos), id, "", "missing %s", what)
		} else {
			b.errorf(at(rf.Pos), id, "", "%s %q is not one of the rule set's tiers%s", what, label, suggest(label, labels))
		}
		return nil
	}
	rs.defaultTier = tier(rf.DefaultTier, "default_tier")
	rs.excludedTier = tier(rf.ExcludedTier, "excluded_tier")
	var desigIDs []string
	for _, d := range rf.Designations {
		if _, dup := rs.designations[d.ID]; dup || d.ID == "" {
			b.errorf(at(d.Pos), id, "", "empty or repeated designation id %q", d.ID)
		}
		if d.Title == "" {
			b.errorf(at(d.Pos), id, "", "designation %q has no title", d.ID)
		}
		rs.designations[d.ID] = d
		desigIDs = append(desigIDs, d.ID)
	}
	roles := b.e.rolesFact()
	var dutyIDs []string
	for _, d := range rf.Duties {
		d.Pos = at(d.Pos)
		if d.ID == "" || !idRE.MatchString(d.ID) {
			b.errorf(d.Pos, id, "", "invalid duty id %q", d.ID)
		} else if owner, dup := dutyOwner[d.ID]; dup {
			b.errorf(d.Pos, id, "", "duty id %q is already used in rule set %q", d.ID, owner)
		}
		dutyOwner[d.ID] = id
		for _, req := range []struct{ name, val string }{{"title", d.Title}, {"do", d.Do}, {"cite", d.Cite}} {
			if req.val == "" {
				b.errorf(d.Pos, id, "", "duty %q: missing %s", d.ID, req.name)
			}
		}
		if len(d.Actors) == 0 {
			b.errorf(d.Pos, id, "", "duty %q: missing actor", d.ID)
		}
		for _, a := range d.Actors {
			if roles != nil && !roles.allowed(a) {
				b.errorf(d.Pos, id, "", "duty %q: actor %q is not a value of org.roles%s", d.ID, a, suggest(a, roles.valueNames()))
			}
		}
		if !slices.Contains(Principles, d.Principle) {
			names := make([]string, len(Principles))
			for i, p := range Principles {
				names[i] = string(p)
			}
			b.errorf(d.Pos, id, "", "duty %q: unknown principle %q (want one of %s)%s", d.ID, d.Principle, strings.Join(names, ", "), suggest(string(d.Principle), names))
		}
		if d.From.IsZero() {
			d.From = rf.EffectiveFrom
		}
		if d.From.IsZero() {
			b.errorf(d.Pos, id, "", "duty %q: missing from (and the rule set has no effective_from)", d.ID)
		}
		if !d.Until.IsZero() && !d.From.Before(d.Until) {
			b.errorf(d.Pos, id, "", "duty %q: until %s is not after from %s", d.ID, d.Until, d.From)
		}
		rs.duties[d.ID] = d
		rs.dutyOrder = append(rs.dutyOrder, d)
		dutyIDs = append(dutyIDs, d.ID)
	}
	if rf.Scope != nil && !isNull(rf.Scope) {
		rs.scope = b.compile(rf.Scope, file, lines, id, "")
	}
	ruleIDs := map[string]bool{}
	for _, rd := range rf.Rules {
		pos := at(rd.Pos)
		if rd.ID == "" || !idRE.MatchString(rd.ID) {
			b.errorf(pos, id, rd.ID, "invalid or missing rule id")
		} else if ruleIDs[rd.ID] {
			b.errorf(pos, id, rd.ID, "rule id %q is used twice", rd.ID)
		}
		ruleIDs[rd.ID] = true
		if rd.Cite == "" {
			b.errorf(pos, id, rd.ID, "missing cite")
		}
		if rd.Because == "" {
			b.errorf(pos, id, rd.ID, "missing because: say in one line why the rule holds")
		}
		r := &rule{id: rd.ID, cite: rd.Cite, because: rd.Because, from: rd.From, until: rd.Until, pos: pos}
		r.applies = r.from
		if rd.Effect != "exclude" && rf.EffectiveFrom.After(r.applies) {
			// No rule classifies before its instrument applies.
			r.applies = rf.EffectiveFrom
		}
		switch rd.Effect {
		case "", "classify":
		case "exclude":
			r.exclude = true
			if rd.Tier != "" || len(rd.Duties) > 0 || len(rd.Designations) > 0 {
				b.errorf(pos, id, rd.ID, "an exclude rule takes no tier, duties or designations")
			}
		default:
			b.errorf(pos, id, rd.ID, "unknown effect %q (want classify or exclude)", rd.Effect)
		}
		if rd.UnlessAtLeast != "" {
			if !r.exclude {
				b.errorf(pos, id, rd.ID, "unless_at_least applies to exclude rules only")
			}
			sev, err := ParseSeverity(rd.UnlessAtLeast)
			if err != nil {
				b.errorf(pos, id, rd.ID, "unless_at_least: %v", err)
			}
			r.unlessAtLeast = sev
		}
		if !rd.From.IsZero() && !rd.Until.IsZero() && !rd.From.Before(rd.Until) {
			b.errorf(pos, id, rd.ID, "until %s is not after from %s", rd.Until, rd.From)
		}
		if rd.Tier != "" {
			if t, ok := rs.tiers[rd.Tier]; ok {
				r.tier = t
			} else {
				b.errorf(pos, id, rd.ID, "tier %q is not one of the rule set's tiers%s", rd.Tier, suggest(rd.Tier, labels))
			}
		}
		for _, d := range rd.Designations {
			if des, ok := rs.designations[d]; ok {
				r.designations = append(r.designations, des)
			} else {
				b.errorf(pos, id, rd.ID, "designation %q is not declared in the rule set%s", d, suggest(d, desigIDs))
			}
		}
		for _, d := range rd.Duties {
			if duty, ok := rs.duties[d]; ok {
				r.duties = append(r.duties, duty)
			} else {
				b.errorf(pos, id, rd.ID, "duty %q is not in the rule set's duties%s", d, suggest(d, dutyIDs))
			}
		}
		if rd.When == nil {
			b.errorf(pos, id, rd.ID, "missing when")
			continue
		}
		r.cond = b.compile(rd.When, file, lines, id, rd.ID)
		if rd.Unless != nil && !isNull(rd.Unless) {
			if r.exclude {
				b.errorf(pos, id, rd.ID, "an exclude rule takes no unless: write the exception into when")
			} else {
				r.unless = b.compile(rd.Unless, file, lines, id, rd.ID)
			}
		}
		rs.rules = append(rs.rules, r)
	}
	if len(b.errs) == nerr {
		b.e.sets = append(b.e.sets, rs)
	}
}

func errOr(err error, msg string) string {
	if err != nil {
		return err.Error()
	}
	return msg
}

// index orders the rule sets and prepares the lookups Assess uses.
func (e *Engine) index() {
	sort.Slice(e.sets, func(i, j int) bool {
		a, b := e.sets[i], e.sets[j]
		if a.Jurisdiction != b.Jurisdiction {
			return a.Jurisdiction < b.Jurisdiction
		}
		return a.ID < b.ID
	})
	e.byJurisdiction = map[string][]*ruleSet{}
	e.dutyIndex = map[string]dutyRef{}
	for _, rs := range e.sets {
		for _, d := range rs.dutyOrder {
			e.dutyIndex[d.ID] = dutyRef{def: d, set: rs.ID}
		}
	}
	for _, rs := range e.sets {
		if !slices.Contains(e.jurisdictions, rs.Jurisdiction) {
			e.jurisdictions = append(e.jurisdictions, rs.Jurisdiction)
		}
		e.byJurisdiction[rs.Jurisdiction] = append(e.byJurisdiction[rs.Jurisdiction], rs)
	}
	e.asOfIndex = len(e.facts)
	e.factIndex["as_of"] = e.asOfIndex
	e.patterns = make([]*interpreter.AttributePattern, len(e.facts))
	for i, f := range e.facts {
		e.patterns[i] = cel.AttributePattern(f.Name)
		if len(f.Implies) > 0 {
			e.implying = append(e.implying, f)
		}
	}
	e.children = map[string][]string{}
	for _, m := range e.markets {
		if m.MemberOf != "" {
			e.children[m.MemberOf] = append(e.children[m.MemberOf], m.Code)
		}
	}
	for _, c := range e.children {
		sort.Strings(c)
	}
}

var undeclaredRE = regexp.MustCompile(`^undeclared reference to '([A-Za-z0-9_.]+)'`)

// dottedNameAt returns the whole dotted name around code point col of line,
// and the code point column where it starts. CEL places a dotted name's
// position at its last dot, and reports only part of an undeclared one.
func dottedNameAt(line string, col int) (string, int) {
	r := []rune(line)
	if col < 0 || col >= len(r) {
		return "", 0
	}
	isName := func(c rune) bool {
		return c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	}
	start, end := col, col
	for start > 0 && isName(r[start-1]) {
		start--
	}
	for end < len(r) && isName(r[end]) {
		end++
	}
	name := strings.Trim(string(r[start:end]), ".")
	if end < len(r) && r[end] == '(' {
		// name.method(...): the last segment is a method, not part of the name.
		if i := strings.LastIndexByte(name, '.'); i > 0 {
			name = name[:i]
		}
	}
	return name, start
}
