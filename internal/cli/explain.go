package cli

import (
	"context"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/policydoc"
	"github.com/qmslint/qmslint/internal/termtable"
)

func newExplain(env *IO) *cobra.Command {
	var cfgFile string
	var policies []string
	var format string
	cmd := &cobra.Command{
		Use:   "explain RULE",
		Short: "Print one rule's documentation, parameters and example",
		Long: `Print what a rule checks and why, its severity, clauses, parameters with
their defaults, help link, and its example with qmslint's output on it.
Rules of the packs in .qmslint.yaml and --policy are found too.`,
		Example: `  qmslint explain doc.review-overdue`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "markdown" {
				return usageError("--format: expected text or markdown, got %q", format)
			}
			cfg, sources, eng, err := compileFor(".", cfgFile, policies)
			if err != nil {
				return err
			}
			r, ok := eng.Rule(args[0])
			if !ok {
				return usageError("unknown rule %q%s (qmslint rules lists them)", args[0], suggest(args[0], eng.Rules()))
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			var packs []string
			if !r.Builtin {
				for _, ref := range cfg.PolicyRefs() {
					packs = append(packs, ref.Path)
				}
				packs = append(packs, policies...)
			}
			entries, err := policydoc.Catalogue(ctx, sources, []engine.Rule{r}, packs)
			if err != nil {
				return usageError("%s", err)
			}
			if format == "markdown" {
				return policydoc.Explain(env.Stdout, entries[0])
			}
			var md strings.Builder
			if err := policydoc.Explain(&md, entries[0]); err != nil {
				return err
			}
			_, err = io.WriteString(env.Stdout, termtable.Markdown(md.String(), tableWidth(env)))
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or markdown (as in docs/rules.md)")
	cmd.Flags().StringVar(&cfgFile, "config", "", "config file (default: discovered from the current directory)")
	cmd.Flags().StringArrayVar(&policies, "policy", nil, "extra policy pack: directory or OPA bundle .tar.gz (repeatable)")
	return cmd
}

// suggest names rules whose id shares the area or contains the name given,
// for a mistyped id.
func suggest(id string, rules []engine.Rule) string {
	var near []string
	area, name, _ := strings.Cut(id, ".")
	for _, r := range rules {
		ra, rn, _ := strings.Cut(r.ID, ".")
		if (name != "" && strings.Contains(rn, name)) || (name == "" && strings.Contains(r.ID, id)) || (ra == area && strings.HasPrefix(rn, name[:min(3, len(name))])) {
			near = append(near, r.ID)
		}
	}
	sort.Strings(near)
	if len(near) == 0 || len(near) > 5 {
		return ""
	}
	return "; did you mean " + strings.Join(near, " or ") + "?"
}
