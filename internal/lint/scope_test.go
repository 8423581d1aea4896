package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/model"
)

// fixtureSets are the repositories the proof runs on: every rule example
// (policies/examples, unpacked with its date) and qms/.
func fixtureSets(t *testing.T) map[string]struct {
	root string
	date time.Time
} {
	t.Helper()
	sets := map[string]struct {
		root string
		date time.Time
	}{"qms": {filepath.Join("..", "..", "qms"), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "policies", "examples", "*.txtar"))
	if len(paths) == 0 {
		t.Fatal("no rule examples")
	}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		root := t.TempDir()
		date := "2026-01-12"
		var name string
		var body strings.Builder
		flush := func() {
			if name != "" {
				if err := os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(root, name), []byte(body.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			name = ""
			body.Reset()
		}
		for _, line := range strings.SplitAfter(string(raw), "\n") {
			s := strings.TrimRight(line, "\n")
			if n, ok := strings.CutPrefix(s, "-- "); ok && strings.HasSuffix(n, " --") {
				flush()
				if n = strings.TrimSuffix(n, " --"); !strings.HasPrefix(n, "commit ") {
					name = n
				}
				continue
			}
			if d, ok := strings.CutPrefix(s, "date:"); ok && name == "" && body.Len() == 0 {
				date = strings.TrimSpace(d)
			}
			if name != "" {
				body.WriteString(line)
			}
		}
		flush()
		day, err := time.Parse("2006-01-02", date)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		sets[strings.TrimSuffix(filepath.Base(p), ".txtar")] = struct {
			root string
			date time.Time
		}{root, day}
	}
	return sets
}

// fileByFile compares, on one repository, the findings of the rules
// evaluated over the whole input with the union of their findings over
// one input per file, and returns what differs.
func fileByFile(t *testing.T, res *Result, rules func(engine.Rule) bool) []string {
	t.Helper()
	ctx := context.Background()
	whole, err := res.evalRules(ctx, rules, nil)
	if err != nil {
		t.Fatal(err)
	}
	units, ok := fileUnits(res.Repo, res.histSums)
	if !ok {
		t.Fatal("the repository cannot be split by file")
	}
	var union []engine.Result
	var diff []string
	for _, u := range units {
		one := map[string]bool{u.Path: true}
		part := subset(res.Repo, one)
		rs, err := res.evalRules(ctx, rules, part)
		if err != nil {
			t.Fatal(err)
		}
		// Over one file, a rule judges that file only: one that iterates
		// a given judges every file whichever it is asked about.
		if _, ok := attribute(rs, part, newIndex(part), units, one); !ok {
			for _, x := range rs {
				diff = append(diff, fmt.Sprintf("%s over %s alone: a finding not told to that file: %s %s", x.Rule.ID, u.Path, x.Subject, x.Msg))
			}
		}
		union = append(union, rs...)
	}
	key := func(f finding.Finding) string {
		return fmt.Sprintf("%s %s:%d %s", f.ID, f.File, f.Line, f.Message)
	}
	var a, b []string
	for _, f := range findings(res.Repo, res.Config, whole) {
		a = append(a, key(f))
	}
	for _, f := range findings(res.Repo, res.Config, union) {
		b = append(b, key(f))
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			diff = append(diff, "only over the whole input: "+x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			diff = append(diff, "only file by file: "+x)
		}
	}
	return diff
}

// TestDocumentScopeProof: for every rule declaring custom.scope: document
// and every fixture set, the rule over the whole input finds what it
// finds over one input per file. The engine's static check refuses the
// reads it can see; this catches a rule that joins files itself.
func TestDocumentScopeProof(t *testing.T) {
	sets := fixtureSets(t)
	scoped := func(r engine.Rule) bool { return r.Scope == engine.ScopeDocument }
	n := 0
	for name, set := range sets {
		res, err := Prepare(context.Background(), Options{Root: set.root, Date: set.date, NoHistory: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n == 0 {
			for _, r := range res.Rules {
				if scoped(r) {
					n++
				}
			}
			if n == 0 {
				t.Fatal("no rule declares custom.scope: document")
			}
		}
		for _, d := range fileByFile(t, res, scoped) {
			t.Errorf("%s: %s", name, d)
		}
	}
}

// TestDocumentScopeProofFails: the proof tells a rule that joins files
// from one that does not: doc.id-duplicate compares the ids of every
// file (the static check refuses it for reading input.index; the proof
// sees the join itself), and its example shows it; so does
// approval.signoff-unauthorised, which judges waivers by other files.
func TestDocumentScopeProofFails(t *testing.T) {
	for _, id := range []string{"doc.id-duplicate", "approval.signoff-unauthorised"} {
		set := fixtureSets(t)[id]
		res, err := Prepare(context.Background(), Options{Root: set.root, Date: set.date, NoHistory: true})
		if err != nil {
			t.Fatal(err)
		}
		if d := fileByFile(t, res, func(r engine.Rule) bool { return r.ID == id }); len(d) == 0 {
			t.Errorf("%s: the proof found no difference for a rule that joins files", id)
		}
	}
}

// A file's unit digest changes with every fact of it a document-scoped
// rule can see, and with nothing of another file: each case changes one.
func TestFileUnitsNameEveryFact(t *testing.T) {
	repo := func() *model.Repository {
		return &model.Repository{
			Files: []model.File{
				{Path: "a.md", Format: "markdown", Controlled: true, Kind: "procedure", SHA256: "aa"},
				{Path: "b.yaml", Format: "yaml", Controlled: true, Kind: "risk-register", SHA256: "bb"},
			},
			Problems: []model.Problem{{Rule: "schema.invalid", File: "a.md", Line: 3, Subject: "SOP-1", Msg: "bad"}},
			Documents: []*model.Document{{File: "a.md", Meta: map[string]any{"id": "SOP-1"},
				Links: []model.Link{{Local: true, Path: "b.yaml", Exists: true}, {Local: true, Path: "gone.md"}}}},
			Registers: []*model.Register{{File: "b.yaml", Data: map[string]any{"id": "RR-1"}}},
		}
	}
	hist := func() historySums {
		return historySums{ok: true, sums: map[string][32]byte{"SOP-1": {1}, "RR-1": {2}}}
	}
	base, ok := fileUnits(repo(), hist())
	if !ok || len(base) != 2 {
		t.Fatalf("fileUnits = %v, %v", base, ok)
	}
	cases := map[string]struct {
		files  []int // the units that must change
		change func(*model.Repository, historySums)
	}{
		"content":           {[]int{0}, func(r *model.Repository, _ historySums) { r.Files[0].SHA256 = "ab" }},
		"format":            {[]int{0}, func(r *model.Repository, _ historySums) { r.Files[0].Format = "yaml" }},
		"controlled":        {[]int{0}, func(r *model.Repository, _ historySums) { r.Files[0].Controlled = false }},
		"failed":            {[]int{1}, func(r *model.Repository, _ historySums) { r.Files[1].Failed = true }},
		"kind":              {[]int{1}, func(r *model.Repository, _ historySums) { r.Files[1].Kind = "asset-inventory" }},
		"raw id":            {[]int{1}, func(r *model.Repository, _ historySums) { r.Files[1].ID = "RR-2" }},
		"kind into id":      {[]int{0}, func(r *model.Repository, _ historySums) { r.Files[0].Kind, r.Files[0].ID = "proce", "dure" }},
		"problem rule":      {[]int{0}, func(r *model.Repository, _ historySums) { r.Problems[0].Rule = "parse.error" }},
		"problem subject":   {[]int{0}, func(r *model.Repository, _ historySums) { r.Problems[0].Subject = "SOP-2" }},
		"problem line":      {[]int{0}, func(r *model.Repository, _ historySums) { r.Problems[0].Line = 4 }},
		"problem message":   {[]int{0}, func(r *model.Repository, _ historySums) { r.Problems[0].Msg = "worse" }},
		"problem moved":     {[]int{0, 1}, func(r *model.Repository, _ historySums) { r.Problems[0].File = "b.yaml" }},
		"link now resolves": {[]int{0}, func(r *model.Repository, _ historySums) { r.Documents[0].Links[1].Exists = true }},
		"link target":       {[]int{0}, func(r *model.Repository, _ historySums) { r.Documents[0].Links[0].Path = "c.yaml" }},
		"document history":  {[]int{0}, func(_ *model.Repository, h historySums) { h.sums["SOP-1"] = [32]byte{3} }},
		"register history":  {[]int{1}, func(_ *model.Repository, h historySums) { h.sums["RR-1"] = [32]byte{3} }},
		"history of the id": {[]int{0}, func(r *model.Repository, _ historySums) { r.Documents[0].Meta["id"] = "SOP-9" }},
	}
	for name, c := range cases {
		r, h := repo(), hist()
		c.change(r, h)
		units, ok := fileUnits(r, h)
		if !ok {
			t.Errorf("%s: fileUnits failed", name)
			continue
		}
		for i := range units {
			want := slices.Contains(c.files, i)
			if changed := units[i].Digest != base[i].Digest; changed != want {
				t.Errorf("%s: the digest of %s changed: %v, want %v", name, units[i].Path, changed, want)
			}
		}
	}
	// What no rule sees of a file leaves its unit alone.
	r := repo()
	r.Documents[0].Links[1].Target = "elsewhere"
	if units, _ := fileUnits(r, hist()); units[0].Digest != base[0].Digest {
		t.Error("a link's target text changed the unit; its resolved path is what is named")
	}
}
