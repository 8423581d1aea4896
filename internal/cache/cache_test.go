package cache

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

func sample() load.Parsed {
	return load.Parsed{
		File: model.File{Path: "a.md", Format: model.Markdown, Controlled: true, Kind: "procedure", SHA256: "ab", Clauses: []string{},
			Claims: []model.Claim{{Standard: "ISO13485", Clause: "7.3", Line: 9, Text: "ISO 13485 7.3", Form: model.FormTable, NotApplicable: true}}},
		Doc: &model.Document{File: "a.md", Line: 1,
			Meta: map[string]any{"id": "SOP-1", "revision": int64(3), "n": 2, "f": 1.5, "ok": true, "no": false, "none": nil,
				"list": []any{"x", int64(1), map[string]any{"k": []any{}}}, "empty": map[string]any{}, "nillist": []any(nil)},
			Pos:      yamlpos.Positions{"": {Line: 1, Col: 1}, "/id": {Line: 2, Col: 5, Col16: 4}},
			Headings: []model.Heading{{Level: 1, Text: "Ä", Line: 12}},
			Links:    []model.Link{{Target: "b.md", Line: 13, Local: true, Path: "b.md"}},
			Body:     []byte{}, BodyStart: 11},
		Problems: []model.Problem{{Rule: "parse.error", File: "a.md", Line: 2, Subject: "a.md", Msg: "m"}},
	}
}

// The codec gives back exactly what the parser made: types, and nil told
// from empty, or a warm run's policy input would differ from a cold one's.
func TestCodecRoundTrip(t *testing.T) {
	for _, p := range []load.Parsed{sample(), {File: model.File{Path: "r.yaml", Format: model.YAML}, Reg: &model.Register{File: "r.yaml", Data: map[string]any{"kind": "risk-register"}}}, {}} {
		b, err := encodeParsed(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeParsed(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("round trip:\n got %#v\nwant %#v", got, p)
		}
		// Every truncation is an error, never a panic or a wrong value.
		for i := range b {
			if _, err := decodeParsed(b[:i], nil); err == nil {
				t.Errorf("truncated at %d of %d: no error", i, len(b))
			}
		}
	}
	if _, err := encodeParsed(load.Parsed{Doc: &model.Document{Meta: map[string]any{"t": time.Now()}}}); err == nil {
		t.Error("a value the codec cannot represent was encoded")
	}
}

func TestEntryOnDisk(t *testing.T) {
	dir := t.TempDir()
	ns := Namespace([]byte("config"))
	parses := 0
	parse := func() load.Parsed { parses++; return sample() }
	sum := [32]byte{1}
	lintOnce := func(s *Store) load.Parsed {
		f := s.Files(ns)
		p := f.Parse("a.md", sum, parse)
		if _, ok := f.Validated("a.md"); !ok {
			f.SetValidated("a.md", []model.Problem{{Rule: "schema.invalid", File: "a.md", Line: 3}})
		}
		f.Flush()
		return p
	}
	lintOnce(Open(dir, 0))
	s := Open(dir, 0)
	got := lintOnce(s)
	if parses != 1 || s.Hits.Load() != 1 {
		t.Fatalf("warm: %d parses, %d hits; want 1 and 1", parses, s.Hits.Load())
	}
	if !reflect.DeepEqual(got, sample()) {
		t.Errorf("warm entry differs:\n got %#v", got)
	}
	if ps, ok := s.Files(ns).Validated("a.md"); ok || ps != nil {
		t.Error("a view that never loaded a.md knows its problems")
	}

	// A damaged entry, a truncated pack and an empty one are each ignored,
	// parsed again and written back whole.
	packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("%d packs after a cold and a warm run, want 1", len(packs))
	}
	whole, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte{}, whole...)
	damaged[len(damaged)-3] ^= 0xff
	for _, bad := range [][]byte{damaged, whole[:len(whole)/2], {}} {
		os.RemoveAll(filepath.Dir(packs[0]))
		os.Mkdir(filepath.Dir(packs[0]), 0o755)
		if err := os.WriteFile(packs[0], bad, 0o644); err != nil {
			t.Fatal(err)
		}
		before := parses
		if got := lintOnce(Open(dir, 0)); !reflect.DeepEqual(got, sample()) || parses != before+1 {
			t.Errorf("a bad pack (%d bytes) was used", len(bad))
		}
		if lintOnce(Open(dir, 0)); parses != before+1 {
			t.Errorf("the entry of a bad pack (%d bytes) was not written again", len(bad))
		}
	}

	// Packs are merged before they pile up; the bad one goes.
	for i := range maxPacks + 1 {
		f := Open(dir, 0).Files(ns)
		f.Parse("b.md", [32]byte{byte(i)}, parse)
		f.SetValidated("b.md", nil)
		f.Flush()
	}
	if packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*.pack")); len(packs) > maxPacks {
		t.Errorf("%d packs: not merged", len(packs))
	}
	if _, err := os.Stat(packs[0]); err == nil {
		t.Error("the bad pack survived a merge")
	}
	before := parses
	if lintOnce(Open(dir, 0)); parses != before {
		t.Error("an entry was lost in a merge")
	}

	// Another namespace (another configuration or qmslint) misses.
	before = parses
	Open(dir, 0).Files(Namespace([]byte("other"))).Parse("a.md", sum, parse)
	if parses != before+1 {
		t.Error("an entry was shared between namespaces")
	}
}

