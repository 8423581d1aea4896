package adopt

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/config"
	goldenfile "github.com/qmslint/qmslint/internal/golden"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/schema"
)

// The fixture trees reproduce, in a few files each, the conventions of the
// QMSs in ../shared/corpora and of comply: a fenced dialect with TBD
// values (pulse), an open header and a Markdown SoA (comply), and no front
// matter at all, with section tables and site scaffolding (openreg).
var trees = []string{"pulse", "comply", "openreg"}

// copyTree copies testdata/trees/name to a temporary directory, so tests
// that write never change the fixtures.
func copyTree(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("testdata", "trees", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, r), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, r), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestInitConfig(t *testing.T) {
	for _, name := range trees {
		t.Run(name, func(t *testing.T) {
			s, err := Scan(filepath.Join("testdata", "trees", name))
			if err != nil {
				t.Fatal(err)
			}
			// The CLI reads these from the built-in rule's metadata
			// (TestInitSectionsFromRuleMetadata).
			s.Sections = map[string][]string{"procedure": {"Purpose", "Scope", "Responsibilities"}, "work-instruction": {"Purpose"}}
			text := s.Config()
			goldenfile.Check(t, filepath.Join("testdata", "init", name+".yaml"), text)
			var sum bytes.Buffer
			s.Summary(&sum)
			goldenfile.Check(t, filepath.Join("testdata", "init", name+".summary.txt"), sum.Bytes())
			// What init writes, lint must accept.
			if _, err := config.Parse(text, "x/.qmslint.yaml"); err != nil {
				t.Errorf("the written config does not parse: %v", err)
			}
		})
	}
}

// initialised copies a tree and writes init's config into it.
func initialised(t *testing.T, name string) (string, *config.Config) {
	t.Helper()
	root := copyTree(t, name)
	s, err := Scan(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".qmslint.yaml"), s.Config(), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(root, "")
	if err != nil {
		t.Fatal(err)
	}
	return root, cfg
}

func TestImport(t *testing.T) {
	for _, name := range trees {
		t.Run(name, func(t *testing.T) {
			root, cfg := initialised(t, name)
			imp, err := Plan(root, cfg)
			if err != nil {
				t.Fatal(err)
			}
			var diff bytes.Buffer
			for _, c := range imp.Changes {
				if err := c.WriteDiff(&diff); err != nil {
					t.Fatal(err)
				}
				if c.Old != nil && len(c.Missing) > 0 {
					diff.WriteString("# missing: " + strings.Join(c.Missing, ", ") + "\n")
				}
			}
			goldenfile.Check(t, filepath.Join("testdata", "import", name+".diff"), diff.Bytes())
			if err := imp.Apply(); err != nil {
				t.Fatal(err)
			}
			for _, c := range imp.Changes {
				got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c.Path)))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, c.New) {
					t.Errorf("%s: written text differs from the diff's", c.Path)
				}
				if c.Old != nil && !bytes.Equal(splitSource(got).body, splitSource(c.Old).body) {
					t.Errorf("%s: the body changed", c.Path)
				}
			}
			again, err := Plan(root, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range again.Changes {
				var d bytes.Buffer
				_ = c.WriteDiff(&d)
				t.Errorf("second import changes %s:\n%s", c.Path, d.String())
			}
			assertValid(t, root, cfg, imp)
		})
	}
}

// assertValid checks every written file against the schemas, read
// without the dialect: the files now speak qmslint's format.
func assertValid(t *testing.T, root string, cfg *config.Config, imp *Import) {
	t.Helper()
	repo, err := load.Load(root, load.Options{Ignore: cfg.Ignore, IgnoreBase: cfg.Dir})
	if err != nil {
		t.Fatal(err)
	}
	v, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	v.Validate(repo)
	written := map[string]bool{}
	for _, c := range imp.Changes {
		written[c.Path] = true
	}
	for _, f := range repo.Files {
		if written[f.Path] && !f.Controlled {
			t.Errorf("%s: not a controlled document after import", f.Path)
		}
	}
	for _, p := range repo.Problems {
		if written[p.File] {
			t.Errorf("%s:%d: %s", p.File, p.Line, p.Msg)
		}
	}
}

