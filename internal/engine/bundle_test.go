package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/bundle"
)

const packRule = `# METADATA
# title: Deputy owner
# description: Every SOP names a deputy owner.
# custom:
#   id: acme.sop-deputy
#   severity: major
#   clauses: [ISO13485:5.5.1]
#   overridable: false
package acme.sop_deputy

deny contains "x" if data.acme.strict
`

// writeBundle builds a bundle as opa build would, with the bundle
// package's own writer.
func writeBundle(t *testing.T, dir string) (string, []byte) {
	t.Helper()
	b := bundle.Bundle{
		Manifest: bundle.Manifest{Roots: &[]string{"acme"}},
		Modules:  []bundle.ModuleFile{{URL: "/acme/sop_deputy.rego", Path: "/acme/sop_deputy.rego", Raw: []byte(packRule)}},
		Data:     map[string]any{"acme": map[string]any{"strict": true}},
	}
	var buf bytes.Buffer
	if err := bundle.NewWriter(&buf).DisableFormat(true).Write(b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "acme.tar.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, buf.Bytes()
}

func TestOpenPackBundle(t *testing.T) {
	p, raw := writeBundle(t, t.TempDir())
	sum := sha256.Sum256(raw)
	want := "sha256:" + hex.EncodeToString(sum[:])

	src, err := OpenPack(p, hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatal(err)
	}
	if src.Digest != want {
		t.Errorf("digest = %s, want %s (the archive's sha256)", src.Digest, want)
	}
	e, err := New([]Source{src})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := e.Rule("acme.sop-deputy")
	if !ok {
		t.Fatalf("rule from bundle not found; rules: %v", e.Rules())
	}
	if !r.Locked || r.Builtin || r.Severity != "major" {
		t.Errorf("rule = %+v, want locked, not built-in, major", r)
	}
	if e.data["acme"].(map[string]any)["strict"] != true {
		t.Errorf("bundle data not loaded: %v", e.data)
	}
	if got := Packs([]Source{{Name: "policies", Builtin: true}, src}); len(got) != 1 || got[0].Digest != want {
		t.Errorf("Packs = %v", got)
	}
}

func TestOpenPackPinMismatch(t *testing.T) {
	p, _ := writeBundle(t, t.TempDir())
	_, err := OpenPack(p, "sha256:"+strings.Repeat("0", 64))
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") || !strings.Contains(err.Error(), "sha256:0000") {
		t.Fatalf("err = %v, want a checksum mismatch naming both digests", err)
	}
}

func TestOpenPackNotABundle(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.tar.gz")
	if err := os.WriteFile(p, []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenPack(p, ""); err == nil || !strings.Contains(err.Error(), "not a readable OPA bundle") {
		t.Fatalf("err = %v", err)
	}
	if _, err := OpenPack(filepath.Join(dir, "missing"), ""); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("err = %v", err)
	}
}

func TestDirDigest(t *testing.T) {
	base := fstest.MapFS{"a/x.rego": {Data: []byte("package a")}, "b.rego": {Data: []byte("package b")}}
	d1, err := DirDigest(base)
	if err != nil {
		t.Fatal(err)
	}
	same := fstest.MapFS{"b.rego": {Data: []byte("package b")}, "a/x.rego": {Data: []byte("package a")}, ".git/HEAD": {Data: []byte("ref")}}
	if d2, _ := DirDigest(same); d2 != d1 {
		t.Errorf("digest depends on order or hidden dirs: %s vs %s", d1, d2)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"content": {"a/x.rego": {Data: []byte("package a ")}, "b.rego": {Data: []byte("package b")}},
		"rename":  {"a/y.rego": {Data: []byte("package a")}, "b.rego": {Data: []byte("package b")}},
		// Moving bytes between name and content must not collide.
		"boundary": {"a/x.regop": {Data: []byte("ackage a")}, "b.rego": {Data: []byte("package b")}},
	} {
		if d, _ := DirDigest(fsys); d == d1 {
			t.Errorf("%s: digest unchanged", name)
		}
	}
}

func TestOverridableMustBeBool(t *testing.T) {
	src := strings.Replace(packRule, "overridable: false", "overridable: no-way", 1)
	_, err := New([]Source{{Name: "p", FS: fstest.MapFS{"r.rego": {Data: []byte(src)}}}})
	if err == nil || !strings.Contains(err.Error(), "custom.overridable") {
		t.Fatalf("err = %v", err)
	}
}

func TestCheck(t *testing.T) {
	good := fstest.MapFS{"a/r.rego": {Data: []byte(packRule)}, "a/r_test.rego": {Data: []byte("package acme.sop_deputy_test\n")}}
	if _, ps := Check([]Source{{Name: "p", FS: good}}); len(ps) != 0 {
		t.Errorf("problems on a good pack: %v", ps)
	}
	tests := map[string]struct {
		files fstest.MapFS
		want  string
	}{
		"no test": {fstest.MapFS{"a/r.rego": {Data: []byte(packRule)}}, "p/a/r.rego:1: acme.sop-deputy has no _test.rego"},
		"severity": {fstest.MapFS{"a/r.rego": {Data: []byte(strings.Replace(packRule, "major", "critical", 1))}},
			`p/a/r.rego:1: custom.severity of acme.sop-deputy: expected major, minor or observation, got "critical"`},
		"duplicate": {fstest.MapFS{
			"a/r.rego":      {Data: []byte(packRule)},
			"b/r.rego":      {Data: []byte(strings.Replace(packRule, "package acme.sop_deputy", "package acme.other", 1))},
			"a/r_test.rego": {Data: []byte("package t1\n")}, "b/r_test.rego": {Data: []byte("package t2\n")},
		}, `p/b/r.rego:1: custom.id "acme.sop-deputy" is already used by p/a/r.rego:1`},
		"compile": {fstest.MapFS{"a/r.rego": {Data: []byte("package x\n\nallow if http.send({})\n")}}, "p/a/r.rego:3: "},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, ps := Check([]Source{{Name: "p", FS: tt.files}})
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if !strings.Contains(strings.Join(got, "\n"), tt.want) {
				t.Errorf("problems = %q, want one containing %q", got, tt.want)
			}
		})
	}
}
