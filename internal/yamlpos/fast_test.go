package yamlpos

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// agree checks that whatever the fast path decodes, yaml.v3's path
// decodes to the same values and positions.
func agree(t *testing.T, name string, src []byte) bool {
	t.Helper()
	v, pos, ok := decodeFast(src, 3)
	if !ok {
		return false
	}
	want, wantPos, err := decodeNodes(src, 3)
	if err != nil {
		t.Errorf("%s: the fast path decoded what yaml.v3 rejects (%v):\n%s", name, err, src)
		return true
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("%s: fast path value\n%#v\nyaml.v3\n%#v\nfor:\n%s", name, v, want, src)
	}
	if !reflect.DeepEqual(pos, wantPos) {
		t.Errorf("%s: fast path positions\n%v\nyaml.v3\n%v\nfor:\n%s", name, pos, wantPos, src)
	}
	return true
}

var fastCases = []struct {
	src  string
	fast bool // the fast path takes it
}{
	{"id: SOP-004\nkind: procedure\ntitle: Control of documents\nrevision: 3\nstatus: approved\n", true},
	{"approvals:\n  - {by: ann, role: QA/RA Manager, date: 2026-01-12}\n  - by: bob\n    role: CEO\n    date: 2026-01-13\n", true},
	{"review: {interval_months: 12, last: 2026-01-12}\nclauses: [ISO13485:4.2.4, ISO27001:A.5.1]\nreferences: []\n", true},
	{"# a comment\n\nid: A\n  # indented comment\nlist:\n- a\n- b\nafter: x\n", true},
	{"nested:\n  deeper:\n    deepest: 1\n  back: -2\nempty:\nflag: true\noff: FALSE\nnothing: null\n", true},
	{"items:\n  - id: R-1\n    controls:\n      - C-1\n      - C-2\n    score: 0\n  - id: R-2\n    notes:\n", true},
	{"q: \"quoted: yes\"\ns: 'single # not a comment'\nurl: https://example.org/a\ntitle: Manager's review, yearly\n", true},
	{"- a\n- {k: v}\n- [x, y]\n- k: v\n  k2: w\n", true},
	{"d: 2026-13-45\nzero: 0\nbig: 123456789012345678\n", true},
	{"words: [yes, no, on, off, y, n, Y, N, On]\n", true},

	// yaml.v3's path: outside the subset, or an error to word.
	{"a: 1.5\n", false},
	{"a: 012\n", false},
	{"a: 0x1F\n", false},
	{"a: &x 1\nb: *x\n", false},
	{"a: |\n  text\n", false},
	{"a: b # comment\n", false},
	{"a: b#c\n", false},
	{"role: People & Office Lead\nt: Risk > 5 | high [draft] {x} *y* !z @w %v `u` a\\b\n", true},
	{"a: [People & Office, b]\n", true},
	{"a: [x [y]]\n", false},
	{"a: [Why?]\nb: Why?\n", false},
	{"a: {k: v [w]}\n", false},
	{"a: long\n  continued\n", false},
	{"a: 1\na: 2\n", false},
	{"a:\tb\n", false},
	{"title: Qualitätshandbuch\n", false},
	{"---\na: 1\n", false},
	{"a: [b,\n  c]\n", false},
	{"a: \"esc\\\"aped\"\n", false},
	{"a: {b: }\n", false},
	{"a:b\n", false},
	{"  a: 1\n", false},
	{"a: 1\n b: 2\n", false},
	{"a:\n  - x\n  y: 1\n", false},
	{"- - a\n", false},
	{"-\n  a: 1\n", false},
	{"a: ~\n", false},
	{"a: -\n", false},
	{"'q': 1\n", false},
	{"a: [[b]]\n", false},
	{"a: .inf\n", false},
	{"a: 1234567890123456789\n", false},
	{"", false},
	{"# only a comment\n", false},
}

func TestFastPath(t *testing.T) {
	for _, c := range fastCases {
		if took := agree(t, "case", []byte(c.src)); took != c.fast {
			t.Errorf("fast path took %q: %v, want %v", c.src, took, c.fast)
		}
	}
}

// TestFastPathOnCorpora decodes the YAML of the reference QMS, the
// examples, the test inputs and (when present beside the repository) the
// shared corpora both ways, and checks that the fast path takes the
// front matter of the reference QMS: that is what makes loading fast.
func TestFastPathOnCorpora(t *testing.T) {
	roots := []string{"../../qms", "../../examples", "../../internal", "../../../shared/corpora"}
	var files, fast int
	for _, root := range roots {
		if _, err := os.Stat(root); err != nil {
			continue
		}
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			var src []byte
			switch filepath.Ext(path) {
			case ".yaml", ".yml":
				src, _ = os.ReadFile(path)
			case ".md", ".markdown":
				b, _ := os.ReadFile(path)
				src = frontMatterOf(b)
			}
			if src == nil {
				return nil
			}
			files++
			took := agree(t, path, src)
			if took {
				fast++
			}
			if !took && strings.HasPrefix(path, "../../qms/") && filepath.Ext(path) == ".md" && !blockScalar.Match(src) {
				t.Errorf("%s: the fast path does not take this front matter", path)
			}
			return nil
		})
	}
	t.Logf("%d YAML texts decoded both ways, %d by the fast path", files, fast)
	if files == 0 {
		t.Fatal("no YAML found")
	}
}

// blockScalar finds a "|" or ">" scalar, which the fast path leaves to
// yaml.v3: CAPA records write their analysis so.
var blockScalar = regexp.MustCompile(`(?m): [|>][-+]?$`)

// frontMatterOf returns the text between a first line "---" and the next.
func frontMatterOf(b []byte) []byte {
	rest, ok := bytes.CutPrefix(b, []byte("---\n"))
	if !ok {
		return nil
	}
	if i := bytes.Index(rest, []byte("\n---")); i >= 0 {
		return rest[:i+1]
	}
	return nil
}

// FuzzFastAgrees holds the fast path to yaml.v3's answers on any input.
// Seeds: the cases above and the corpus under testdata/fuzz.
func FuzzFastAgrees(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		agree(t, "fuzz", src)
	})
}

// BenchmarkDecode decodes a typical front matter by the fast path and by
// yaml.v3's node tree, the path everything else takes:
//
//	go test -run '^$' -bench Decode -benchmem ./internal/yamlpos
func BenchmarkDecode(b *testing.B) {
	src := []byte(fastCases[0].src + fastCases[1].src + fastCases[2].src)
	if _, _, ok := decodeFast(src, 1); !ok {
		b.Fatal("the fast path does not take the benchmark's front matter")
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			decodeFast(src, 1)
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := decodeNodes(src, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
}
