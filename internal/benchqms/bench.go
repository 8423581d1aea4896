package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// bench holds one run of the harness: the corpus in a plain folder and in
// a Git repository, the two binaries, and the measurements.
type bench struct {
	docs   int
	date   string
	shared string
	only   []string
	tmp    string
	log    io.Writer

	floor, qmslint string
	compare        string // a revision whose qmslint is measured too
	base           string // that qmslint
	plain, repo    string
	next           string // repo with a second document staged
	cache          bool   // the binary has a cache across runs (lint --no-cache)
	files          int
	bytes          int64
}

func (b *bench) run(runs int) error {
	if err := b.setup(); err != nil {
		return err
	}
	ms := b.measurements()
	for _, m := range ms {
		if m.warm {
			// One unmeasured run fills the cache the measured runs read.
			m.cache = filepath.Join(b.tmp, "cache-"+m.name)
			// There even when the command writes nothing in it (a build
			// whose language server has no cache), for the copies below.
			if err := os.MkdirAll(m.cache, 0o755); err != nil {
				m.err = err
				continue
			}
			dir := m.dir
			if m.seedDir != "" {
				dir = m.seedDir
			}
			if _, err := m.runIn(dir, m.cache); err != nil {
				m.err = err
			}
		}
	}
	load := loadavg()
	for round := range runs {
		for i, m := range ms {
			if m.err != nil {
				continue
			}
			cache := m.cache
			if !m.warm || m.seedDir != "" {
				cache = filepath.Join(b.tmp, fmt.Sprintf("cache-%d-%d", round, i))
			}
			if m.seedDir != "" {
				if err := b.cmd(b.tmp, "cp", "-a", m.cache, cache); err != nil {
					m.err = err
					continue
				}
			}
			fmt.Fprintf(b.log, "round %d/%d: %s\n", round+1, runs, m.name)
			s, err := m.runIn(m.dir, cache)
			if err != nil {
				m.err = err
				continue
			}
			m.samples = append(m.samples, s)
			if cache != m.cache {
				os.RemoveAll(cache)
			}
		}
	}
	b.table(os.Stdout, ms, runs, load+" → "+loadavg())
	for _, m := range ms {
		if m.err != nil {
			return fmt.Errorf("%s: %v", m.name, m.err)
		}
	}
	return nil
}

// setup writes the corpus, commits it with a one-file commit on top and a
// one-file change staged, and builds the parse floor and qmslint.
func (b *bench) setup() error {
	gen := filepath.Join(b.tmp, "gen-corpus.py")
	if err := copyFile(filepath.Join(b.shared, "gen-corpus.py"), gen); err != nil {
		return err
	}
	b.plain = filepath.Join(b.tmp, "plain")
	b.repo = filepath.Join(b.tmp, "repo")
	// Registers in the generator's default proportion to 10,000 documents.
	fmt.Fprintf(b.log, "generating %d documents\n", b.docs)
	if err := b.cmd(b.tmp, "python3", gen, b.plain, "--docs", fmt.Sprint(b.docs),
		"--assets", fmt.Sprint(max(1, b.docs/5)), "--risks", fmt.Sprint(max(1, b.docs/5)),
		"--capas", fmt.Sprint(max(1, b.docs/20))); err != nil {
		return err
	}
	if err := os.CopyFS(b.repo, os.DirFS(b.plain)); err != nil {
		return err
	}
	filepath.WalkDir(b.plain, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				b.files++
				b.bytes += info.Size()
			}
		}
		return nil
	})
	fmt.Fprintln(b.log, "committing to Git")
	git := [][]string{
		{"init", "-q"},
		{"add", "-A"},
		{"commit", "-q", "-m", "corpus"},
	}
	for _, a := range git {
		if err := b.git(a...); err != nil {
			return err
		}
	}
	one, two := b.documentPath(1), b.documentPath(2)
	if err := appendLine(filepath.Join(b.repo, one), "\nA sentence the one-file commit adds.\n"); err != nil {
		return err
	}
	if err := b.git("commit", "-q", "-am", "one-file change"); err != nil {
		return err
	}
	if err := appendLine(filepath.Join(b.repo, two), "\nA sentence the staged change adds.\n"); err != nil {
		return err
	}
	if err := b.git("add", two); err != nil {
		return err
	}
	// Packed, as a user's repository mostly is, and in the foreground:
	// the automatic gc that commit starts in the background otherwise
	// packs while the copy below reads the objects.
	if err := b.git("gc", "-q"); err != nil {
		return err
	}
	// The same repository with the next edit staged as well: a copy, so
	// the other commands see one staged change.
	b.next = filepath.Join(b.tmp, "repo-next")
	if err := b.cmd(b.tmp, "cp", "-a", b.repo, b.next); err != nil {
		return err
	}
	three := b.documentPath(3)
	if err := appendLine(filepath.Join(b.next, three), "\nA sentence the next staged change adds.\n"); err != nil {
		return err
	}
	if err := b.cmd(b.next, "git", "add", three); err != nil {
		return err
	}

	fmt.Fprintln(b.log, "building the parse floor and qmslint")
	src := filepath.Join(b.tmp, "parsefloor-src")
	if err := os.CopyFS(src, os.DirFS(filepath.Join(b.shared, "parsefloor"))); err != nil {
		return err
	}
	b.floor = filepath.Join(b.tmp, "parsefloor")
	if err := b.cmd(src, "go", "build", "-o", b.floor, "."); err != nil {
		return err
	}
	b.qmslint = filepath.Join(b.tmp, "qmslint")
	if err := b.cmd(".", "go", "build", "-o", b.qmslint, "./cmd/qmslint"); err != nil {
		return err
	}
	if b.compare != "" {
		// The revision's tree, built as it is: git archive needs no
		// worktree and leaves the repository alone.
		src := filepath.Join(b.tmp, "base-src")
		if err := os.MkdirAll(src, 0o755); err != nil {
			return err
		}
		archive := filepath.Join(b.tmp, "base.tar")
		if err := b.cmd(".", "git", "archive", "-o", archive, b.compare); err != nil {
			return err
		}
		if err := b.cmd(src, "tar", "-xf", archive); err != nil {
			return err
		}
		b.base = filepath.Join(b.tmp, "qmslint-base")
		if err := b.cmd(src, "go", "build", "-o", b.base, "./cmd/qmslint"); err != nil {
			return err
		}
	}
	help, err := exec.Command(b.qmslint, "lint", "--help").Output()
	if err != nil {
		return fmt.Errorf("qmslint lint --help: %v", err)
	}
	b.cache = strings.Contains(string(help), "--no-cache")
	return nil
}