func TestImportRefusesPathsOutsideRoot(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "out")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.WriteFile(filepath.Join(outside, "x.md"), []byte("# X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "x.md"), filepath.Join(root, "link.md")); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"out/x.md", "../x.md", "link.md"} {
		if _, err := insideRoot(root, rel); err == nil {
			t.Errorf("insideRoot(%q) accepted a path that leaves the repository", rel)
		}
	}
	// A file import creates (an SoA register beside its table) may not
	// exist yet; where it would land is judged all the same.
	if p, err := insideRoot(root, "qms/new.soa.yaml"); err != nil || filepath.Base(p) != "new.soa.yaml" {
		t.Errorf("insideRoot(qms/new.soa.yaml) = %q, %v; want the path inside the root", p, err)
	}
	if err := os.Symlink(filepath.Join(outside, "gone.yaml"), filepath.Join(root, "dangling.yaml")); err != nil {
		t.Fatal(err)
	}
	if _, err := insideRoot(root, "dangling.yaml"); err == nil {
		t.Error("a dangling link to outside was accepted")
	}
	if p, err := insideRoot(root, "doc.md"); err != nil || filepath.Base(p) != "doc.md" {
		t.Errorf("insideRoot(doc.md) = %q, %v", p, err)
	}
}

func TestDescribesStandard(t *testing.T) {
	for title, want := range map[string]bool{
		"ISO 13485:2016 Mapping of Requirements to Documents":        true,
		"IEC 62366-1:2015 Mapping of Requirements to Documents":      true,
		"Checklist: MDR General Safety and Performance Requirements": true,
		"Essential Requirements MDD (93/42/EEC)":                     true,
		"Corrective and Preventive Action":                           false,
		"ISO 13485 internal audit programme":                         false,
	} {
		if got := describesStandard(title); got != want {
			t.Errorf("describesStandard(%q) = %v, want %v", title, got, want)
		}
	}
}

func TestDeriveIDs(t *testing.T) {
	got := deriveIDs([]string{"docs/capa/0-sop.md", "docs/purchasing/0-sop.md", "docs/sop-audit.md", "a/Taken.md"}, map[string]bool{"TAKEN": true})
	want := map[string]string{"docs/capa/0-sop.md": "CAPA-0-SOP", "docs/purchasing/0-sop.md": "PURCHASING-0-SOP", "docs/sop-audit.md": "SOP-AUDIT", "a/Taken.md": "A-TAKEN"}
	for p, id := range want {
		if got[p] != id {
			t.Errorf("%s: id %q, want %q", p, got[p], id)
		}
	}
}

// A QMS in qmslint's own format is left as it is: import adds nothing to
// front matter that already lists its clauses, and reorders nothing.
func TestImportLeavesNativeQMSAlone(t *testing.T) {
	root := filepath.Join("..", "..", "qms")
	cfg, err := config.Load(root, "")
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Plan(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range imp.Changes {
		var d bytes.Buffer
		_ = c.WriteDiff(&d)
		t.Errorf("import would change %s:\n%s", c.Path, d.String())
	}
}

func TestControlsMappedOnlyWhenClauses(t *testing.T) {
	iso := &File{Path: "a.md", src: splitSource([]byte("---\ncontrols: [A.5.1, ISO 27001:2022 A.8.13]\n---\n# A\n"))}
	soc := &File{Path: "b.md", src: splitSource([]byte("---\ncontrols: [CC6.1]\n---\n# B\n"))}
	if d := detectDialect([]*File{iso}); d.Fields["controls"] != "clauses" {
		t.Errorf("ISO controls not mapped to clauses: %v", d.Fields)
	}
	if d := detectDialect([]*File{iso, soc}); d.Fields["controls"] != "" {
		t.Errorf("SOC 2 criteria mapped to clauses: %v", d.Fields)
	}
}
