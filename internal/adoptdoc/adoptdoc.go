// Package adoptdoc writes docs/adopting.md, "Adopting qmslint on an
// existing QMS": the commands a QA manager runs on a QMS that qmslint has
// never seen, each with its real output on a copy of the QARA PULSE
// framework (../shared/corpora/qara-pulse). The corpus is only read: its
// copy lives in a temporary folder, and nothing of it is shipped beyond
// the excerpts of output the page quotes.
//
// The page runs whatever commands this build has: lint and coverage
// always, init and import when `qmslint init --help` works. So it can be
// regenerated as commands are added, and a test compares it with what is
// checked in, as for docs/rules.md.
package adoptdoc

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/qmslint/qmslint/internal/cli"
)

// Date is the day the page's commands judge the corpus as of, so that
// the page does not change with the calendar.
const Date = "2026-11-24"

// Corpus is where the corpus sits, relative to the repository's top.
const Corpus = "../shared/corpora/qara-pulse"

// step is one command of the page and what it shows.
type step struct {
	args []string
	// head and tail bound the lines of output quoted (0: all of them).
	head, tail int
	before     string // the prose that introduces the command
	// optional steps are left out when their command does not exist.
	needs string
}

// Page returns the Markdown page, running each command in a copy of the
// corpus at corpus, in a Git repository of its own.
func Page(corpus string) (string, error) {
	dir, err := os.MkdirTemp("", "qmslint-adopting-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	qms := filepath.Join(dir, "qara-pulse")
	if err := os.CopyFS(qms, os.DirFS(corpus)); err != nil {
		return "", fmt.Errorf("copy %s: %w", corpus, err)
	}
	if err := commit(qms); err != nil {
		return "", err
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	// Commands without PATH run where the user would: in the QMS.
	if err := os.Chdir(qms); err != nil {
		return "", err
	}
	defer os.Chdir(wd)

	has := map[string]bool{}
	for _, c := range []string{"init", "import"} {
		code, _, _ := run(c, "--help")
		has[c] = code == 0
	}
	var b strings.Builder
	b.WriteString(intro)
	for _, s := range steps {
		if s.needs != "" && !has[s.needs] {
			continue
		}
		code, out, errs := run(s.args...)
		out = strings.ReplaceAll(out+errs, qms, "qara-pulse")
		b.WriteString(s.before)
		fmt.Fprintf(&b, "\n```console\n$ qmslint %s\n%s```\n\n(exit status %d)\n", strings.Join(s.args, " "), excerpt(out, s.head, s.tail), code)
	}
	if !has["init"] {
		b.WriteString(withoutInit)
	}
	b.WriteString(outro)
	return b.String(), nil
}

func run(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := cli.Run(args, cli.IO{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs,
		Now:    func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) },
		Getenv: func(string) string { return "" },
	})
	return code, out.String(), errs.String()
}

// excerpt keeps the first head and the last tail lines of out, with a
// line saying how many were left out between.
func excerpt(out string, head, tail int) string {
	lines := strings.SplitAfter(out, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if head == 0 && tail == 0 || len(lines) <= head+tail+1 {
		return strings.Join(lines, "")
	}
	left := len(lines) - head - tail
	return strings.Join(lines[:head], "") + fmt.Sprintf("[... %d more lines ...]\n", left) + strings.Join(lines[len(lines)-tail:], "")
}

// commit makes dir a Git repository with every file in one commit of a
// fixed author and day, as a company's existing repository would be.
func commit(dir string) error {
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		return err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		_, err = wt.Add(filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return err
	}
	when := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	sig := &object.Signature{Name: "QA Manager", Email: "qa@example.com", When: when}
	_, err = wt.Commit("The QMS as it was before qmslint", &git.CommitOptions{Author: sig, Committer: sig})
	return err
}
