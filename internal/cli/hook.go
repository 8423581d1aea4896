package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/render"
	"github.com/qmslint/qmslint/internal/review"
	"github.com/qmslint/qmslint/internal/safepath"
)

// gitFlags are the lint flags that scope a run by Git: what is staged,
// what is new since a baseline, which files a hook was given.
type gitFlags struct {
	staged   bool
	newSince string
	root     string
	only     []string
	summary  string
}

func (g *gitFlags) add(fl *pflag.FlagSet) {
	fl.BoolVar(&g.staged, "staged", false, "lint the index (what the next commit records), judge the change against HEAD with review's change rules, and report only findings the staged change introduces or that sit on staged files")
	fl.StringVar(&g.newSince, "new-since", "", "report only findings whose id does not exist at this Git revision (a baseline such as origin/main or a tag)")
	fl.StringVar(&g.root, "root", "", "the QMS root; the arguments are then files to report on (for pre-commit, which passes file names)")
	fl.StringArrayVar(&g.only, "only", nil, "report only findings on this file (repeatable); the whole repository is still linted, so cross-document rules work")
	fl.StringVar(&g.summary, "summary", "", "also write a Markdown summary of the findings to this file (appended; default for --format github: $GITHUB_STEP_SUMMARY when set)")
}

// args: PATH, or with --root any number of files.
func (g *gitFlags) args(cmd *cobra.Command, args []string) error {
	if g.root != "" {
		return nil
	}
	return cobra.MaximumNArgs(1)(cmd, args)
}

// scope returns the root and turns --only and --root's file arguments
// into paths relative to the root, as findings name them.
func (g *gitFlags) scope(args []string) (string, error) {
	root := "."
	files := g.only
	switch {
	case g.root != "":
		root = g.root
		files = append(append([]string{}, files...), args...)
	case len(args) == 1:
		root = args[0]
	}
	if g.staged && g.newSince != "" {
		return "", usageError("--staged and --new-since: choose one (the staged change is compared with HEAD)")
	}
	absRoot, err := realAbs(root)
	if err != nil {
		return "", usageError("%s", err)
	}
	g.only = nil
	for _, f := range files {
		abs, err := realAbs(f)
		if err != nil {
			return "", usageError("%s", err)
		}
		rel, err := filepath.Rel(absRoot, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			// Outside the QMS root: no finding can be on it.
			continue
		}
		g.only = append(g.only, filepath.ToSlash(rel))
	}
	if len(files) > 0 && len(g.only) == 0 {
		// Every file given is outside the root: report nothing, but
		// still lint so a broken configuration is noticed.
		g.only = []string{"\x00none"}
	}
	return root, nil
}

func realAbs(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	// A deleted file (pre-commit passes staged deletions) has no real
	// path; resolve its directory instead.
	if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(r, filepath.Base(abs)), nil
	}
	return abs, nil
}

// run lints as the flags say.
func (g *gitFlags) run(ctx context.Context, opts lint.Options) (*lint.Result, error) {
	opts.Only = g.only
	if g.staged || g.newSince != "" {
		lint.CompileAhead(opts)
	}
	switch {
	case g.staged:
		return lintStaged(ctx, opts)
	case g.newSince != "":
		return lintNewSince(ctx, opts, g.newSince)
	}
	return lint.Run(ctx, opts)
}

func openRepo(root, flag string) (*gitrepo.Repo, error) {
	repo, err := gitrepo.Open(root)
	if err != nil {
		return nil, &lint.Error{Err: fmt.Errorf("%s needs a Git repository: %w", flag, err)}
	}
	return repo, nil
}

