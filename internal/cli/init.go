package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/adopt"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/safepath"
)

func newInit(env *IO) *cobra.Command {
	var force, dryRun bool
	cmd := &cobra.Command{
		Use:   "init [PATH]",
		Short: "Write a .qmslint.yaml for an existing QMS",
		Long: `Read the QMS under PATH (default: the current directory) and write
PATH/.qmslint.yaml for it: the standards its documents name, the files
that are not controlled documents, the mapping of its own front matter to
qmslint's fields, and whether its clause claims are made per section.
Every choice is commented in the file. The documents are not changed.

An existing configuration is never replaced without --force; --dry-run
prints the configuration instead of writing it.

Exit status: 0 when written (or printed), 2 for a usage error (a
configuration already there, an unreadable PATH), 3 for an internal error.`,
		Example: `  qmslint init
  qmslint init --dry-run qms`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := rootArg(args, 0)
			target := filepath.Join(root, config.FileNames[0])
			if !dryRun && !force {
				for _, name := range config.FileNames {
					p := filepath.Join(root, name)
					if _, err := os.Lstat(p); err == nil {
						return usageError("%s exists; --force replaces it, --dry-run prints what init would write", p)
					}
				}
			}
			s, err := adopt.Scan(root)
			if err != nil {
				return usageError("%s", err)
			}
			if s.Sections, err = defaultSections(); err != nil {
				return err
			}
			text := s.Config()
			if dryRun {
				s.Summary(env.Stderr)
				_, err := env.Stdout.Write(text)
				return err
			}
			// The config is written where its name resolves, and never
			// through a link (a dangling one would create its target
			// wherever it points), even with --force.
			if safepath.IsLink(target) {
				return usageError("%s is a symbolic link; init does not write through links (remove it, then run init again)", target)
			}
			if _, err := safepath.Within(root, target); err != nil {
				return usageError("%s: %s", target, err)
			}
			if err := os.WriteFile(target, text, 0o644); err != nil {
				var pe *fs.PathError
				if errors.As(err, &pe) {
					err = pe.Err
				}
				return usageError("cannot write %s: %s", target, err)
			}
			s.Summary(env.Stdout)
			fmt.Fprintf(env.Stdout, "wrote %s; next: qmslint lint %s\n", target, root)
			fmt.Fprintf(env.Stdout, "to move the documents to qmslint's own front matter: qmslint import %s (shows the change), then --write\n", root)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing .qmslint.yaml")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the configuration instead of writing it")
	return cmd
}

// defaultSections reads the sections each kind needs from the built-in
// rule's metadata, the one place they are written.
func defaultSections() (map[string][]string, error) {
	sources, err := lint.Sources(config.Default(), nil)
	if err != nil {
		return nil, err
	}
	rules, problems := engine.Check(sources)
	if len(problems) > 0 {
		return nil, fmt.Errorf("built-in rules: %s", problems[0].Msg)
	}
	out := map[string][]string{}
	for _, r := range rules {
		if r.ID != "doc.required-section-missing" {
			continue
		}
		byKind, _ := r.Params["sections"].(map[string]any)
		for kind, v := range byKind {
			list, _ := v.([]any)
			for _, s := range list {
				if name, ok := s.(string); ok {
					out[kind] = append(out[kind], name)
				}
			}
		}
	}
	return out, nil
}