// The sides of a comparison share a store: a file both hold is parsed
// once even when both ask at the same time.
func TestSharedParsesOnce(t *testing.T) {
	s := Memory()
	ns := Namespace()
	var n int
	done := make(chan load.Parsed)
	for range 2 {
		go func() {
			done <- s.Files(ns).Parse("a.md", [32]byte{2}, func() load.Parsed {
				time.Sleep(10 * time.Millisecond)
				n++
				return sample()
			})
		}()
	}
	a, b := <-done, <-done
	if n != 1 {
		t.Errorf("parsed %d times", n)
	}
	if a.Doc == b.Doc || &a.Doc.Links[0] == &b.Doc.Links[0] {
		t.Error("the sides share values: one side's link lookups would change the other's")
	}
}

func TestTrimEvictsOldest(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, 3000)
	payload := make([]byte, 1000)
	now := time.Now()
	for i := range 5 {
		key := [32]byte{byte(i)}
		s.write(key, payload)
		os.Chtimes(s.path(key), now, now.Add(time.Duration(i)*time.Minute))
	}
	if err := s.Trim(); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		_, err := os.Stat(s.path([32]byte{byte(i)}))
		if kept := err == nil; kept != (i >= 3) {
			t.Errorf("entry %d (the %d-th oldest): kept %v", i, i+1, kept)
		}
	}
}

func TestOutside(t *testing.T) {
	repo := t.TempDir()
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(repo, link); err != nil {
		t.Skip(err)
	}
	for dir, inside := range map[string]bool{
		repo:                                  true,
		filepath.Join(repo, ".cache/qmslint"): true,
		filepath.Join(link, "c"):              true,
		filepath.Join(repo+"x", "c"):          false,
		t.TempDir():                           false,
	} {
		if err := Outside(dir, repo); (err != nil) != inside {
			t.Errorf("Outside(%s): %v, want inside %v", dir, err, inside)
		}
	}
}

func TestDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the default directory is Linux's here")
	}
	env := map[string]string{"HOME": "/home/ann", EnvDir: ""}
	getenv := func(k string) string { return env[k] }
	if d, explicit, _ := Dir("", getenv); d != "/home/ann/.cache/qmslint" || explicit {
		t.Errorf("default: %s %v", d, explicit)
	}
	env[EnvDir] = "/var/cache/q"
	if d, explicit, _ := Dir("", getenv); d != "/var/cache/q" || !explicit {
		t.Errorf("env: %s %v", d, explicit)
	}
	if d, _, _ := Dir("/flag", getenv); d != "/flag" {
		t.Errorf("flag: %s", d)
	}
	if _, _, err := Dir("", func(string) string { return "" }); err == nil {
		t.Error("no home, no error")
	}
}

// Every field of a history entry survives the cache: a field added to
// history.Entry and not to the codec fails here.
func TestHistoryCodec(t *testing.T) {
	var e history.Entry
	v := reflect.ValueOf(&e).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString("s" + v.Type().Field(i).Name)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			if f.Type().Elem().Kind() != reflect.String {
				t.Fatalf("history.Entry.%s: a slice of %s the codec does not write", v.Type().Field(i).Name, f.Type().Elem().Kind())
			}
			f.Set(reflect.ValueOf([]string{"a" + v.Type().Field(i).Name, "b"}))
		default:
			t.Fatalf("history.Entry.%s: a %s the codec does not write", v.Type().Field(i).Name, f.Kind())
		}
	}
	h := history.History{"SOP-1": {e, {}}, "SOP-2": {}, "SOP-3": nil}
	got, err := decodeHistory(encodeHistory(h))
	if err != nil || !reflect.DeepEqual(got, h) {
		t.Errorf("round trip: %v\n got %#v\nwant %#v", err, got, h)
	}
}

