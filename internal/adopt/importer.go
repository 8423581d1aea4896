package adopt

import (
	"fmt"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/dialect"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"

	"gopkg.in/yaml.v3"
)

// Change is one file import writes: a new header over an unchanged body,
// or a new register.
type Change struct {
	Path     string // slash-separated, relative to the root
	Old, New []byte // Old is nil for a new file
	// Missing names what the document does not say and import could not
	// read: required fields it derived, optional ones it left out.
	Missing []string
	// Draft is set when import wrote status: draft for want of a status
	// or of a required field the document does not give.
	Draft bool
	Note  string
}

// Import is what import would do to the tree.
type Import struct {
	Root    string
	Changes []Change // files that would change, by path
	// Skipped are files import leaves alone, with why.
	Skipped []Change
}

// claimSources are the ways of claiming a clause that import turns into
// clauses: a mapping table, a list under a standard, a reference to the
// standard and its clauses. A clause named in passing in prose is not a
// claim that the document implements it.
var claimSources = map[string]bool{"table": true, "list": true, "reference": true}

// listedSources count when written on a list item or a table row
// ("- ISO 13485:2016 — Clauses 4.2.4, 4.2.5" under Reference standards),
// not in a sentence.
var listedSources = map[string]bool{"clause": true, "section-sign": true}

