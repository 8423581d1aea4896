package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/termtable"
)

func newRules(env *IO) *cobra.Command {
	var format, cfgFile string
	var policies []string
	cmd := &cobra.Command{
		Use:   "rules [PATH]",
		Short: "List every rule with its severity, clauses and title",
		Long: `List the rules in force for the repository at PATH (default: the current
directory): the built-in rules plus any policies from .qmslint.yaml and
--policy, with severities as re-graded there and the clauses of the
standards it is assessed against.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := rootArg(args, 0)
			cfg, _, eng, err := compileFor(root, cfgFile, policies)
			if err != nil {
				return err
			}
			rules := lint.RulesInForce(eng.Rules(), cfg, cfg.Standards)
			switch format {
			case "json":
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rules)
			case "text":
				t := termtable.Table{Header: []string{"Rule", "Severity", "Clauses", "Title"}, Wrap: []int{2, 3}, Words: []int{2}}
				for _, r := range rules {
					id := r.ID
					if cfg.Rules[r.ID].Disabled {
						id += " (disabled)"
					}
					t.Rows = append(t.Rows, []string{id, r.Severity, strings.Join(r.Clauses, " "), r.Title})
				}
				if err := t.Render(env.Stdout, tableWidth(env)); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%d rules. qmslint explain RULE shows one in full.\n", len(rules))
				return nil
			}
			return usageError("--format: expected text or json, got %q", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&cfgFile, "config", "", "config file (default: discovered from PATH)")
	cmd.Flags().StringArrayVar(&policies, "policy", nil, "extra directory of Rego policies (repeatable)")
	return cmd
}

func newVersion(env *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print qmslint's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(env.Stdout, "qmslint %s\n", version())
			return err
		},
	}
}
