//go:build unix

package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A link that appears between the walk and the read is not followed.
func TestReadFileRefusesLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.md")
	if err := os.WriteFile(target, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if src, _, err := readFile(link, 100); err == nil {
		t.Errorf("read %q through a link", src)
	}
}

// A named pipe that replaced a file since the walk is refused at once,
// not waited on.
func TestReadFileRefusesFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pipe.md")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := readFile(p, 100)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("read a named pipe")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("readFile blocked on a named pipe")
	}
}

// Links and special files named like QMS files are reported, each for
// what it is, and never block the walk.
func TestSpecialFilesReported(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("x"), 0o644)
	os.Symlink("self.md", filepath.Join(root, "self.md"))
	os.Symlink("b.md", filepath.Join(root, "a.md"))
	os.Symlink("a.md", filepath.Join(root, "b.md"))
	os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "out.md"))
	os.Symlink("missing.md", filepath.Join(root, "dangling.md"))
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.md"), 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan struct{})
	var msgs map[string]string
	go func() {
		defer close(done)
		repo, err := Load(root, Options{})
		if err != nil {
			t.Error(err)
			return
		}
		msgs = map[string]string{}
		for _, p := range repo.Problems {
			msgs[p.File] = p.Msg
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Load blocked")
	}
	for file, want := range map[string]string{
		"self.md":     "symbolic link loop",
		"a.md":        "symbolic link loop",
		"out.md":      "outside the repository",
		"dangling.md": "does not exist",
		"pipe.md":     "not a regular file (a named pipe)",
	} {
		if !strings.Contains(msgs[file], want) {
			t.Errorf("%s: %q; want %q", file, msgs[file], want)
		}
	}
}
