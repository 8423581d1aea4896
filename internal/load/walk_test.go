package load

import (
	"github.com/bmatcuk/doublestar/v4"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func paths(t *testing.T, root string, opts Options) []string {
	t.Helper()
	repo, err := Load(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range repo.Files {
		out = append(out, f.Path)
	}
	return out
}

func TestIgnore(t *testing.T) {
	top := t.TempDir()
	for _, rel := range []string{
		"qms/a.md", "qms/archive/old.md", "qms/archive/deeper/older.md", "qms/drafts/x.md",
		"qms/sub/README.md", "qms/node_modules/pkg/x.md", "qms/.hidden/x.md", "qms/.qmslint.yaml",
		"qms/b.yml", "qms/tmp-notes.md", "qms/notes.txt",
	} {
		write(t, top, rel, []byte("# x\n"))
	}
	root := filepath.Join(top, "qms")
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"defaults", Options{}, []string{"a.md", "archive/deeper/older.md", "archive/old.md", "b.yml", "drafts/x.md", "tmp-notes.md"}},
		{"directory globs", Options{Ignore: []string{"archive/**", "drafts"}}, []string{"a.md", "b.yml", "tmp-notes.md"}},
		{"trailing slash", Options{Ignore: []string{"archive/"}}, []string{"a.md", "b.yml", "drafts/x.md", "tmp-notes.md"}},
		{"file globs", Options{Ignore: []string{"**/*.yml", "tmp-*"}}, []string{"a.md", "archive/deeper/older.md", "archive/old.md", "drafts/x.md"}},
		// The config sits above the root: its globs name paths from there.
		{"relative to the config's directory", Options{Ignore: []string{"qms/archive/**"}, IgnoreBase: top}, []string{"a.md", "b.yml", "drafts/x.md", "tmp-notes.md"}},
		{"root-relative glob under a parent config does not match", Options{Ignore: []string{"archive/**"}, IgnoreBase: top}, []string{"a.md", "archive/deeper/older.md", "archive/old.md", "b.yml", "drafts/x.md", "tmp-notes.md"}},
		{"config in the root", Options{Ignore: []string{"archive/**"}, IgnoreBase: root}, []string{"a.md", "b.yml", "drafts/x.md", "tmp-notes.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paths(t, root, tt.opts); !slices.Equal(got, tt.want) {
				t.Errorf("files %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRootErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "file.md", []byte("x"))
	if _, err := Load(filepath.Join(dir, "missing"), Options{}); err == nil {
		t.Error("missing root: no error")
	}
	if _, err := Load(filepath.Join(dir, "file.md"), Options{}); err == nil {
		t.Error("file as root: no error")
	}
}

// A root given as a symbolic link is walked, and links inside it that stay
// inside it are not reported as leaving it.
func TestSymlinkedRoot(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "real/a.md", []byte(goodDoc))
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink("a.md", filepath.Join(dir, "real", "b.md")); err != nil {
		t.Fatal(err)
	}
	repo, err := Load(link, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Documents) != 1 || len(repo.Problems) != 0 {
		t.Errorf("documents %d, problems %+v; want a.md and no problem", len(repo.Documents), repo.Problems)
	}
}

func TestWorkersDoNotChangeTheResult(t *testing.T) {
	root := filepath.Join("testdata", "golden", "basic")
	one, err := Load(root, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	many, err := Load(root, Options{Workers: 8})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := dumpRepo(one), dumpRepo(many); string(a) != string(b) {
		t.Error("the model depends on the number of workers")
	}
}

// matchAny skips a glob whose literal text a path does not hold; that
// must never change an answer: every glob, on files and directories,
// answers as doublestar alone does.
func TestMatchAnyAsDoublestar(t *testing.T) {
	globs := append(slices.Clone(DefaultIgnore), "drafts", "drafts/", "drafts/**", "**/drafts/", "**/old/**", "*.md",
		"a/{b,c}/**", "[ab].md", `\*.md`, "**/x.md", "x.md/**", "archive", "**", "**/", "docs/**/README.md")
	paths := []string{"README.md", "a/README.md", "READMEs.md", "a/README.md.bak", "node_modules", "node_modules/x.md",
		"a/node_modules", "a/node_modules/b/c.md", "x/vendor", "vendors/x.md", "drafts", "drafts/a.md", "a/drafts",
		"a/drafts/b.md", "draftsman.md", "old", "a/old/b.md", "b.md", "a/b/c.md", "a/c/d", "*.md", "x.md", "a/x.md",
		"x.md/y", "archive", "archive/2020", "docs/README.md", "docs/a/b/README.md", ""}
	ref := func(g, p string, isDir bool) bool {
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
		if !isDir {
			return false
		}
		if ok, _ := doublestar.Match(g, p+"/"); ok {
			return true
		}
		trimmed, cut := strings.CutSuffix(g, "/**")
		ok, _ := doublestar.Match(trimmed, p)
		return cut && ok
	}
	for _, g := range globs {
		for _, p := range paths {
			for _, isDir := range []bool{false, true} {
				if got, want := matchAny([]string{g}, p, isDir), ref(g, p, isDir); got != want {
					t.Errorf("glob %q, path %q (directory %v): %v, doublestar says %v", g, p, isDir, got, want)
				}
			}
		}
	}
}
