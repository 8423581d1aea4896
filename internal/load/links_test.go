package load

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A link written without an extension resolves as the site generators that
// publish QMSs resolve it (Jupyter Book, MkDocs: `./capa/0-sop` is
// `capa/0-sop.md`); a link with an extension, or to nothing of either
// spelling, stays broken.
func TestSiteStyleLinks(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "capa/0-sop.md", []byte("# CAPA\n"))
	write(t, dir, "guide/index.md", []byte("# Guide\n"))
	write(t, dir, "nb/analysis.ipynb", []byte("{}"))
	write(t, dir, "manual.md", []byte(goodDoc+"\n[a](./capa/0-sop)\n[b](guide)\n[c](nb/analysis)\n[d](./capa/missing)\n[e](capa/0-sop.html)\n[f](capa/0-sop.md#scope)\n"))
	repo, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"./capa/0-sop": true, "guide": true, "nb/analysis": true, "./capa/missing": false, "capa/0-sop.html": false, "capa/0-sop.md#scope": true}
	seen := 0
	for _, d := range repo.Documents {
		for _, l := range d.Links {
			w, ok := want[l.Target]
			if !ok {
				continue
			}
			seen++
			if l.Exists != w {
				t.Errorf("link %q: exists %v, want %v", l.Target, l.Exists, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d of the %d links", seen, len(want))
	}
}

// What the walk saw answers whether a link's target exists as the file
// system does: every case here resolves as it does when each target is
// asked of the file system (a nil listing), the walk answering those it
// can tell without a stat.
func TestLinksFromTheWalkAsFromTheFileSystem(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "img/logo.png", []byte("png"))
	write(t, dir, "capa/0-sop.md", []byte("# CAPA\n"))
	write(t, dir, "node_modules/pkg/README.md", []byte("# ignored\n"))
	write(t, dir, ".hidden/notes.txt", []byte("hidden\n"))
	write(t, dir, "real/inside.txt", []byte("x\n"))
	if err := os.Symlink("real", filepath.Join(dir, "linked")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink("img/logo.png", filepath.Join(dir, "logo-link.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere.png", filepath.Join(dir, "dangling.png")); err != nil {
		t.Fatal(err)
	}
	targets := []string{"img/logo.png", "img/missing.png", "img", "img/", "missing/file.png", "capa/0-sop", "capa/0-sop.md",
		"node_modules/pkg/README.md", "node_modules/pkg/gone.md", ".hidden/notes.txt", ".hidden/gone.txt",
		"linked/inside.txt", "linked/gone.txt", "logo-link.png", "dangling.png", "IMG/logo.png", "img/LOGO.png", "./img/logo.png", "img/../img/logo.png"}
	body := goodDoc + "\n"
	for i, p := range targets {
		body += fmt.Sprintf("[l%d](%s)\n", i, p)
	}
	write(t, dir, "manual.md", []byte(body))
	resolve := func(fromWalk bool) map[string]bool {
		t.Helper()
		repo, err := Load(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !fromWalk {
			paths, _, _ := walk(repo.Root, ignoreRules{builtin: DefaultIgnore})
			results := make([]result, len(repo.Documents))
			for i, d := range repo.Documents {
				results[i].doc = d
			}
			resolveLinks(repo.Root, paths, nil, nil, results)
		}
		out := map[string]bool{}
		for _, d := range repo.Documents {
			for _, l := range d.Links {
				if l.Local {
					out[l.Target] = l.Exists
				}
			}
		}
		return out
	}
	walked, asked := resolve(true), resolve(false)
	if len(asked) < len(targets)-2 {
		t.Fatalf("only %d of the %d links are local: %v", len(asked), len(targets), asked)
	}
	for target, exists := range asked {
		if walked[target] != exists {
			t.Errorf("link %q: exists %v from the walk, %v from the file system", target, walked[target], exists)
		}
	}
	for _, p := range []string{"img/logo.png", "capa/0-sop", "node_modules/pkg/README.md", "linked/inside.txt", "logo-link.png"} {
		if !asked[p] {
			t.Errorf("link %q does not resolve; the case means nothing", p)
		}
	}
	for _, p := range []string{"img/missing.png", "missing/file.png", "linked/gone.txt", "dangling.png"} {
		if asked[p] {
			t.Errorf("link %q resolves; the case means nothing", p)
		}
	}
}
