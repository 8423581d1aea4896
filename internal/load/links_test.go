package load

import "testing"

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