// lintStaged lints the index and HEAD side by side and keeps what the
// staged change introduces or touches.
func lintStaged(ctx context.Context, opts lint.Options) (*lint.Result, error) {
	repo, err := openRepo(opts.Root, "--staged")
	if err != nil {
		return nil, err
	}
	index, err := repo.IndexBlobs()
	if err != nil {
		return nil, &lint.Error{Err: err}
	}
	headFiles := gitrepo.Blobs{}
	var hist map[string]any
	var histErr error
	var readHist sync.Once
	headSide := review.Side{Ref: "HEAD"}
	var notes []string
	var histID string
	head, err := repo.Commit("HEAD")
	if err == nil {
		headSide.Commit, headSide.Date = head.Hash.String(), head.Author.When.UTC().Format("2006-01-02")
		if headFiles, err = repo.TreeBlobs(head); err != nil {
			return nil, err
		}
		histID = repo.Prefix + "\x00" + head.Hash.String()
	}
	// Both sides are linted with HEAD's history, read once, and only
	// when a side is not taken from the cache.
	// The side that asks first knows the versions it parsed; any side's
	// parse gives a blob's id and revision as Ident reads them.
	readHistory := func(known func() history.Known) (map[string]any, error) {
		readHist.Do(func() {
			if head == nil {
				return
			}
			in, err := lint.SideHistory(opts.Cache, repo, head, known)
			if history.Partial(err) {
				notes = append(notes, "document history: "+err.Error())
			} else if err != nil {
				histErr = err
				return
			}
			hist = in
		})
		return hist, histErr
	}
	changed := repo.StagedChanges(headFiles, index)
	noBetween := func() (history.History, error) { return history.History{}, nil }
	p, err := review.ComparePair(ctx, repo,
		review.GitSide{Side: headSide, Files: headFiles, HistoryID: histID, History: readHistory},
		review.GitSide{Side: review.Side{Ref: "the index", Date: opts.Date.Format("2006-01-02")}, Files: index, HistoryID: histID, History: readHistory},
		noBetween, opts)
	if err != nil {
		return nil, err
	}
	if p.HeadErr != nil {
		return nil, p.HeadErr
	}
	staged, base := p.Head, p.Base
	findings := staged.Findings
	if p.BaseErr != nil {
		// HEAD may not lint (a broken configuration fixed in this very
		// commit): then everything staged counts as new, and there is no
		// approved version to compare with.
		base = &lint.Result{}
	} else {
		// The change rules (change.revision-not-bumped and the others)
		// judge the index against HEAD as review judges a pull request,
		// so an edit to an approved document without a new revision is
		// stopped before the commit, not after it.
		rv := p.Review
		findings = append(rv.Introduced, rv.Left...)
		if len(opts.Only) > 0 {
			findings = slices.DeleteFunc(findings, func(f finding.Finding) bool { return !slices.Contains(opts.Only, f.File) })
		}
		finding.Sort(findings)
	}
	staged.Findings = review.Touched(findings, review.IDs(base.Findings), changed)
	staged.Root = opts.Root
	staged.Notes = append(notes, staged.Notes...)
	return staged, nil
}

// lintNewSince lints the work tree and the baseline revision and keeps
// the findings the baseline does not have.
func lintNewSince(ctx context.Context, opts lint.Options, rev string) (*lint.Result, error) {
	repo, err := openRepo(opts.Root, "--new-since")
	if err != nil {
		return nil, err
	}
	opts = review.Shared(opts)
	c, err := repo.Commit(rev)
	if err != nil {
		return nil, &lint.Error{Err: fmt.Errorf("--new-since: %w", err)}
	}
	waitBase := baseline(func(o lint.Options) (*lint.Result, error) {
		return review.LintCommit(ctx, repo, c, o)
	}, opts)
	res, err := lint.Run(ctx, opts)
	base, baseErr := waitBase()
	if err != nil {
		return nil, err
	}
	if baseErr != nil {
		return nil, &lint.Error{Err: fmt.Errorf("--new-since %s: the baseline does not lint: %w", rev, baseErr)}
	}
	res.Findings = review.NewSince(res.Findings, review.IDs(base.Findings))
	return res, nil
}

// baseline lints the baseline revision on its own goroutine while the
// caller lints the change, and returns a function that waits for it. The
// baseline ignores --only: a finding is new only if the whole baseline
// lacks it. A panic there becomes an error, as cli.Run's recover guards
// only its own goroutine.
func baseline(lintRev func(lint.Options) (*lint.Result, error), opts lint.Options) func() (*lint.Result, error) {
	var (
		res  *lint.Result
		err  error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error while linting the baseline: %v", r)
			}
		}()
		o := opts
		o.Only = nil
		res, err = lintRev(o)
	}()
	return func() (*lint.Result, error) {
		<-done
		return res, err
	}
}

