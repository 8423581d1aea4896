package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/qmslint/qmslint/internal/finding"
)

// Pack is finding.Pack: what a report says of a pack in force.
type Pack = finding.Pack

// maxBundleSize bounds a bundle archive: a policy pack is text, and a
// multi-gigabyte "pack" is an attack on the CI runner, not a pack.
const maxBundleSize = 64 << 20

// OpenPack opens a policy pack: a directory of Rego and data files, or an
// OPA bundle archive (.tar.gz, as built by `opa build`). When pin is not
// "", the pack's digest must equal it ("sha256:<hex>" or bare hex); a
// mismatch is an error, so a repository that pinned a pack never runs a
// different one unnoticed.
func OpenPack(p, pin string) (Source, error) {
	name := displayName(p)
	fi, err := os.Stat(p)
	if err != nil {
		return Source{}, fmt.Errorf("policy pack %s: not found (expected a directory of .rego files or an OPA bundle .tar.gz)", name)
	}
	var src Source
	switch {
	case fi.IsDir():
		dfs := os.DirFS(p)
		digest, err := DirDigest(dfs)
		if err != nil {
			return Source{}, fmt.Errorf("policy pack %s: %v", name, err)
		}
		src = Source{Name: name, FS: dfs, Digest: digest}
	case isBundle(p):
		raw, err := os.ReadFile(p)
		if err != nil {
			return Source{}, fmt.Errorf("policy pack %s: %v", name, err)
		}
		src, err = BundleSource(name, raw)
		if err != nil {
			return Source{}, err
		}
	default:
		return Source{}, fmt.Errorf("policy pack %s: expected a directory or an OPA bundle ending in .tar.gz", name)
	}
	if pin != "" {
		want := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(pin), "sha256:"))
		if "sha256:"+want != src.Digest {
			return Source{}, fmt.Errorf("policy pack %s: checksum mismatch: pinned sha256:%s, found %s; if the new pack is intended, update its sha256 in .qmslint.yaml", name, want, src.Digest)
		}
	}
	return src, nil
}

func isBundle(p string) bool {
	return strings.HasSuffix(p, ".tar.gz") || strings.HasSuffix(p, ".tgz")
}

// displayName keeps relative paths relative, so messages and the JSON
// output do not depend on where the checkout lives.
func displayName(p string) string {
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// BundleSource reads an OPA bundle archive. Its modules and data are
// re-read through the same loader as a directory, so a bundle and the
// directory it was built from give the same rules and the same messages.
// The digest is the archive's sha256: what `sha256sum pack.tar.gz` prints.
func BundleSource(name string, raw []byte) (Source, error) {
	if len(raw) > maxBundleSize {
		return Source{}, fmt.Errorf("policy pack %s: %d bytes; a bundle larger than %d MiB is refused", name, len(raw), maxBundleSize>>20)
	}
	b, err := bundle.NewReader(bytes.NewReader(raw)).
		WithCapabilities(Capabilities()).
		WithProcessAnnotations(true).
		WithRegoVersion(ast.RegoV1).
		WithSizeLimitBytes(maxBundleSize).
		Read()
	if err != nil {
		return Source{}, fmt.Errorf("policy pack %s: not a readable OPA bundle: %s", name, firstLine(err))
	}
	files := fstest.MapFS{}
	for _, m := range b.Modules {
		p := strings.TrimPrefix(path.Clean("/"+m.Path), "/")
		files[p] = &fstest.MapFile{Data: m.Raw, Mode: 0o644}
	}
	if len(b.Data) > 0 {
		data, err := json.Marshal(b.Data)
		if err != nil {
			return Source{}, fmt.Errorf("policy pack %s: %v", name, err)
		}
		files["data.json"] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	sum := sha256.Sum256(raw)
	return Source{Name: name, FS: files, Digest: "sha256:" + hex.EncodeToString(sum[:])}, nil
}

// DirDigest hashes a directory's files the loader reads (packFiles): their
// sorted slash-separated names and contents, each length-prefixed so no
// two trees hash alike. A .git inside a pack does not change its digest.
func DirDigest(fsys fs.FS) (string, error) {
	files, err := packFiles(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%d:%s\n%d:", len(f), f, len(raw))
		h.Write(raw)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// Packs lists the sources that are not built in, in order.
func Packs(sources []Source) []Pack {
	var out []Pack
	for _, s := range sources {
		if !s.Builtin {
			out = append(out, Pack{Name: s.Name, Digest: s.Digest})
		}
	}
	return out
}
