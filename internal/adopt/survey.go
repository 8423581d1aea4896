package adopt

import (
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
)

// File is one Markdown file of the surveyed tree.
type File struct {
	Path  string
	Title string // the first level-1 heading
	// Ignored says why the file is not a controlled document; "" if it is.
	Ignored string
	src     *source
	claims  []model.Claim
}

// Ignore is a path left out of linting, with why.
type Ignore struct{ Glob, Why string }

// Survey is what init found in a tree.
type Survey struct {
	Root  string
	Files []*File
	// Named counts the mentions of each standard (ISO13485, ISO27001).
	Named map[string]int
	// NamedIn counts the documents naming each standard.
	NamedIn   map[string]int
	Standards []string
	Dialect   Detected
	Ignore    []Ignore
	// Section and Leaf count the clause claims naming a clause with
	// sub-clauses (8.5) and a clause without (8.5.1).
	Section, Leaf int
	Kinds         map[string]int // guessed kinds of the controlled files
	// Sections are the sections each kind needs by default (the built-in
	// rules' metadata); init keeps those the documents have.
	Sections map[string][]string
}

// ParentCoversChildren reports whether claims are made per section often
// enough that a claim of 8.5 should cover 8.5.1 to 8.5.3.
func (s *Survey) ParentCoversChildren() bool {
	return s.Section > 0 && s.Section*4 >= s.Section+s.Leaf
}

// Scan surveys the Markdown files under root that qmslint reads by default.
func Scan(root string) (*Survey, error) {
	repo, err := load.Load(root, load.Options{})
	if err != nil {
		return nil, err
	}
	s := &Survey{Root: repo.Root, Named: map[string]int{}, Kinds: map[string]int{}}
	for _, f := range repo.Files {
		if f.Format != model.Markdown {
			if why := ignoredName(f.Path); why != "" {
				s.Ignore = append(s.Ignore, Ignore{f.Path, why})
			}
			continue
		}
		src, err := readSource(filepath.Join(repo.Root, filepath.FromSlash(f.Path)))
		if err != nil {
			continue // the loader reported it; lint will too
		}
		file := &File{Path: f.Path, Title: title(src.body), src: src, claims: f.Claims}
		file.Ignored = ignoredWhy(file)
		s.Files = append(s.Files, file)
	}
	s.detectStandards()
	s.Dialect = detectDialect(s.controlled())
	if len(s.Standards) == 1 && slices.Contains(sortedValues(s.Dialect.Fields), "clauses") {
		s.Dialect.ClauseStandard, _, _ = strings.Cut(s.Standards[0], ":")
	}
	for _, f := range s.controlled() {
		s.Kinds[s.kindOf(f)]++
	}
	s.Ignore = append(s.Ignore, collapse(s.Files)...)
	sort.Slice(s.Ignore, func(i, j int) bool { return s.Ignore[i].Glob < s.Ignore[j].Glob })
	return s, nil
}

func (s *Survey) controlled() []*File {
	var out []*File
	for _, f := range s.Files {
		if f.Ignored == "" {
			out = append(out, f)
		}
	}
	return out
}

// kindOf is the kind a file declares through the dialect, else the kind
// its name, title or folders suggest.
func (s *Survey) kindOf(f *File) string {
	if k := s.Dialect.declaredKind(f.src.meta); k != "" {
		return k
	}
	return guessKind(f.Path, f.Title)
}

func (s *Survey) detectStandards() {
	claimed := map[string]bool{}
	docs := map[string]int{}
	for _, f := range s.Files {
		if f.Ignored != "" {
			continue
		}
		named := map[string]bool{}
		for _, c := range f.claims {
			s.Named[c.Standard]++
			named[c.Standard] = true
			if c.Clause == "" || c.NotApplicable {
				continue
			}
			cat, ok := catalog.ByStandard(c.Standard)
			if !ok || !catalog.Known(c.Standard, c.Clause) {
				continue
			}
			claimed[c.Standard] = true
			if cat.Leaf(c.Clause) {
				s.Leaf++
			} else {
				s.Section++
			}
		}
		for std := range named {
			docs[std]++
		}
	}
	s.NamedIn = docs
	for _, c := range surveyed() {
		// A standard named in passing (a supplier's certificate) is not
		// one the management system claims to meet.
		if claimed[c.Standard] || docs[c.Standard] >= minNamingDocs {
			s.Standards = append(s.Standards, c.ID)
		}
	}
}

// minNamingDocs is how many documents must name a standard, without
// claiming any of its clauses, for it to count as the system's.
const minNamingDocs = 3

// ignoredWhy says why a file is not a controlled document, "" if it is one.
func ignoredWhy(f *File) string {
	if why := ignoredName(f.Path); why != "" {
		return why
	}
	if blank(f.src.raw) {
		return "empty placeholder"
	}
	if describesStandard(f.Title) {
		return "page describing a standard, not a controlled document"
	}
	return ""
}

func ignoredName(p string) string {
	for _, n := range ignoredNames {
		if ok, _ := doublestar.Match(n.glob, p); ok {
			return n.why
		}
	}
	return ""
}

// guessKind reads the kind from the file name, then the title, then the
// folders from the nearest up; "record" when nothing says otherwise, as a
// document that is not a procedure or plan is evidence of something done.
func guessKind(p, title string) string {
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	places := []string{name, title}
	dirs := strings.Split(path.Dir(p), "/")
	for i := len(dirs) - 1; i >= 0; i-- {
		places = append(places, dirs[i])
	}
	for _, place := range places {
		if k := kindIn(place); k != "" {
			return k
		}
	}
	return "record"
}

// kindIn finds the first kindWords entry among the words of s.
func kindIn(s string) string {
	words := " " + strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), " ") + " "
	for _, kw := range kindWords {
		w := strings.ReplaceAll(kw.word, "-", " ")
		if strings.Contains(words, " "+w+" ") {
			return kw.kind
		}
	}
	return ""
}

// collapse turns the ignored files into globs: a folder whose every file
// is ignored becomes one "folder/**" entry.
func collapse(files []*File) []Ignore {
	all := map[string]bool{} // folder → every file below ignored
	why := map[string]string{}
	for _, f := range files {
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			ok, seen := all[d]
			all[d] = (ok || !seen) && f.Ignored != ""
			if w, seen := why[d]; !seen {
				why[d] = f.Ignored
			} else if w != f.Ignored {
				why[d] = "no controlled document below"
			}
		}
	}
	var out []Ignore
	seen := map[string]bool{}
	for _, f := range files {
		if f.Ignored == "" {
			continue
		}
		top := ""
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			if all[d] {
				top = d
			}
		}
		switch {
		case top != "":
			if !seen[top] {
				seen[top] = true
				w := why[top]
				if w == "empty placeholder" {
					w = "only empty placeholders"
				}
				out = append(out, Ignore{top + "/**", w})
			}
		case ignoredName(f.Path) == "":
			out = append(out, Ignore{f.Path, f.Ignored})
		default:
			if g := globFor(f.Path); !seen[g] {
				seen[g] = true
				out = append(out, Ignore{g, f.Ignored})
			}
		}
	}
	return out
}

// globFor is the ignoredNames glob matching p.
func globFor(p string) string {
	for _, n := range ignoredNames {
		if ok, _ := doublestar.Match(n.glob, p); ok {
			return n.glob
		}
	}
	return p
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}
