package policydoc

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/render"
	"github.com/qmslint/qmslint/internal/review"
)

// ExamplesDir is where a policy tree keeps one example per rule:
// examples/<rule id>.txtar, a tiny repository in txtar form. A txtar
// rather than a directory: a register inside an example must not be read
// as policy data (data.yaml) or linted as part of the tree around it.
const ExamplesDir = "examples"

// DefaultDate is the --date of an example that names none.
const DefaultDate = "2026-01-12"

// MaxShown is how many findings of its rule an example's output shows.
// Coverage rules fire once per clause on a small repository; the page
// needs a few lines to show what they say, not sixty.
const MaxShown = 5

// Example is a rule's example repository and what qmslint says about it.
type Example struct {
	// Source is the example's file, such as policies/examples/doc.review-overdue.txtar.
	Source string `json:"source"`
	// Note is the example's comment: what it shows.
	Note string `json:"note,omitempty"`
	// Date is the --date the example is linted as of.
	Date string `json:"date"`
	// Files are the files of the work tree, when the example has no
	// commits.
	Files []File `json:"files,omitempty"`
	// Commits are the Git history of an example whose rule reads it
	// (doc.changed-after-approval), oldest first; the work tree is the
	// last commit.
	Commits []Commit `json:"commits,omitempty"`
	// Review is set for a rule that judges a change (custom.phase:
	// review): the example's last commit is the change, reviewed against
	// the commit before it as origin/main, as qmslint review does on a
	// pull request.
	Review bool `json:"review,omitempty"`
	// Output is qmslint's text output on the example, this rule's
	// findings only (at most MaxShown of them listed).
	Output string `json:"output"`
	// Problems are the parse and schema findings of other rules on the
	// example: an example must be a valid repository, or its output shows
	// the rule reacting to a broken file rather than to what it checks.
	Problems []string `json:"-"`
}

// File is one file of an example repository.
type File struct {
	Name string `json:"name"`
	Data string `json:"data"`
	// Link is the target when the file is a symbolic link.
	Link string `json:"link,omitempty"`
}

// Commit is one commit of an example's history: the files it adds or
// changes, with the author, day and subject line it is recorded with.
type Commit struct {
	Date    string `json:"date"`
	Author  string `json:"author"`
	Message string `json:"message"`
	Files   []File `json:"files"`
}

// parseTxtar reads the txtar format: a comment, then files each
// introduced by a "-- name --" line. A "date: YYYY-MM-DD" line in the
// comment sets the example's date. Two extensions express what a plain
// file cannot:
//
//	-- name -> target --                   a symbolic link (no content)
//	-- commit YYYY-MM-DD Author: subject -- a commit of the files after it
//
// When an example has commits, every file belongs to the commit line
// above it.
func parseTxtar(src string) (Example, error) {
	var ex Example
	var cur *File
	var comment []string
	var files []File
	var commits []Commit
	// add appends a file to the open commit, or to the work tree.
	add := func(f File) *File {
		if len(commits) > 0 {
			c := &commits[len(commits)-1]
			c.Files = append(c.Files, f)
			return &c.Files[len(c.Files)-1]
		}
		files = append(files, f)
		return &files[len(files)-1]
	}
	for _, l := range strings.SplitAfter(src, "\n") {
		t := strings.TrimRight(l, "\r\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			header := strings.TrimSpace(t[3 : len(t)-3])
			if rest, ok := strings.CutPrefix(header, "commit "); ok {
				c, err := parseCommit(rest)
				if err != nil {
					return Example{}, err
				}
				commits = append(commits, c)
				cur = nil
				continue
			}
			f := File{Name: header}
			if name, target, ok := strings.Cut(header, " -> "); ok {
				f = File{Name: strings.TrimSpace(name), Link: strings.TrimSpace(target)}
			}
			cur = add(f)
			continue
		}
		if cur == nil {
			if len(commits) > 0 {
				if strings.TrimSpace(t) != "" {
					return Example{}, fmt.Errorf("text after a commit line must belong to a file: %q", t)
				}
				continue
			}
			if d, ok := strings.CutPrefix(t, "date:"); ok {
				ex.Date = strings.TrimSpace(d)
				continue
			}
			comment = append(comment, t)
			continue
		}
		cur.Data += l
	}
	if len(commits) > 0 && len(files) > 0 {
		return Example{}, fmt.Errorf("file %q comes before the first commit line; in an example with commits every file belongs to one", files[0].Name)
	}
	all := files
	for _, c := range commits {
		all = append(all, c.Files...)
	}
	for _, f := range all {
		if f.Name == "" || path.IsAbs(f.Name) || strings.HasPrefix(path.Clean(f.Name), "..") {
			return Example{}, fmt.Errorf("file name %q must be relative and stay inside the example", f.Name)
		}
		if f.Link != "" && strings.TrimSpace(f.Data) != "" {
			return Example{}, fmt.Errorf("%s is a symbolic link and cannot have content", f.Name)
		}
	}
	if ex.Date == "" {
		ex.Date = DefaultDate
	}
	if _, err := time.Parse("2006-01-02", ex.Date); err != nil {
		return Example{}, fmt.Errorf("date: expected YYYY-MM-DD, got %q", ex.Date)
	}
	ex.Note = strings.TrimSpace(strings.Join(comment, "\n"))
	ex.Files, ex.Commits = files, commits
	return ex, nil
}

