package load

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	content := bytes.Repeat([]byte("line of text\n"), 1000)
	for _, tc := range []struct {
		name  string
		data  []byte
		limit int64
		want  []byte // nil: only the size comes back
	}{
		{"empty.md", nil, 100, []byte{}},
		{"small.md", []byte("---\nid: A\n---\n"), 100, []byte("---\nid: A\n---\n")},
		{"large.md", content, int64(len(content)), content},
		{"over.md", content, int64(len(content)) - 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, size, err := readFile(write(tc.name, tc.data), tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if size != int64(len(tc.data)) {
				t.Errorf("size = %d, want %d", size, len(tc.data))
			}
			if tc.want == nil {
				if src != nil {
					t.Errorf("read %d bytes of a file over the limit", len(src))
				}
				return
			}
			if src == nil || !bytes.Equal(src, tc.want) {
				t.Errorf("read %q, want %q", src, tc.want)
			}
		})
	}
	if _, _, err := readFile(filepath.Join(dir, "missing.md"), 100); err == nil || err.Error() != "no such file or directory" {
		t.Errorf("missing file: err = %v, want the bare reason", err)
	}
}
