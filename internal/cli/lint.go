package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/render"
)

type lintFlags struct {
	format string
	failOn string
	runFlags
	strict bool
	git    gitFlags
}

func newLint(env *IO) *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [PATH]",
		Short: "Check a QMS repository and report findings",
		Long: `Lint the QMS under PATH (default: the current directory) as of --date.

Exit status: 0 when no finding is at or above --fail-on, 1 when one is,
2 for a usage or configuration error (unreadable root, invalid config,
policy that does not compile), 3 when qmslint could not finish (an
internal error, or output it could not write).`,
		Example: `  qmslint lint qms
  qmslint lint --date 2026-06-30 --format json .
  qmslint lint --fail-on major --policy company-rules/`,
		Args: f.git.args,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.git.root == "" && f.config == "" {
				var dir string
				dir, _ = qmsRoot(rootArg(args, 0), len(args) == 1)
				args = []string{dir}
			}
			root, err := f.git.scope(args)
			if err != nil {
				return err
			}
			return runLint(cmd.Context(), env, root, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: "+render.NameList())
	fl.StringVar(&f.failOn, "fail-on", "", "lowest severity that fails: major, minor, observation or never (default minor, or fail_on in .qmslint.yaml)")
	f.runFlags.add(fl, "")
	fl.BoolVar(&f.strict, "strict", false, "tracked and waived findings fail the gate too")
	f.git.add(fl)
	return cmd
}

func runLint(ctx context.Context, env *IO, root string, f lintFlags) error {
	format, ok := render.Lookup(f.format)
	if !ok {
		return usageError("--format: expected %s, got %q", render.NameList(), f.format)
	}
	if err := checkFailOn(f.failOn); err != nil {
		return err
	}
	opts, err := f.options(env, root)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	prog := startProgress(env, "linting "+root)
	res, err := f.git.run(ctx, opts)
	prog.Stop()
	if err != nil {
		return lintError(err)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(env.Stderr, "qmslint: note: %s\n", n)
	}
	if res.Repo != nil && len(res.Repo.Files) == 0 {
		return usageError("no QMS document (Markdown or YAML file) under %s: run qmslint init where your QMS documents are, or see docs/adopting.md to start one", root)
	}
	failOn := failOnOf(f.failOn, res.Config.FailOn)
	rep := render.Report{Date: res.Date, FailOn: failOn, Findings: res.Findings, Strict: f.strict, Packs: res.Packs}
	fopts := formatOptions(env, root, res, "qmslint/lint/")
	// What a terminal shows opens from the working directory: text names
	// files from there, and so does Checkstyle, which reviewdog and editors
	// resolve against it. SARIF, GitHub and GitLab keep paths from the Git
	// top, which is what code scanning, annotations and merge requests
	// resolve whatever folder the step ran in (docs/cli.md).
	shown := rep
	if prefix, ok := fromWorkingDir(root); ok {
		switch format.Name {
		case "text":
			shown.Findings = relativeTo(rep.Findings, prefix)
		case "checkstyle":
			fopts.PathPrefix = prefix
		}
	}
	if err := format.Write(env.Stdout, shown, fopts); err != nil {
		return err
	}
	if err := f.git.writeSummary(env, format, rep, fopts); err != nil {
		return err
	}
	for _, fd := range res.Findings {
		if render.Gate(fd, failOn, f.strict) {
			return &exitError{code: ExitFindings}
		}
	}
	return nil
}
