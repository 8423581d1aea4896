package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
)

func newHistory(env *IO) *cobra.Command {
	var format, rev string
	cmd := &cobra.Command{
		Use:   "history DOC-ID [PATH]",
		Short: "Show the commits that changed a document, with its revision before and after",
		Long: `List every commit that changed the controlled document DOC-ID in the QMS
under PATH (default: the current directory), newest first: date, author,
subject line and the revision before → after. A change of content that
kept the revision is marked; doc.changed-after-approval reports it when it
came after the document's last approval. A signed commit is marked
[signed], and a commit's Approved-by: trailers are listed: the evidence
approval.commit-evidence looks for.

The history is read from Git (one walk for all documents); no git binary
is needed.`,
		Example: `  qmslint history SOP-001 qms
  qmslint history RR-ISMS --format json`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := rootArg(args, 1)
			repo, err := gitrepo.Open(root)
			if err != nil {
				return usageError("history: %s", err)
			}
			c, err := repo.Commit(rev)
			if err != nil {
				return usageError("history: %s", err)
			}
			h, err := history.Read(repo, c)
			partial := history.Partial(err)
			if err != nil && !partial {
				return err
			}
			es, ok := h[args[0]]
			if !ok && partial {
				return usageError("history: no commit in this clone changed a document with id %q under %s; %s", args[0], root, err)
			}
			if !ok {
				return usageError("history: no commit reachable from %s changed a document with id %q under %s", rev, args[0], root)
			}
			if partial {
				fmt.Fprintf(env.Stderr, "qmslint: history: %s\n", err)
			}
			if format == "json" {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"id": args[0], "commits": es})
			}
			if format != "text" && format != "markdown" {
				return usageError("--format: expected text, markdown or json, got %q", format)
			}
			return writeHistory(env, args[0], es, format == "markdown")
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, markdown or json")
	cmd.Flags().StringVar(&rev, "rev", "HEAD", "the revision whose history is shown")
	return cmd
}

func writeHistory(env *IO, id string, es []history.Entry, md bool) error {
	w := env.Stdout
	if md {
		fmt.Fprintf(w, "| Date | Commit | Author | Change | Revision | Approval evidence |\n| --- | --- | --- | --- | --- | --- |\n")
	}
	for _, e := range es {
		rev := revisionChange(e)
		if md {
			fmt.Fprintf(w, "| %s | `%.8s` | %s | %s | %s | %s |\n", e.Date, e.Commit, e.Author, e.Message, rev, evidence(e))
			continue
		}
		line := fmt.Sprintf("%s %.8s %-20s %-14s %s", e.Date, e.Commit, e.Author, rev, e.Message)
		if ev := evidence(e); ev != "" {
			line += " [" + ev + "]"
		}
		fmt.Fprintln(w, line)
	}
	if !md {
		fmt.Fprintf(w, "%d commit(s) changed %s.\n", len(es), id)
	}
	return nil
}

func revisionChange(e history.Entry) string {
	switch {
	case e.Added:
		return "added at " + orDash(e.RevisionAfter)
	case e.Removed:
		return "removed at " + orDash(e.RevisionBefore)
	case e.RevisionBefore != e.RevisionAfter:
		return orDash(e.RevisionBefore) + " → " + orDash(e.RevisionAfter)
	case e.ContentChanged:
		return orDash(e.RevisionAfter) + " (content, same revision)"
	}
	return orDash(e.RevisionAfter) + " (control fields)"
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// evidence is what a commit shows of approval: its signature and its
// Approved-by: trailers.
func evidence(e history.Entry) string {
	var parts []string
	if e.Signed {
		parts = append(parts, "signed")
	}
	for _, a := range e.ApprovedBy {
		parts = append(parts, "Approved-by: "+a)
	}
	return strings.Join(parts, "; ")
}
