package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing/fstest"
)

// standardRE is what a clause id prefix may be: front matter writes
// STANDARD:number, and the id pattern of schemas/defs.schema.json accepts
// exactly these.
var standardRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)

// IDPattern is the shape of every clause id, whatever the standard: the
// standard, a colon, and a number of letters and digits separated by
// dots. Whether the standard and the number exist is the catalogs' to say
// (coverage.unknown-clause).
const IDPattern = `^[A-Za-z][A-Za-z0-9]*:[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$`

var idRE = regexp.MustCompile(IDPattern)

// ValidID reports whether s has the shape of a clause id.
func ValidID(s string) bool { return idRE.MatchString(s) }

// Load reads every catalog under Dir in fsys; name prefixes the file names
// in messages ("policies", a pack's name).
func Load(fsys fs.FS, name string) ([]*Catalog, error) {
	files, err := fs.Glob(fsys, Dir+"/*/data.json")
	if err != nil {
		return nil, err
	}
	var out []*Catalog
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		c, err := Parse(raw, path.Join(name, f))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Parse reads one catalog and checks that it is one: a clear error naming
// origin for a malformed grammar, a duplicate clause, a clause its own
// grammar rejects or a parent that does not exist.
func Parse(raw []byte, origin string) (*Catalog, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("catalog %s: %s", origin, fmt.Sprintf(format, args...))
	}
	var c Catalog
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, bad("%v", err)
	}
	if dup, err := duplicateClause(raw); err != nil {
		return nil, bad("%v", err)
	} else if dup != "" {
		return nil, bad("clause %q is listed twice", dup)
	}
	switch {
	case !standardRE.MatchString(c.Standard):
		return nil, bad("standard %q: expected letters and digits, starting with a letter (the prefix of its clause ids)", c.Standard)
	case c.ID == "" || len(c.ID) <= len(c.Standard)+1 || c.ID[:len(c.Standard)+1] != c.Standard+":":
		return nil, bad("id %q: expected %s:<edition>", c.ID, c.Standard)
	case c.Name == "":
		return nil, bad("name: expected the standard's name for people")
	case c.Grammar.Clause == "":
		return nil, bad("grammar.clause: expected a regular expression for clause numbers")
	case len(c.Clauses) == 0:
		return nil, bad("clauses: expected at least one clause")
	}
	grammar, err := regexp.Compile(c.Grammar.Clause)
	if err != nil {
		return nil, bad("grammar.clause %q is not a regular expression: %v", c.Grammar.Clause, err)
	}
	for n, cl := range c.Clauses {
		if cl == nil {
			return nil, bad("clause %q: expected an object with a title", n)
		}
		cl.Number = n
		c.order = append(c.order, n)
		if !grammar.MatchString(n) || !ValidID(c.ClauseID(n)) {
			return nil, bad("clause %q does not match grammar.clause %q", n, c.Grammar.Clause)
		}
	}
	sort.Slice(c.order, func(i, j int) bool { return Less(c.order[i], c.order[j]) })
	for _, n := range c.order {
		cl := c.Clauses[n]
		if cl.Parent != "" && c.Clauses[cl.Parent] == nil {
			return nil, bad("clause %s: parent %q is not a clause of the catalog", n, cl.Parent)
		}
		if c.Clauses[cl.Group] == nil {
			return nil, bad("clause %s: group %q is not a clause of the catalog", n, cl.Group)
		}
	}
	if c.Example != "" && c.Clauses[c.Example] == nil {
		return nil, bad("example %q is not a clause of the catalog", c.Example)
	}
	if c.SoA != nil && (c.Grammar.Annex == "" || c.Clauses[c.SoA.Clause] == nil) {
		return nil, bad("soa: expected grammar.annex and the clause that asks for the statement of applicability")
	}
	sum := sha256.Sum256(raw)
	c.digest = hex.EncodeToString(sum[:])
	c.Origin = origin
	c.raw = raw
	return &c, nil
}

// duplicateClause returns the first key that appears twice in the
// catalog's clauses object, which encoding/json would silently merge.
func duplicateClause(raw []byte) (string, error) {
	var top struct {
		Clauses json.RawMessage `json:"clauses"`
	}
	if err := json.Unmarshal(raw, &top); err != nil || len(top.Clauses) == 0 {
		return "", err
	}
	dec := json.NewDecoder(bytes.NewReader(top.Clauses))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", errors.New("clauses: expected an object of clause number to clause")
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", err
		}
		k, _ := t.(string)
		if seen[k] {
			return k, nil
		}
		seen[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", err
		}
	}
	return "", nil
}

// With returns the set with catalogs read from a pack or a repository
// added; the set itself is left as it was. The same file again changes
// nothing; a different catalog under an id or
// standard already known is an error, as two definitions of one standard
// would make its coverage depend on the order packs load in.
func (s *Set) With(cs ...*Catalog) (*Set, error) {
	s = s.get()
	list := append([]*Catalog(nil), s.list...)
	for _, c := range cs {
		prev, ok := s.byStd[c.ID]
		if !ok {
			prev, ok = s.byStd[c.Standard]
		}
		if ok {
			if prev.digest == c.digest {
				continue
			}
			return nil, fmt.Errorf("catalog %s: standard %s is already defined by %s", c.Origin, c.Standard, prev.Origin)
		}
		list = append(list, c)
		s = newSet(list, s.builtin)
		list = s.list
	}
	return s, nil
}

// FS lays catalogs out as a policy tree's data, Dir/<key>/data.json, for
// the Rego of a run to read them as data.qmslint.catalogs; nil for none.
func FS(cs []*Catalog) fs.FS {
	if len(cs) == 0 {
		return nil
	}
	m := fstest.MapFS{}
	for _, c := range cs {
		m[path.Join(Dir, c.Key(), "data.json")] = &fstest.MapFile{Data: c.raw, Mode: 0o644}
	}
	return m
}

// Key is the catalog's name under data.qmslint.catalogs: its id in lower
// case with every other character than a letter or digit an underscore.
func (c *Catalog) Key() string {
	b := []byte(strings.ToLower(c.ID))
	for i, x := range b {
		if !(x >= 'a' && x <= 'z' || x >= '0' && x <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}