// writeSummary writes the Markdown summary to --summary, or for the
// github format to $GITHUB_STEP_SUMMARY when the runner sets it.
func (g *gitFlags) writeSummary(env *IO, format render.Format, rep render.Report, opts render.Options) error {
	path := g.summary
	if path == "" && format.Name == "github" {
		path = env.Getenv("GITHUB_STEP_SUMMARY")
	}
	if path == "" {
		return nil
	}
	var b bytes.Buffer
	if err := render.GitHubSummary(&b, rep, opts); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return usageError("--summary: %s", err)
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// formatOptions are the render options of a run over root.
func formatOptions(env *IO, root string, res *lint.Result, category string) render.Options {
	o := render.Options{Rules: res.Rules, Version: version(), Category: category}
	o.Color = isTerminal(env.Stdout) && env.Getenv("NO_COLOR") == ""
	if repo, err := gitrepo.Open(root); err == nil {
		o.PathPrefix = repo.Prefix
	}
	return o
}

// hookScript is the pre-commit hook qmslint installs; the marker line
// tells its own hook from a foreign one.
const hookMarker = "# installed by qmslint hook install"

// hookScript runs qmslint from PATH, else the binary that installed the
// hook, on the QMS root (relative to the top, where Git runs hooks).
func hookScript(root, exe string) string {
	return `#!/bin/sh
` + hookMarker + `
# Lints what is staged; git commit --no-verify skips it in an emergency.
qmslint=$(command -v qmslint || echo ` + shellQuote(exe) + `)
exec "$qmslint" lint --staged ` + shellQuote(root) + `
`
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func newHook(env *IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hook",
		Short: "Install qmslint as a Git pre-commit hook",
	}
	var force bool
	install := &cobra.Command{
		Use:   "install [PATH]",
		Short: "Write .git/hooks/pre-commit to run qmslint lint --staged",
		Long: `Write .git/hooks/pre-commit of the repository holding PATH (default: the
current directory) so that every commit runs qmslint lint --staged. When
core.hooksPath is set, the hook goes there instead, as long as that is
inside the repository.

A hook qmslint installed is rewritten; any other hook, or a symbolic link
in its place, is left alone unless --force replaces it. Nothing is ever
written outside the repository. The hook runs qmslint from PATH. With the pre-commit
framework, use .pre-commit-hooks.yaml instead (docs/ci.md).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := rootArg(args, 0)
			return installHook(env, root, force)
		},
	}
	install.Flags().BoolVar(&force, "force", false, "replace a pre-commit hook qmslint did not install")
	cmd.AddCommand(install)
	return cmd
}

func installHook(env *IO, root string, force bool) error {
	repo, err := gitrepo.Open(root)
	if err != nil {
		return usageError("hook install: %s", err)
	}
	dir, err := hooksDir(repo)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "pre-commit")
	// The hook is written where Git will look for it, inside the
	// repository: a link (dangling or not) there is followed only with
	// --force, and never out of the repository.
	if _, err := safepath.Within(repo.Top, path); err != nil {
		return usageError("hook install: %s resolves outside the repository %s (%v); qmslint writes a hook only inside it", path, repo.Top, err)
	}
	if safepath.IsLink(path) && !force {
		return usageError("hook install: %s is a symbolic link; replace it yourself, or write through it with --force", path)
	}
	old, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return usageError("hook install: %s", err)
	case !bytes.Contains(old, []byte(hookMarker)) && !force:
		return usageError("hook install: %s exists and was not installed by qmslint; add qmslint lint --staged to it yourself, or replace it with --force", path)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageError("hook install: %s", err)
	}
	exe, _ := os.Executable()
	root = strings.TrimSuffix(repo.Prefix, "/")
	if root == "" {
		root = "."
	}
	if err := os.WriteFile(path, []byte(hookScript(root, exe)), 0o755); err != nil {
		return usageError("hook install: %s", err)
	}
	// WriteFile keeps the mode of an existing file.
	if err := os.Chmod(path, 0o755); err != nil {
		return usageError("hook install: %s", err)
	}
	fmt.Fprintf(env.Stdout, "installed %s\n", path)
	return nil
}

// hooksDir is where Git runs this repository's hooks: core.hooksPath
// (relative to the work tree, as Git reads it) when set, else .git/hooks.
// A hooks path outside the repository is shared with other repositories
// or the whole machine; qmslint does not write there.
func hooksDir(repo *gitrepo.Repo) (string, error) {
	hp, err := repo.HooksPath()
	if err != nil {
		return "", usageError("hook install: reading the Git configuration: %s", err)
	}
	if hp == "" {
		if fi, err := os.Lstat(filepath.Join(repo.Top, ".git")); err != nil || !fi.IsDir() {
			return "", usageError("hook install: %s/.git is not a directory (a worktree or submodule); install the hook in the main repository", repo.Top)
		}
		return filepath.Join(repo.Top, ".git", "hooks"), nil
	}
	dir := hp
	if home, err := os.UserHomeDir(); err == nil && strings.HasPrefix(hp, "~/") {
		dir = filepath.Join(home, hp[2:])
	} else if !filepath.IsAbs(hp) {
		dir = filepath.Join(repo.Top, hp)
	}
	if _, err := safepath.Within(repo.Top, dir); err != nil {
		return "", usageError("hook install: core.hooksPath is %q, outside the repository; add qmslint lint --staged to the pre-commit hook there yourself", hp)
	}
	return dir, nil
}