// Every field of a finding survives the cache: a field added to
// finding.Finding and not to the codec fails here.
func TestFindingsCodec(t *testing.T) {
	var f finding.Finding
	v := reflect.ValueOf(&f).Elem()
	for i := range v.NumField() {
		switch fv := v.Field(i); fv.Kind() {
		case reflect.String:
			fv.SetString("s" + v.Type().Field(i).Name)
		case reflect.Int:
			fv.SetInt(int64(i + 1))
		case reflect.Slice:
			fv.Set(reflect.ValueOf([]string{"a", v.Type().Field(i).Name}))
		default:
			t.Fatalf("finding.Finding.%s: a %s the codec does not write", v.Type().Field(i).Name, fv.Kind())
		}
	}
	for _, fs := range [][]finding.Finding{{f, {CAPA: []string{}}}, {}, nil} {
		got, err := decodeFindings(encodeFindings(fs))
		if err != nil || !reflect.DeepEqual(got, fs) {
			t.Errorf("round trip: %v\n got %#v\nwant %#v", err, got, fs)
		}
	}
}

// Runs sharing a cache directory (a hook and an editor) read an entry
// whole or not at all while others rewrite it.
func TestConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	ns := Namespace()
	done := make(chan error)
	for w := range 4 {
		go func() {
			var err error
			for i := range 50 {
				s := Open(dir, 0)
				f := s.Files(ns)
				got := f.Parse("a.md", [32]byte{byte(i % 3)}, sample)
				if !reflect.DeepEqual(got, sample()) {
					err = fmt.Errorf("worker %d, run %d: a wrong entry was read", w, i)
				}
				f.SetValidated("a.md", nil)
				f.Flush()
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	tmp, _ := filepath.Glob(filepath.Join(dir, "files", "*", ".tmp-*"))
	if len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// --cache-dir may name a folder that holds other files: the bound never
// removes them.
func TestTrimKeepsOthersFiles(t *testing.T) {
	dir := t.TempDir()
	mine := []string{filepath.Join(dir, "notes.txt"), filepath.Join(dir, "files", "ab", "notes.txt"), filepath.Join(dir, "packs", "x.txt")}
	for _, p := range mine {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, make([]byte, 5000), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := Open(dir, 1000)
	s.write([32]byte{1}, make([]byte, 2000))
	if err := s.Trim(); err != nil {
		t.Fatal(err)
	}
	for _, p := range mine {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if _, err := os.Stat(s.path([32]byte{1})); err == nil {
		t.Error("the cache's own entry over the bound was kept")
	}
}

// A warm comparison decodes each file both sides hold once: the second
// side takes the first's values, with its own copy of what the loader
// modifies (links, a backup-evidence register's data) and nothing the
// other side does to those showing through.
func TestSharedStoreDecodesOnce(t *testing.T) {
	dir := t.TempDir()
	ns := Namespace()
	evidence := func() load.Parsed {
		return load.Parsed{File: model.File{Path: "b.yaml", Format: model.YAML}, Reg: &model.Register{File: "b.yaml",
			Data: map[string]any{"kind": load.EvidenceKind, "sources": []any{map[string]any{"path": "r.json", "tool": "restic"}}}}}
	}
	files := map[string]func() load.Parsed{"a.md": sample, "b.yaml": evidence}
	parses := 0
	side := func(s *Store) map[string]load.Parsed {
		f := s.Files(ns)
		out := map[string]load.Parsed{}
		for rel, p := range files {
			out[rel] = f.Parse(rel, [32]byte{3}, func() load.Parsed { parses++; return p() })
			f.SetValidated(rel, nil)
		}
		f.Flush()
		return out
	}
	side(Open(dir, 0))
	parses = 0

	s := Open(dir, 0).Shared()
	done := make(chan map[string]load.Parsed)
	for range 2 {
		go func() { done <- side(s) }()
	}
	a, b := <-done, <-done
	if parses != 0 || s.Decodes.Load() != 2 {
		t.Fatalf("warm sides: %d parses, %d decodes; want 0 and 2 (one per file)", parses, s.Decodes.Load())
	}
	for rel, want := range files {
		if !reflect.DeepEqual(a[rel], want()) || !reflect.DeepEqual(b[rel], want()) {
			t.Errorf("%s: the sides' values differ from the parse's", rel)
		}
	}
	a["a.md"].Doc.Links[0].Exists = true
	a["b.yaml"].Reg.Data["sources"].([]any)[0].(map[string]any)["snapshots"] = []any{}
	if b["a.md"].Doc.Links[0].Exists || !reflect.DeepEqual(b["b.yaml"], evidence()) {
		t.Error("one side's link lookups or backup snapshots changed the other side's values")
	}

	// Without another load to share with, a load decodes its own.
	s = Open(dir, 0)
	side(s)
	side(s)
	if s.Decodes.Load() != 4 {
		t.Errorf("an unshared store decoded %d entries for two loads of two files; want 4", s.Decodes.Load())
	}
}

// A retained store hands the next load what the last one asked for
// without decoding it, each load its own copy, and lets go of what the
// last load did not ask for.
func TestRetainedStoreKeepsTheLastLoad(t *testing.T) {
	dir := t.TempDir()
	ns := Namespace()
	parses := 0
	load1 := func(s *Store, sums map[string]byte) map[string]load.Parsed {
		f := s.Files(ns)
		out := map[string]load.Parsed{}
		for rel, sum := range sums {
			out[rel] = f.Parse(rel, [32]byte{sum}, func() load.Parsed { parses++; return sample() })
			f.SetValidated(rel, nil)
		}
		f.Flush()
		return out
	}
	load1(Open(dir, 0), map[string]byte{"a.md": 1, "b.md": 1})
	s := Open(dir, 0).Retained()
	parses = 0
	first := load1(s, map[string]byte{"a.md": 1, "b.md": 1})
	if parses != 0 || s.Decodes.Load() != 2 {
		t.Fatalf("first load: %d parses, %d decodes; want 0 and 2", parses, s.Decodes.Load())
	}
	// b.md edited: a.md comes from memory, b.md's new text is parsed.
	second := load1(s, map[string]byte{"a.md": 1, "b.md": 2})
	if parses != 1 || s.Decodes.Load() != 2 {
		t.Errorf("after an edit: %d parses, %d decodes; want 1 and still 2", parses, s.Decodes.Load())
	}
	second["a.md"].Doc.Links[0].Exists = true
	if first["a.md"].Doc.Links[0].Exists || load1(s, map[string]byte{"a.md": 1})["a.md"].Doc.Links[0].Exists {
		t.Error("one load's link lookups changed another load's values")
	}
	// The last load asked for a.md alone: b.md's entries are let go.
	s.mu.Lock()
	n := len(s.mem)
	s.mu.Unlock()
	if n != 1 {
		t.Errorf("%d entries kept in memory after a load of one file, want 1", n)
	}
	if s.Shares() {
		t.Error("a retained store shares judgements between loads")
	}
}

// Equal positions decoded through one table are one map; other positions
// are their own, every value as decoded without the table, and the
// table stops growing at its bound.
func TestDecodedPositionsShared(t *testing.T) {
	withPos := func(file string, pos yamlpos.Positions) []byte {
		p := sample()
		p.File.Path, p.Doc.File, p.Doc.Pos = file, file, pos
		b, err := encodeParsed(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	same := yamlpos.Positions{"": {Line: 1, Col: 1}, "/id": {Line: 2, Col: 5}}
	other := yamlpos.Positions{"": {Line: 1, Col: 1}, "/id": {Line: 3, Col: 5}}
	var table posTable
	var got []load.Parsed
	for i, b := range [][]byte{withPos("a.md", same), withPos("b.md", maps.Clone(same)), withPos("c.md", other)} {
		p, err := decodeParsed(b, &table)
		if err != nil {
			t.Fatal(err)
		}
		alone, _ := decodeParsed(b, nil)
		if !reflect.DeepEqual(p, alone) {
			t.Errorf("file %d decoded through the table:\n got %#v\nwant %#v", i, p, alone)
		}
		got = append(got, p)
	}
	ptr := func(p load.Parsed) unsafe.Pointer { return reflect.ValueOf(p.Doc.Pos).UnsafePointer() }
	if ptr(got[0]) != ptr(got[1]) {
		t.Error("equal positions decoded into two maps")
	}
	if ptr(got[0]) == ptr(got[2]) {
		t.Error("other positions given the same map")
	}
	for i := range maxPositions + 10 {
		if _, err := decodeParsed(withPos("x.md", yamlpos.Positions{"/n": {Line: i + 1, Col: 1}}), &table); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(table.m); n != maxPositions {
		t.Errorf("table holds %d positions, want its bound %d", n, maxPositions)
	}
}

// A run's store reads a pack whole and takes its entries as slices of
// it; a store kept for a server's life reads entry by entry. Both give
// every entry as written, none that a damaged byte spoils, and no entry
// an append could write past into the next.
func TestPackReadWholeOrByEntry(t *testing.T) {
	dir := t.TempDir()
	entries := map[[32]byte][]byte{}
	for i := range 50 {
		entries[[32]byte{byte(i)}] = bytes.Repeat([]byte{byte(i)}, 10+i*7)
	}
	if !writePackFile(dir, entries) {
		t.Fatal("pack not written")
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	b, err := os.ReadFile(packs[0])
	if err != nil || len(packs) != 1 {
		t.Fatalf("%d packs, %v", len(packs), err)
	}
	spoiled := [32]byte{20}
	run := &Store{dir: dir}
	run.packOnce.Do(run.openPacks)
	at := run.index[spoiled].off
	b[at+3] ^= 0xff
	if err := os.WriteFile(packs[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Store{{dir: dir}, {dir: dir, retain: true}} {
		for k, want := range entries {
			got, ok := s.readPacked(k)
			if k == spoiled {
				if ok {
					t.Errorf("retained %v: the damaged entry was read", s.retain)
				}
				continue
			}
			if !ok || !bytes.Equal(got, want) || cap(got) != len(got) {
				t.Errorf("retained %v: entry %d: %v, %d bytes (capacity %d), want %d", s.retain, k[0], ok, len(got), cap(got), len(want))
			}
		}
		if whole := s.whole[0].b != nil; whole == s.retain {
			t.Errorf("retained %v: read whole %v", s.retain, whole)
		}
	}
}

// A retained store names a file its last load read by the file's status:
// the same status under the same namespace gives the parse held in
// memory without a read; another status, another namespace, a store
// that is not retained, or a file the last load did not read give none.
func TestRetainedStoreRemembersStatuses(t *testing.T) {
	ns, other := Namespace(), Namespace([]byte("dialect: another"))
	st := load.Status{Size: 12, Mtime: 1, Ctime: 2, Ino: 3, Dev: 4}
	loadAll := func(s *Store, ns [32]byte, rels ...string) *Files {
		f := s.Files(ns)
		for _, rel := range rels {
			f.Remember(rel, st, [32]byte{1})
			f.Parse(rel, [32]byte{1}, sample)
			f.SetValidated(rel, nil)
		}
		f.Flush()
		return f
	}
	s := Open(t.TempDir(), 0).Retained()
	if !s.Files(ns).Remembers() {
		t.Fatal("a retained store does not remember")
	}
	loadAll(s, ns, "a.md", "b.md")
	f := s.Files(ns)
	p, ok := f.Unchanged("a.md", st)
	if !ok || p.Doc == nil || p.Doc.Meta["id"] != "SOP-1" {
		t.Fatalf("unchanged a.md: %v, %+v", ok, p.Doc)
	}
	if problems, ok := f.Validated("a.md"); !ok || len(problems) != 0 {
		t.Errorf("a.md taken by status is not validated for the load: %v %v", problems, ok)
	}
	p.Doc.Links[0].Exists = true
	if again, _ := s.Files(ns).Unchanged("a.md", st); again.Doc.Links[0].Exists {
		t.Error("one load's link lookups changed the value the store holds")
	}
	changed := st
	changed.Ctime++
	for _, c := range []struct {
		name string
		f    *Files
		rel  string
		st   load.Status
	}{
		{"another status", s.Files(ns), "a.md", changed},
		{"another namespace", s.Files(other), "a.md", st},
		{"a file never read", s.Files(ns), "c.md", st},
	} {
		if _, ok := c.f.Unchanged(c.rel, c.st); ok {
			t.Errorf("%s: taken by status", c.name)
		}
	}
	// The last load read b.md alone: a.md's status is let go with its
	// entry.
	loadAll(s, ns, "b.md")
	if _, ok := s.Files(ns).Unchanged("a.md", st); ok {
		t.Error("a.md taken by status after a load that did not read it")
	}
	s.mu.Lock()
	_, kept := s.seen["a.md"]
	s.mu.Unlock()
	if kept {
		t.Error("a.md's status kept after a load that did not read it")
	}
	plain := Open(t.TempDir(), 0)
	loadAll(plain, ns, "a.md")
	if f := plain.Files(ns); f.Remembers() {
		t.Error("a store that is not retained remembers")
	} else if _, ok := f.Unchanged("a.md", st); ok {
		t.Error("a store that is not retained took a file by status")
	}
}
