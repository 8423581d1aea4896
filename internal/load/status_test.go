package load

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// remembering is a Remembered cache in memory that records what a load
// asked of it.
type remembering struct {
	mu     sync.Mutex
	parsed map[string]Parsed // by path and digest
	seen   map[string]seen
	// remembered are the files Remember was told of, in the order told.
	remembered []string
}

type seen struct {
	st  Status
	sum [32]byte
}

func newRemembering() *remembering {
	return &remembering{parsed: map[string]Parsed{}, seen: map[string]seen{}}
}

func (m *remembering) Parse(rel string, sum [32]byte, parse func() Parsed) Parsed {
	m.mu.Lock()
	p, ok := m.parsed[rel+string(sum[:])]
	m.mu.Unlock()
	if ok {
		return Own(p)
	}
	p = parse()
	m.mu.Lock()
	m.parsed[rel+string(sum[:])] = p
	m.mu.Unlock()
	return Own(p)
}

func (m *remembering) ParseBlob(_ string, _ [20]byte, parse func() Parsed) Parsed { return parse() }

func (m *remembering) Remembers() bool { return true }

func (m *remembering) Unchanged(rel string, st Status) (Parsed, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.seen[rel]
	if !ok || s.st != st {
		return Parsed{}, false
	}
	p, ok := m.parsed[rel+string(s.sum[:])]
	return Own(p), ok
}

func (m *remembering) Remember(rel string, st Status, sum [32]byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen[rel] = seen{st, sum}
	m.remembered = append(m.remembered, rel)
}

// told returns the files Remember was told of since the last call, sorted.
func (m *remembering) told() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Sorted(slices.Values(m.remembered))
	m.remembered = nil
	return out
}

// A file whose status is as a Remembered cache last saw it is taken as
// parsed then, without a read; a file rewritten since (even to the same
// size and modification time) is read again, and a file changed within
// the racy window of the load is read but not remembered.
func TestUnchangedFilesAreNotRead(t *testing.T) {
	if !Statuses {
		t.Skip("no file status on this platform: every file is read")
	}
	dir := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "---\nid: SOP-1\n---\n# A\n")
	write("b.md", "---\nid: SOP-2\n---\n# B\n")
	// Every status settled: the load starts an hour from now.
	later := func() time.Time { return time.Now().Add(time.Hour) }
	defer func(c func() time.Time) { Clock = c }(Clock)
	Clock = later
	m := newRemembering()
	ids := func() []string {
		t.Helper()
		repo, err := Load(dir, Options{Cache: m})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range repo.Documents {
			out = append(out, d.Meta["id"].(string)+"@"+d.File)
		}
		return out
	}
	unread := func(load func() []string) ([]string, int64) {
		before := Unread.Load()
		got := load()
		return got, Unread.Load() - before
	}
	if got, n := unread(ids); n != 0 || !slices.Equal(got, []string{"SOP-1@a.md", "SOP-2@b.md"}) {
		t.Fatalf("first load: %v, %d unread", got, n)
	}
	if told := m.told(); !slices.Equal(told, []string{"a.md", "b.md"}) {
		t.Fatalf("remembered %v after the first load", told)
	}
	if got, n := unread(ids); n != 2 || !slices.Equal(got, []string{"SOP-1@a.md", "SOP-2@b.md"}) {
		t.Errorf("second load: %v, %d unread; want both files unread", got, n)
	}
	if told := m.told(); len(told) != 0 {
		t.Errorf("second load read %v", told)
	}
	// Rewritten to the same size, its modification time put back: the
	// change time and the content tell.
	fi, err := os.Stat(filepath.Join(dir, "a.md"))
	if err != nil {
		t.Fatal(err)
	}
	write("a.md", "---\nid: SOP-9\n---\n# A\n")
	if err := os.Chtimes(filepath.Join(dir, "a.md"), fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got, n := unread(ids); n != 1 || !slices.Equal(got, []string{"SOP-9@a.md", "SOP-2@b.md"}) {
		t.Errorf("after a.md was rewritten: %v, %d unread; want SOP-9 read, b.md unread", got, n)
	}
	if told := m.told(); !slices.Equal(told, []string{"a.md"}) {
		t.Errorf("remembered %v after a.md was rewritten", told)
	}
	// A load as the files change: their statuses are not settled, and
	// each load reads them.
	Clock = time.Now
	write("b.md", "---\nid: SOP-3\n---\n# B\n")
	for range 2 {
		if got, _ := unread(ids); !slices.Equal(got, []string{"SOP-9@a.md", "SOP-3@b.md"}) {
			t.Errorf("after b.md changed: %v", got)
		}
		if told := m.told(); slices.Contains(told, "b.md") {
			t.Errorf("b.md, changed %v ago, remembered", racyWindow)
		}
	}
}

// A status is settled when both its times are older than the racy window
// at the load's start.
func TestSettled(t *testing.T) {
	now := time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC)
	old := now.Add(-racyWindow - time.Nanosecond).UnixNano()
	recent := now.Add(-racyWindow).UnixNano()
	for _, c := range []struct {
		st   Status
		want bool
	}{
		{Status{Mtime: old, Ctime: old}, true},
		{Status{Mtime: recent, Ctime: old}, false},
		{Status{Mtime: old, Ctime: recent}, false},
		{Status{Mtime: now.Add(time.Hour).UnixNano(), Ctime: old}, false},
	} {
		if got := c.st.settled(now); got != c.want {
			t.Errorf("%+v settled = %v, want %v", c.st, got, c.want)
		}
	}
}