// parseCommit reads "2026-06-15 Ben Adler: Shorten the emergency path".
func parseCommit(s string) (Commit, error) {
	date, rest, _ := strings.Cut(strings.TrimSpace(s), " ")
	author, msg, ok := strings.Cut(rest, ": ")
	if _, err := time.Parse("2006-01-02", date); err != nil || !ok || strings.TrimSpace(author) == "" || strings.TrimSpace(msg) == "" {
		return Commit{}, fmt.Errorf("commit line: expected \"-- commit YYYY-MM-DD Author: subject --\", got %q", "commit "+s)
	}
	return Commit{Date: date, Author: strings.TrimSpace(author), Message: strings.TrimSpace(msg)}, nil
}

// LoadExample reads examples/<id>.txtar from a policy source, nil when
// the rule has none.
func LoadExample(src engine.Source, id string) (*Example, error) {
	p := path.Join(ExamplesDir, id+".txtar")
	raw, err := fs.ReadFile(src.FS, p)
	if err != nil {
		return nil, nil
	}
	name := path.Join(src.Name, p)
	ex, err := parseTxtar(string(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	ex.Source = name
	return &ex, nil
}

// RunExample lints the example with the real pipeline, in a temporary
// directory, and stores the rule's findings as lint prints them. packs are
// the --policy arguments the rule needs (none for built-in rules).
func RunExample(ctx context.Context, ex *Example, rule string, packs []string) error {
	dir, err := os.MkdirTemp("", "qmslint-example-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, ".qmslint.yaml")
	if err := os.WriteFile(cfg, nil, 0o644); err != nil {
		return err
	}
	if err := writeFiles(dir, ex.Files); err != nil {
		return fmt.Errorf("%s: %v", ex.Source, err)
	}
	hashes, err := commit(dir, ex.Commits)
	if err != nil {
		return fmt.Errorf("%s: %v", ex.Source, err)
	}
	date, _ := time.Parse("2006-01-02", ex.Date)
	var found []finding.Finding
	var day string
	if ex.Review {
		rv, err := reviewLast(ctx, dir, hashes, lint.Options{ConfigFile: cfg, Date: date, Policies: packs})
		if err != nil {
			return fmt.Errorf("%s: %v", ex.Source, err)
		}
		found, day = rv.Introduced, rv.Date
	} else {
		// Without commits of its own, the example must not pick up the
		// history of a repository that happens to enclose the temporary
		// directory.
		res, err := lint.Run(ctx, lint.Options{Root: dir, ConfigFile: cfg, Date: date, Policies: packs, NoHistory: len(ex.Commits) == 0})
		if err != nil {
			return fmt.Errorf("%s: %v", ex.Source, err)
		}
		found, day = res.Findings, res.Date
	}
	var own []finding.Finding
	ex.Problems = nil
	for _, f := range found {
		switch {
		case f.Rule == rule:
			own = append(own, f)
		case f.Rule == "parse.error" || f.Rule == "parse.skipped" || f.Rule == "schema.invalid":
			ex.Problems = append(ex.Problems, fmt.Sprintf("%s %s %s", render.Location(f), f.Rule, f.Message))
		}
	}
	var b bytes.Buffer
	if err := render.Text(&b, render.Report{Date: day, FailOn: "minor", Findings: own}, render.TextOptions{}); err != nil {
		return err
	}
	ex.Output = shorten(b.String(), rule, len(own), MaxShown)
	return nil
}

// writeFiles writes an example's files under dir. Examples come from
// policy packs, which are untrusted: everything is written through an
// os.Root, so neither a "../" name nor a file placed under an earlier link
// entry ("-- esc -> /home/me --" then "-- esc/x --") can write outside dir.
// Links themselves may point anywhere: that is how the parse.skipped
// example shows a link leaving the repository, which lint never follows.
func writeFiles(dir string, files []File) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, f := range files {
		name := filepath.FromSlash(f.Name)
		if d := filepath.Dir(name); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("example file %s: %w", f.Name, err)
			}
		}
		if f.Link != "" {
			_ = root.Remove(name)
			if err := root.Symlink(f.Link, name); err != nil {
				return fmt.Errorf("example link %s: %w", f.Name, err)
			}
			continue
		}
		if err := root.WriteFile(name, []byte(f.Data), 0o644); err != nil {
			return fmt.Errorf("example file %s: %w", f.Name, err)
		}
	}
	return nil
}