var listItemRE = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,3}[.)])\s|^\s*\|`)

// idRE is qmslint's id pattern (defs.schema.json).
var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)

var statuses = []string{"draft", "in-review", "approved", "obsolete"}

// Plan works out the import of the tree under root with cfg in force.
func Plan(root string, cfg *config.Config) (*Import, error) {
	repo, err := load.Load(root, load.Options{Ignore: cfg.Ignore, IgnoreBase: cfg.Dir, Dialect: cfg.Dialect, Standards: cfg.Standards, Catalogs: cfg.Known})
	if err != nil {
		return nil, err
	}
	imp := &Import{Root: repo.Root}
	enabled := map[string]bool{}
	for _, s := range cfg.Standards {
		std, _, _ := strings.Cut(s, ":")
		enabled[std] = true
	}
	probe := cfg.Dialect
	if probe == nil || len(probe.Table) == 0 {
		probe = defaultTable(cfg.Dialect)
	}
	var docs []*pending
	taken := map[string]bool{}
	for _, f := range repo.Files {
		if f.Format != model.Markdown {
			continue
		}
		if f.Failed {
			imp.Skipped = append(imp.Skipped, Change{Path: f.Path, Note: "not read (see qmslint lint); left as it is"})
			continue
		}
		src, err := readSource(filepath.Join(repo.Root, filepath.FromSlash(f.Path)))
		if err != nil {
			imp.Skipped = append(imp.Skipped, Change{Path: f.Path, Note: err.Error()})
			continue
		}
		if src.header == headerNone && opensFence(src.raw) {
			imp.Skipped = append(imp.Skipped, Change{Path: f.Path, Note: "front matter that does not parse; fix it first"})
			continue
		}
		p := &pending{path: f.Path, src: src, claims: f.Claims, known: cfg.Known}
		p.read(cfg.Dialect, probe)
		if id, ok := p.meta["id"].(string); ok && idRE.MatchString(id) {
			taken[id] = true
		}
		docs = append(docs, p)
	}
	var unnamed []string
	for _, p := range docs {
		if id, _ := p.meta["id"].(string); !idRE.MatchString(id) {
			unnamed = append(unnamed, p.path)
		}
	}
	ids := deriveIDs(unnamed, taken)
	for _, p := range docs {
		if id, ok := ids[p.path]; ok {
			p.meta["id"] = id
			p.derived("id", "from the file name")
		}
		c, err := p.change(cfg.Dialect, enabled)
		if err != nil {
			imp.Skipped = append(imp.Skipped, Change{Path: p.path, Note: err.Error()})
			continue
		}
		if c != nil {
			imp.Changes = append(imp.Changes, *c)
		}
		if reg := p.soaRegister(repo.Root); reg != nil {
			imp.Changes = append(imp.Changes, *reg)
		}
	}
	sort.Slice(imp.Changes, func(i, j int) bool { return imp.Changes[i].Path < imp.Changes[j].Path })
	return imp, nil
}

func opensFence(raw []byte) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(string(raw), string(bom)), "\n")
	return strings.TrimRight(first, " \t\r") == "---"
}

// defaultTable reads metadata tables with the cells of tableFields.
func defaultTable(d *dialect.Dialect) *dialect.Dialect {
	out := &dialect.Dialect{Table: map[string]string{}}
	if d != nil {
		c := *d
		out = &c
		out.Table = map[string]string{}
	}
	for cell, t := range tableFields {
		out.Table[cell] = t
	}
	if len(out.Dates) == 0 {
		_ = out.SetDates(dateFormats) // all valid
	}
	return out
}

// pending is one document on its way to qmslint's front matter.
type pending struct {
	path    string
	src     *source
	claims  []model.Claim
	meta    map[string]any
	missing []string
	// required is false when a required field was not read from the
	// document, so it cannot be marked anything but draft.
	guessed bool
	// known is the configuration's catalogs, whose clauses a claim may
	// name.
	known *catalog.Set
}

func (p *pending) derived(field, how string) {
	p.missing = append(p.missing, field+" ("+how+")")
	p.guessed = true
}

// read takes what the document says: its header through the dialect, the
// metadata table, the H1.
func (p *pending) read(d, table *dialect.Dialect) {
	p.meta = map[string]any{}
	if p.src.meta != nil {
		p.meta, _ = d.Apply(p.src.meta, p.src.pos)
		p.meta = cloneTop(p.meta)
	}
	if tm, _, ok := table.FromTable(p.src.body, p.src.bodyStart); ok {
		// Without a document number, a one-row table at the top is as
		// likely a list of documents as this document's metadata.
		if _, hasID := tm["id"]; hasID {
			for k, v := range tm {
				if _, set := p.meta[k]; !set {
					p.meta[k] = v
				}
			}
		}
	}
	if k, _ := p.meta["kind"].(string); !slices.Contains(model.DocumentKinds, k) {
		h := title(p.src.body)
		p.meta["kind"] = guessKind(p.path, h)
		p.derived("kind", "from the file name, title or folder")
	}
	if t, _ := p.meta["title"].(string); strings.TrimSpace(t) == "" {
		if h := title(p.src.body); h != "" {
			p.meta["title"] = h
		} else {
			p.meta["title"] = humanize(p.path)
			p.derived("title", "from the file name")
		}
	}
	kind, _ := p.meta["kind"].(string)
	if kind == "capa" || kind == "waiver" {
		return // their own fields and statuses (docs/format.md)
	}
	if s, _ := p.meta["status"].(string); !slices.Contains(statuses, s) {
		p.missing = append(p.missing, "status")
		p.guessed = true
	}
	for _, f := range []string{"revision", "owner", "effective"} {
		if _, ok := p.meta[f]; !ok {
			p.missing = append(p.missing, f)
		}
	}
}

// change builds the new file; nil when it would not change.
func (p *pending) change(d *dialect.Dialect, enabled map[string]bool) (*Change, error) {
	if p.guessed {
		p.meta["status"] = "draft"
	}
	p.meta["clauses"] = p.clauses(enabled)
	if len(p.meta["clauses"].([]any)) == 0 {
		delete(p.meta, "clauses")
	}
	// Front matter in qmslint's format already, with nothing to add, stays
	// as it is, comments and order included.
	if p.src.header == headerFenced && reflect.DeepEqual(p.meta, p.src.meta) {
		return nil, nil
	}
	written := valueNodes(p.src.yaml)
	// A value the document writes under qmslint's name, unchanged, keeps
	// its written form.
	node := func(k string) *yaml.Node {
		if v, ok := p.src.meta[k]; ok && reflect.DeepEqual(v, p.meta[k]) {
			return written[k]
		}
		return nil
	}
	var fields []field
	for _, k := range p.order(d) {
		fields = append(fields, field{key: k, value: p.meta[k], node: node(k)})
	}
	yml, err := encodeFields(fields)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if p.src.bom {
		b.Write(bom)
	}
	b.WriteString("---\n")
	b.Write(yml)
	b.WriteString("---\n")
	b.Write(p.src.body)
	out := []byte(b.String())
	if string(out) == string(p.src.raw) {
		return nil, nil
	}
	return &Change{Path: p.path, Old: p.src.raw, New: out, Missing: p.missing, Draft: p.guessed}, nil
}

// order is the order of the fields written: each where the document
// wrote it (a mapped field where the company's field was, doc_id's place
// for id), then the others in fieldOrder. Rewriting in place keeps the
// diff to the lines that change.
func (p *pending) order(d *dialect.Dialect) []string {
	var out []string
	done := map[string]bool{}
	add := func(k string) {
		if _, ok := p.meta[k]; ok && !done[k] {
			done[k] = true
			out = append(out, k)
		}
	}
	for _, k := range p.src.keys {
		target := k
		if d != nil && d.Fields[k] != "" {
			target, _, _ = strings.Cut(d.Fields[k], ".")
		}
		add(target)
	}
	for _, k := range fieldOrder {
		add(k)
	}
	for _, k := range sortedKeys(p.meta) {
		add(k)
	}
	return out
}

// clauses are the clauses the front matter lists, else those the body
// claims, of the enabled standards, in the standards' order.
func (p *pending) clauses(enabled map[string]bool) []any {
	if written, ok := p.meta["clauses"].([]any); ok {
		// The company listed its clauses: its list, not a reading of its
		// text, says what the document implements (an audit programme's
		// table of clauses to audit claims none of them).
		return written
	}
	set := map[string]bool{}
	soaFrom, soaTo := soaLines(p.src.body, p.src.bodyStart)
	lines := strings.Split(string(p.src.body), "\n")
	listed := func(line int) bool {
		i := line - p.src.bodyStart
		return i >= 0 && i < len(lines) && listItemRE.MatchString(lines[i])
	}
	for _, c := range p.claims {
		if c.Line >= soaFrom && c.Line <= soaTo {
			continue // the SoA's rows decide applicability; they claim nothing
		}
		if c.Clause == "" || c.NotApplicable || !(claimSources[c.Source] || listedSources[c.Source] && listed(c.Line)) || !enabled[c.Standard] || !p.known.Known(c.Standard, c.Clause) {
			continue
		}
		set[c.Standard+":"+c.Clause] = true
	}
	var out []any
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return catalog.LessID(ids[i], ids[j]) })
	for _, id := range ids {
		out = append(out, id)
	}
	if out == nil {
		out = []any{}
	}
	return out
}

// deriveIDs gives each file an id from its name, prefixed with as many
// folder names as it takes to tell it from every other document: many
// folders hold a "0-sop.md", and none of them should be the plain 0-SOP.
func deriveIDs(paths []string, taken map[string]bool) map[string]string {
	parts := make([][]string, len(paths))
	depth := make([]int, len(paths))
	for i, p := range paths {
		parts[i] = strings.Split(strings.TrimSuffix(p, path.Ext(p)), "/")
		depth[i] = 1
	}
	candidate := func(i int) string { return slug(strings.Join(parts[i][len(parts[i])-depth[i]:], "-")) }
	for {
		count := map[string]int{}
		for i := range paths {
			count[candidate(i)]++
		}
		grew := false
		for i := range paths {
			if c := candidate(i); (count[c] > 1 || taken[c] || c == "") && depth[i] < len(parts[i]) {
				depth[i]++
				grew = true
			}
		}
		if !grew {
			break
		}
	}
	out := make(map[string]string, len(paths))
	for i, p := range paths {
		id := candidate(i)
		for n := 2; taken[id] || id == ""; n++ {
			id = fmt.Sprintf("%s-%d", candidate(i), n)
		}
		taken[id] = true
		out[p] = id
	}
	return out
}

var notIDRE = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func slug(s string) string {
	s = notIDRE.ReplaceAllString(s, "-")
	s = strings.Trim(s, "-._")
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return strings.ToUpper(s)
}

func humanize(p string) string {
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	name = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	if name == "" {
		return p
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

func cloneTop(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
