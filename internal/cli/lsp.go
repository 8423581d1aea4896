package cli

import (
	"context"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/lsp"
)

func newLSP(env *IO) *cobra.Command {
	var timeout time.Duration
	var cf cacheFlags
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server for editors (LSP over stdin and stdout)",
		Long: `Run a Language Server Protocol server on stdin and stdout, for an editor
to start: diagnostics of the open document as you type (the whole QMS
evaluated with your unsaved text in place of the file), hover on clause and
document ids, completion of ids, kinds and statuses in front matter,
go-to-definition and quick fixes. The QMS root of a file is the folder of
the nearest .qmslint.yaml above it, else the Git top, else the editor's
workspace folder. Each evaluation uses the cache across runs, as the
commands do (docs/cache.md): after an edit, only what the edit can change
is judged again. See docs/editors.md for Neovim, VS Code and Helix.`,
		Example: `  qmslint lsp`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			now := env.Now
			if now == nil {
				now = time.Now
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			store := func(root string) (*cache.Store, error) { return cf.open(env, root) }
			s := lsp.New(lsp.Pipeline(now, timeout, store), version())
			return s.Serve(ctx, stdio{env.Stdin, env.Stdout})
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 0, "bound on each evaluation of the policies (default 30s)")
	cf.add(cmd.Flags())
	return cmd
}

// stdio is the client's connection: the server ends when the client
// closes stdin; it never closes the process's own streams.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
