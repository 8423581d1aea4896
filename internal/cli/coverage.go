package cli

import (
	"context"
	"github.com/qmslint/qmslint/internal/catalog"
	"time"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/coverage"
	"github.com/qmslint/qmslint/internal/lint"
)

type coverageFlags struct {
	standard string
	format   string
	date     string
	config   string
	claims   bool
	timeout  time.Duration
	cache    cacheFlags
}

func newCoverage(env *IO) *cobra.Command {
	var f coverageFlags
	cmd := &cobra.Command{
		Use:   "coverage [PATH]",
		Short: "Show which documents address each clause of the enabled standards",
		Long: `Print the clause coverage matrix of the QMS under PATH (default: the
current directory) as of --date: every clause of the standards enabled in
.qmslint.yaml (by default ` + defaultNames() + `) with the approved,
effective documents that cite it, the clauses excluded or not applicable
with their justification, and the percentage addressed per standard and
per clause group.

A document cites a clause in its front matter clauses, or in a table or a
list of references of its body ("| ` + exampleMention() + ` Section |",
"` + exampleMention() + ` — Clauses 4.2, 4.3"), unless front_matter_only is set.
Other claims in bodies (prose, files without front matter, documents not
in force) are counted in a separate "claimed" figure; --claims lists
where. See docs/coverage.md.

Exit status: 0 when the matrix was printed, 2 for a usage or configuration
error, 3 for an internal error. Gaps are findings of qmslint lint
(coverage.clause-uncovered), not an exit status here.`,
		Example: `  qmslint coverage qms
  qmslint coverage --standard ` + catalog.Standards()[len(catalog.Standards())-1] + ` --format markdown qms > coverage.md
  qmslint coverage --claims ../opensamd`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := rootArg(args, 0)
			rep, err := runCoverage(cmd.Context(), env, root, f.standard, f.date, f.config, f.timeout, f.cache)
			if err != nil {
				return err
			}
			opts := coverage.RenderOptions{Claims: f.claims, Width: tableWidth(env)}
			switch f.format {
			case "json":
				return coverage.JSON(env.Stdout, rep)
			case "markdown":
				return coverage.Markdown(env.Stdout, rep, opts)
			case "csv":
				return coverage.CSV(env.Stdout, rep)
			}
			return coverage.Text(env.Stdout, rep, opts)
		},
		PreRunE: func(cmd *cobra.Command, args []string) error {
			switch f.format {
			case "text", "json", "markdown", "csv":
				return nil
			}
			return usageError("--format: expected text, json, markdown or csv, got %q", f.format)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.standard, "standard", "", "only this standard: "+prefixes()+" (default: every enabled one)")
	fl.StringVar(&f.format, "format", "text", "output format: text, json, markdown or csv")
	fl.StringVar(&f.date, "date", "", "evaluate as of this day, YYYY-MM-DD (default today)")
	fl.StringVar(&f.config, "config", "", "config file (default: .qmslint.yaml in PATH or a parent up to the Git root)")
	fl.BoolVar(&f.claims, "claims", false, "add a column listing where document bodies claim each clause")
	fl.DurationVar(&f.timeout, "timeout", 0, "bound on policy evaluation (default 30s)")
	f.cache.add(fl)
	return cmd
}

// runCoverage computes the matrix, turning configuration problems into
// usage errors (exit 2).
func runCoverage(ctx context.Context, env *IO, root, standard, date, cfgFile string, timeout time.Duration, c cacheFlags) (*coverage.Report, error) {
	d, err := parseDate(date, env.Now)
	if err != nil {
		return nil, err
	}
	store, err := c.open(env, root)
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	// The matrix reads no history: the run skips the walk of the Git log.
	res, err := lint.Prepare(ctx, lint.Options{Root: root, ConfigFile: cfgFile, Date: d, Standard: standard, Timeout: timeout, NoHistory: true, Cache: store})
	if err != nil {
		return nil, lintError(err)
	}
	rep, err := res.Coverage(ctx)
	if err != nil {
		return nil, lintError(err)
	}
	return rep, nil
}
