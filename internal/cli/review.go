package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/render"
	"github.com/qmslint/qmslint/internal/review"
)

type reviewFlags struct {
	base, head string
	format     string
	failOn     string
	runFlags
}

func newReview(env *IO) *cobra.Command {
	var f reviewFlags
	cmd := &cobra.Command{
		Use:   "review --base REF [--head REF] [PATH]",
		Short: "Review the change between two commits of a QMS (for pull requests)",
		Long: `Compare the QMS under PATH at --base and --head (default HEAD): which
controlled documents changed, were added or removed; whether each revision
was bumped, approvals renewed and status kept; the clauses and SoA controls
touched; the findings the change introduces, resolves or leaves; and what
else the change makes suspect (documents referring to it, risks it
controls, open CAPAs naming it, SoA controls it implements).

The change.* rules judge the change itself (docs/ci.md). Exit status is 1
when a finding the change introduces is at or above --fail-on.`,
		Example: `  qmslint review --base origin/main qms
  qmslint review --base main --head feature --format json .`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := rootArg(args, 0)
			return runReview(cmd.Context(), env, root, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.base, "base", "", "the revision the change is compared with (required): a branch, tag or commit")
	fl.StringVar(&f.head, "head", "HEAD", "the revision holding the change")
	fl.StringVar(&f.format, "format", "markdown", "output format: markdown, json or sarif")
	fl.StringVar(&f.failOn, "fail-on", "", "lowest severity of an introduced finding that fails: major, minor, observation or never (default minor, or fail_on in .qmslint.yaml)")
	f.runFlags.add(fl, "config file (default: .qmslint.yaml of each revision)")
	return cmd
}

func runReview(ctx context.Context, env *IO, root string, f reviewFlags) error {
	if f.base == "" {
		return usageError("review: --base is required (such as --base origin/main)")
	}
	if f.format != "markdown" && f.format != "json" && f.format != "sarif" {
		return usageError("--format: expected markdown, json or sarif, got %q", f.format)
	}
	if err := checkFailOn(f.failOn); err != nil {
		return err
	}
	opts, err := f.options(env, "")
	if err != nil {
		return err
	}
	// The cache must be outside the repository reviewed, not the
	// working directory's.
	if opts.Cache, err = f.cache.open(env, root); err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	repo, err := gitrepo.Open(root)
	if err != nil {
		return usageError("review: %s", err)
	}
	ahead := opts
	ahead.Root = root
	lint.CompileAhead(ahead)
	rv, err := review.Compare(ctx, repo, review.Options{
		BaseRef: f.base, HeadRef: f.head,
		Lint: opts,
	})
	if err != nil {
		return lintError(err)
	}
	failOn := failOnOf(f.failOn, rv.HeadResult.Config.FailOn)
	switch f.format {
	case "json":
		err = review.JSON(env.Stdout, rv)
	case "sarif":
		rep := render.Report{Date: rv.Date, FailOn: failOn, Findings: rv.Introduced}
		err = render.SARIF(env.Stdout, rep, render.Options{Rules: rv.Rules, Version: version(), PathPrefix: repo.Prefix, Category: "qmslint/review/"})
	default:
		err = review.Markdown(env.Stdout, rv, failOn)
	}
	if err != nil {
		return err
	}
	for _, fd := range rv.Introduced {
		if render.Fails(fd, failOn) {
			return &exitError{code: ExitFindings}
		}
	}
	return nil
}
