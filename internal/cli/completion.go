package cli

import (
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/lint"
)

// completions gives the shell completion (qmslint completion bash|zsh|
// fish|powershell) the values of flags and arguments: every --format from
// its own help text, so the two cannot disagree; --fail-on; rule ids for
// explain and finding ids (rule id, then ":") for capa new --finding;
// document ids with a history for history.
func completions(c *cobra.Command) {
	if f := c.Flags().Lookup("format"); f != nil {
		values := helpValues(f.Usage)
		_ = c.RegisterFlagCompletionFunc("format", fixed(values))
	}
	if c.Flags().Lookup("fail-on") != nil {
		_ = c.RegisterFlagCompletionFunc("fail-on", fixed(append(slices.Clone(config.Severities), "never")))
	}
	if c.Flags().Lookup("standard") != nil {
		// Read when completing, not when the command is built: a
		// repository's catalogs: and packs may add a standard.
		_ = c.RegisterFlagCompletionFunc("standard", func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return withPrefix(catalog.Standards(), prefix), cobra.ShellCompDirectiveNoFileComp
		})
	}
	if c.Flags().Lookup("finding") != nil {
		_ = c.RegisterFlagCompletionFunc("finding", func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			// The subject after ":" is the project's; the rule is ours.
			var out []string
			for _, id := range inForce(cmd) {
				out = append(out, id+":")
			}
			return withPrefix(out, prefix), cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
		})
	}
	switch c.Name() {
	case "explain":
		c.ValidArgsFunction = func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return withPrefix(inForce(cmd), prefix), cobra.ShellCompDirectiveNoFileComp
		}
	case "history":
		c.ValidArgsFunction = func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				// PATH: a folder.
				return nil, cobra.ShellCompDirectiveFilterDirs
			}
			return withPrefix(documentIDs("."), prefix), cobra.ShellCompDirectiveNoFileComp
		}
	}
	for _, sub := range c.Commands() {
		completions(sub)
	}
}

func fixed(values []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		return withPrefix(values, prefix), cobra.ShellCompDirectiveNoFileComp
	}
}

// withPrefix keeps the values that start with what was typed: the shells
// filter too, but a list of seventy rule ids is long to hand over.
func withPrefix(values []string, prefix string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// helpValues reads the values out of a flag's help, "output format: text,
// json or markdown", up to the first parenthesis.
func helpValues(usage string) []string {
	_, list, ok := strings.Cut(usage, ": ")
	if !ok {
		return nil
	}
	list, _, _ = strings.Cut(list, " (")
	list = strings.ReplaceAll(list, " or ", ", ")
	var out []string
	for _, v := range strings.Split(list, ", ") {
		if v = strings.TrimSpace(v); v != "" && !strings.Contains(v, " ") {
			out = append(out, v)
		}
	}
	return out
}

// inForce are the ids of the rules in force in the current directory: the
// built-in ones and those of the packs its .qmslint.yaml names (or the
// built-in ones alone when that configuration does not load).
func inForce(cmd *cobra.Command) []string {
	cfgFile := ""
	if f := cmd.Flags().Lookup("config"); f != nil {
		cfgFile = f.Value.String()
	}
	_, _, eng, err := compileFor(".", cfgFile, nil)
	if err != nil {
		if eng, err = lint.BuiltinEngine(); err != nil {
			return nil
		}
	}
	var out []string
	for _, r := range eng.Rules() {
		out = append(out, r.ID)
	}
	return out
}

// documentIDs are the ids of the documents whose history history can
// show: those a commit of the repository at root changed.
func documentIDs(root string) []string {
	repo, err := gitrepo.Open(root)
	if err != nil {
		return nil
	}
	c, err := repo.Commit("HEAD")
	if err != nil {
		return nil
	}
	h, err := history.Read(repo, c)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(h))
	for id := range h {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
