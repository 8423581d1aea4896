package cli

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/coverage"
)

func newSoA(env *IO) *cobra.Command {
	var format, date, cfgFile string
	var timeout time.Duration
	var cache cacheFlags
	cmd := &cobra.Command{
		Use:   "soa [PATH]",
		Short: "Print the Statement of Applicability as an auditor reads it",
		Long: `Print the Statement of Applicability of the ISMS under PATH (default: the
current directory): every ` + soaNames() + ` Annex A control grouped by
theme, whether it applies and why, and the documents that implement it,
each with its revision and status. Controls the SoA does not decide are
marked NOT DECIDED. The rules soa.* in qmslint lint check it.

Exit status: 0 when printed, 2 for a usage or configuration error
(including ` + soaNames() + ` not enabled), 3 for an internal error.`,
		Example: `  qmslint soa qms > soa.md
  qmslint soa --format csv qms`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "markdown" && format != "csv" {
				return usageError("--format: expected markdown or csv, got %q", format)
			}
			root := rootArg(args, 0)
			rep, err := runCoverage(cmd.Context(), env, root, "", date, cfgFile, timeout, cache)
			if err != nil {
				return err
			}
			s, err := coverage.BuildSoA(rep)
			if errors.Is(err, coverage.ErrNoSoA) {
				return usageError("%s", err)
			}
			if err != nil {
				return err
			}
			if format == "csv" {
				return s.CSV(env.Stdout)
			}
			return s.Markdown(env.Stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "markdown", "output format: markdown or csv")
	fl.StringVar(&date, "date", "", "evaluate as of this day, YYYY-MM-DD (default today)")
	fl.StringVar(&cfgFile, "config", "", "config file (default: discovered from PATH)")
	fl.DurationVar(&timeout, "timeout", 0, "bound on policy evaluation (default 30s)")
	cache.add(fl)
	return cmd
}
