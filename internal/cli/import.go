package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/adopt"
	"github.com/qmslint/qmslint/internal/config"
)

func newImport(env *IO) *cobra.Command {
	var write, force bool
	var cfgFile string
	cmd := &cobra.Command{
		Use:   "import [PATH]",
		Short: "Rewrite documents' front matter into qmslint's own format",
		Long: `Write qmslint's front matter into the Markdown documents under PATH
(default: the current directory) from what each document already says: its
own front matter read through the dialect in .qmslint.yaml, a metadata
table at its top, its title, its folder, and the clauses its body claims
in tables, lists and references. A Statement of Applicability kept as a
Markdown table of Annex A controls becomes a kind: soa register beside it.
A document whose id, kind, title or status had to be derived rather than
read is marked status: draft, and the fields it lacks are named.

By default import prints the change as a unified diff and changes nothing;
--write applies it. The body of a document is never changed, and a second
run changes nothing. --write refuses files with uncommitted changes, and
trees outside Git, unless --force.

Exit status: 0 when the diff is printed or written, 2 for a usage error
(including files refused), 3 for an internal error.`,
		Example: `  qmslint import qms | less
  qmslint import --write qms`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := rootArg(args, 0)
			cfg, err := config.Load(root, cfgFile)
			if err != nil {
				return usageError("%s", err)
			}
			imp, err := adopt.Plan(root, cfg)
			if err != nil {
				return usageError("%s", err)
			}
			if !write {
				for _, c := range imp.Changes {
					if err := c.WriteDiff(env.Stdout); err != nil {
						return err
					}
				}
				importReport(env, imp, "would change")
				if len(imp.Changes) > 0 {
					fmt.Fprintf(env.Stderr, "nothing changed; qmslint import --write %s applies it\n", root)
				}
				return nil
			}
			if !force {
				dirty, err := imp.Dirty()
				if errors.Is(err, adopt.ErrNotGit) {
					return usageError("%s is not in a Git repository, so nothing could restore a file import changed; commit it to Git first, or --force", root)
				}
				if err != nil {
					return err
				}
				if len(dirty) > 0 {
					return usageError("refusing to write: %d file(s) have uncommitted changes (%s); commit or stash them, or --force", len(dirty), strings.Join(dirty, ", "))
				}
			}
			if err := imp.Apply(); err != nil {
				return usageError("%s", err)
			}
			importReport(env, imp, "changed")
			return nil
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&write, "write", false, "apply the change instead of printing it")
	fl.BoolVar(&force, "force", false, "write files with uncommitted changes, or outside Git")
	fl.StringVar(&cfgFile, "config", "", configHelp)
	return cmd
}

// report names, on stderr so the diff stays clean on stdout, the drafts
// and what each document lacks.
func importReport(env *IO, imp *adopt.Import, verb string) {
	drafts := 0
	for _, c := range imp.Changes {
		if c.Draft {
			drafts++
		}
		switch {
		case c.Note != "":
			fmt.Fprintf(env.Stderr, "%s: %s\n", c.Path, c.Note)
		case len(c.Missing) > 0:
			fmt.Fprintf(env.Stderr, "%s: missing %s\n", c.Path, strings.Join(c.Missing, ", "))
		}
	}
	for _, s := range imp.Skipped {
		fmt.Fprintf(env.Stderr, "%s: skipped: %s\n", s.Path, s.Note)
	}
	fmt.Fprintf(env.Stderr, "%s %d file(s), %d of them marked status: draft\n", verb, len(imp.Changes), drafts)
}
