package cli

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/render"
)

type lintFlags struct {
	format   string
	failOn   string
	date     string
	policies []string
	config   string
	timeout  time.Duration
	strict   bool
	git      gitFlags
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
	fl.StringVar(&f.date, "date", "", "evaluate as of this day, YYYY-MM-DD (default today)")
	fl.StringArrayVar(&f.policies, "policy", nil, "extra directory of Rego policies (repeatable)")
	fl.StringVar(&f.config, "config", "", "config file (default: .qmslint.yaml in PATH or a parent up to the Git root)")
	fl.DurationVar(&f.timeout, "timeout", 0, "bound on policy evaluation (default 30s)")
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
	date, err := parseDate(f.date, env.Now)
	if err != nil {
		return usageError("%s", err)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := f.git.run(ctx, lint.Options{Root: root, ConfigFile: f.config, Date: date, Policies: f.policies, Timeout: f.timeout})
	if err != nil {
		var le *lint.Error
		if errors.As(err, &le) {
			return usageError("%s", le.Err)
		}
		return err
	}
	failOn := f.failOn
	if failOn == "" {
		failOn = res.Config.FailOn
	}
	if failOn == "" {
		failOn = "minor"
	}
	rep := render.Report{Date: res.Date, FailOn: failOn, Findings: res.Findings, Strict: f.strict, Packs: res.Packs}
	opts := formatOptions(env, root, res, "qmslint/lint/")
	if err := format.Write(env.Stdout, rep, opts); err != nil {
		return err
	}
	if err := f.git.writeSummary(env, format, rep, opts); err != nil {
		return err
	}
	for _, fd := range res.Findings {
		if render.Gate(fd, failOn, f.strict) {
			return &exitError{code: ExitFindings}
		}
	}
	return nil
}