// measurements are the table's rows in the order they run in each round.
// Every run gets a cache folder of its own (XDG_CACHE_HOME, which
// os.UserCacheDir reads): empty when cold, filled by an earlier run of the
// same command when warm.
func (b *bench) measurements() []*measurement {
	q, d := b.qmslint, "--date="+b.date
	lintOK := []int{0, 1}
	all := []*measurement{
		{name: "parse floor", dir: b.tmp, args: []string{b.floor, b.repo}, okExit: []int{0}},
		{name: "lint, plain folder", dir: b.tmp, args: []string{q, "lint", d, b.plain}, okExit: lintOK},
		{name: "lint, Git repository", dir: b.repo, args: []string{q, "lint", d, "."}, okExit: lintOK},
		// What filling the cache costs a cold run (a CI runner's first).
		{name: "lint, Git repository, --no-cache", dir: b.repo, args: []string{q, "lint", "--no-cache", d, "."}, okExit: lintOK, cacheOnly: true},
		// What a CI job uploading to code scanning runs.
		{name: "lint, Git repository, SARIF", dir: b.repo, args: []string{q, "lint", "--format", "sarif", d, "."}, okExit: lintOK},
		{name: "lint --staged, one file, cold", dir: b.repo, args: []string{q, "lint", "--staged", d, "."}, okExit: lintOK},
		{name: "lint --staged, one file, warm", dir: b.repo, args: []string{q, "lint", "--staged", d, "."}, okExit: lintOK, warm: true},
		{name: "lint --staged, warm, after the next edit", dir: b.next, args: []string{q, "lint", "--staged", d, "."}, okExit: lintOK, warm: true, seedDir: b.repo},
		// The language server: diagnostics after an edit is saved, with the
		// cache a first session filled.
		{name: "editor, diagnostics after an edit", dir: b.repo, args: []string{q, "lsp"}, session: b.documentPath(4), warm: true, seedDir: b.repo},
		{name: "review --base HEAD~1, cold", dir: b.repo, args: []string{q, "review", "--base", "HEAD~1", d, "."}, okExit: lintOK},
		{name: "review --base HEAD~1, warm", dir: b.repo, args: []string{q, "review", "--base", "HEAD~1", d, "."}, okExit: lintOK, warm: true},
		{name: "report (HTML)", dir: b.repo, args: []string{q, "report", d, "--out", filepath.Join(b.tmp, "report.html"), "."}, okExit: []int{0}},
		{name: "capa list", dir: b.repo, args: []string{q, "capa", "list", d, "."}, okExit: lintOK},
	}
	if b.base != "" {
		// The same commands by the other build, each after its own row.
		var both []*measurement
		for _, m := range all {
			both = append(both, m)
			if m.args[0] == q {
				o := *m
				o.name += " @" + b.compare
				o.args = append([]string{b.base}, m.args[1:]...)
				both = append(both, &o)
			}
		}
		all = both
	}
	var ms []*measurement
	for _, m := range all {
		if (m.warm || m.cacheOnly) && !b.cache {
			continue
		}
		if b.only != nil && !slices.ContainsFunc(b.only, func(s string) bool { return strings.HasPrefix(m.name, s) }) {
			continue
		}
		ms = append(ms, m)
	}
	return ms
}

// documentPath is the generator's path of document i, relative to the root.
func (b *bench) documentPath(i int) string {
	return filepath.Join("documents", fmt.Sprintf("%03d", i/500), fmt.Sprintf("DOC-%05d.md", i))
}

func (b *bench) git(args ...string) error {
	return b.cmd(b.repo, "git", append([]string{"-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false", "-c", "gc.auto=0"}, args...)...)
}

func (b *bench) cmd(dir, name string, args ...string) error {
	c := exec.Command(name, args...)
	c.Dir = dir
	c.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2026-11-01T12:00:00Z", "GIT_COMMITTER_DATE=2026-11-01T12:00:00Z")
	out, err := c.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o755)
}

func appendLine(path, line string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}
