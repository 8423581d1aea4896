package golden

import (
	"path/filepath"
	"testing"
)

func TestFirstDiff(t *testing.T) {
	if d := FirstDiff("a\nb\nc", "a\nx\nc"); d != "line 2:\nwant b\n got x" {
		t.Errorf("FirstDiff = %q", d)
	}
	if d := FirstDiff("a\n", "a\n"); d != "" {
		t.Errorf("equal texts: %q", d)
	}
	if d := FirstDiff("a", "a\nb"); d != "line 2:\nwant \n got b" {
		t.Errorf("longer got: %q", d)
	}
}

// recorder is a testing.TB that notes failures instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

// -update writes the file; a match passes and a mismatch fails.
func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden")
	*update = true
	Check(t, path, []byte("one\n"))
	*update = false
	Check(t, path, []byte("one\n"))
	r := &recorder{TB: t}
	Check(r, path, []byte("two\n"))
	if !r.failed {
		t.Error("a differing output passed")
	}
	r = &recorder{TB: t}
	Check(r, filepath.Join(t.TempDir(), "missing.golden"), []byte("x"))
	if !r.failed {
		t.Error("a missing golden file passed")
	}
}