// commit writes each commit's files into dir and records them in a new
// Git repository there. Author and committer time are the commit's day,
// so the hashes, which rules quote, are the same on every run.
func commit(dir string, commits []Commit) ([]plumbing.Hash, error) {
	if len(commits) == 0 {
		return nil, nil
	}
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		return nil, err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	var hashes []plumbing.Hash
	for _, c := range commits {
		if err := writeFiles(dir, c.Files); err != nil {
			return nil, err
		}
		for _, f := range c.Files {
			if _, err := wt.Add(f.Name); err != nil {
				return nil, err
			}
		}
		when, _ := time.Parse("2006-01-02", c.Date)
		sig := &object.Signature{Name: c.Author, Email: strings.ToLower(strings.ReplaceAll(c.Author, " ", ".")) + "@example.com", When: when.Add(12 * time.Hour)}
		h, err := wt.Commit(c.Message, &git.CommitOptions{Author: sig, Committer: sig})
		if err != nil {
			return nil, err
		}
		hashes = append(hashes, h)
	}
	return hashes, nil
}

// reviewLast reviews the last commit against the one before it, named
// origin/main as in a pull request.
func reviewLast(ctx context.Context, dir string, hashes []plumbing.Hash, opts lint.Options) (*review.Review, error) {
	if len(hashes) < 2 {
		return nil, fmt.Errorf("a review rule's example needs two commits at least: the base and the change")
	}
	g, err := git.PlainOpen(dir)
	if err != nil {
		return nil, err
	}
	if err := g.Storer.SetReference(plumbing.NewHashReference(plumbing.NewRemoteReferenceName("origin", "main"), hashes[len(hashes)-2])); err != nil {
		return nil, err
	}
	repo, err := gitrepo.Open(dir)
	if err != nil {
		return nil, err
	}
	return review.Compare(ctx, repo, review.Options{BaseRef: BaseRef, HeadRef: "HEAD", Lint: opts, Policies: opts.Policies})
}

// BaseRef is the base a review rule's example is reviewed against.
const BaseRef = "origin/main"

// shorten keeps the first max of the n finding lines at the top of lint's
// text output and says how many more of the rule's there are; the summary
// below them still counts them all.
func shorten(out, rule string, n, max int) string {
	if n <= max {
		return out
	}
	lines := strings.SplitAfter(out, "\n")
	var b strings.Builder
	seen := 0
	for i, l := range lines {
		if seen == n {
			b.WriteString(strings.Join(lines[i:], ""))
			break
		}
		if strings.TrimSpace(l) == "" {
			if seen < max {
				b.WriteString(l)
			}
			continue
		}
		seen++
		if seen <= max {
			b.WriteString(l)
		}
		if seen == max {
			fmt.Fprintf(&b, "... and %d more %s findings\n", n-max, rule)
		}
	}
	return b.String()
}
