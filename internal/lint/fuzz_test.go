package lint

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/render"
)

// FuzzLintRepo feeds random repositories through the whole lint: load,
// schema, every built-in rule, trace, and every output format. A
// repository is the fuzz input read as a txtar archive ("-- name --" lines
// start files), so the fuzzer mutates file names, front matter, registers
// and configuration alike. It checks the promises a hostile repository
// relies on breaking: no panic, a run either works or fails with a
// configuration error (exit 2, never 3), nothing is written, every finding
// names a file of the repository, and every format renders.
func FuzzLintRepo(f *testing.F) {
	examples, _ := filepath.Glob(filepath.Join("..", "..", "policies", "examples", "*.txtar"))
	for _, p := range examples {
		if raw, err := os.ReadFile(p); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte("-- SOP-001.md --\n" + goodProcedure))
	f.Add([]byte("-- .qmslint.yaml --\nfail_on: major\nrules:\n  doc.review-overdue: {severity: observation}\n-- a/SOP-1.md --\n---\nid: SOP-1\nkind: procedure\n---\n# x\n"))
	f.Fuzz(func(t *testing.T, archive []byte) {
		root := t.TempDir()
		names := unpack(t, root, archive)
		before := snapshot(t, root)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var (
			res  *Result
			err  error
			done = make(chan struct{})
		)
		go func() {
			defer close(done)
			res, err = Run(ctx, Options{Root: root, Date: asOf, NoHistory: true, Timeout: 10 * time.Second})
		}()
		// A tiny repository that takes this long is a denial of service
		// (a hang in a parser), and the fuzzer keeps it as a failure.
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("lint did not finish in 30 s on %q", archive)
		}
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("not a configuration error (would exit 3): %v", err)
			}
			return
		}
		if after := snapshot(t, root); !maps.Equal(after, before) {
			t.Fatalf("lint changed the repository")
		}
		for _, fd := range res.Findings {
			if fd.Rule == "" || fd.ID == "" {
				t.Fatalf("finding without rule or id: %+v", fd)
			}
			if fd.File != "" && !names[fd.File] {
				t.Fatalf("finding on %q, not a file of the repository (%v)", fd.File, names)
			}
		}
		rep := render.Report{Date: res.Date, FailOn: "minor", Findings: res.Findings, Packs: res.Packs}
		for _, format := range render.Formats {
			var b bytes.Buffer
			if err := format.Write(&b, rep, render.Options{Rules: res.Rules, Version: "fuzz"}); err != nil {
				t.Fatalf("%s: %v", format.Name, err)
			}
		}
	})
}

// unpack writes the archive's files under root and returns their names.
// Names that are not clean relative paths are skipped: the loader's
// handling of odd names is FuzzParseFile's job, and the fuzz must never
// write outside its temporary directory.
func unpack(t *testing.T, root string, archive []byte) map[string]bool {
	names := map[string]bool{}
	var name string
	var body bytes.Buffer
	flush := func() {
		if name != "" && len(names) < 32 {
			if err := os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755); err == nil {
				if os.WriteFile(filepath.Join(root, name), body.Bytes(), 0o644) == nil {
					names[name] = true
				}
			}
		}
		name = ""
		body.Reset()
	}
	for _, line := range bytes.SplitAfter(archive, []byte("\n")) {
		s := strings.TrimRight(string(line), "\r\n")
		if n, ok := strings.CutPrefix(s, "-- "); ok && strings.HasSuffix(n, " --") {
			flush()
			n = strings.TrimSpace(strings.TrimSuffix(n, " --"))
			if n != "" && path.Clean(n) == n && !path.IsAbs(n) && n != ".." && !strings.HasPrefix(n, "../") && !strings.Contains(n, "\x00") && !strings.HasPrefix(n, ".git/") && n != ".git" && len(n) < 200 {
				name = n
			}
			continue
		}
		if name != "" {
			body.Write(line)
		}
	}
	flush()
	return names
}
