package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/report"
	"github.com/qmslint/qmslint/internal/review"
)

type reportFlags struct {
	format string
	out    string
	since  string
	runFlags
}

func newReport(env *IO) *cobra.Command {
	var f reportFlags
	cmd := &cobra.Command{
		Use:   "report [PATH]",
		Short: "Write the internal-audit report: one self-contained HTML file, Markdown, JSON or PDF",
		Long: `Write the audit report of the QMS under PATH (default: the current
directory) as of --date: cover (organisation, scope, standards, commit,
qmslint version, hash of the inputs), summary with the key risks, clause
coverage and Statement of Applicability, findings by clause with their CAPA
trace, CAPA board, document register, risk heat maps and infrastructure.

The HTML is one file with its CSS and charts inside: no script, no network
access, prints to PDF with a page per section. --format pdf prints it with
a headless Chromium (chromium, chromium-browser or google-chrome on PATH);
nothing else needs a browser. --since REF adds the findings new, resolved
and still open since that Git commit. See docs/report.md.

The same repository, date and version give a byte-identical HTML, Markdown
and JSON report.

Exit status: 0 when the report was written (findings do not change it;
qmslint lint is the gate), 2 for a usage or configuration error or when
--format pdf finds no browser, 3 for an internal error.`,
		Example: `  qmslint report qms --out audit-2026-11.html
  qmslint report --date 2026-11-24 --format markdown qms > audit.md
  qmslint report --since v2026.1 --format pdf --out audit.pdf qms`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := rootArg(args, 0)
			return runReport(cmd.Context(), env, root, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "html", "output format: html, markdown, json or pdf")
	fl.StringVar(&f.out, "out", "", "write to this file (default: standard output)")
	fl.StringVar(&f.since, "since", "", "compare with the findings at this Git commit, branch or tag")
	f.runFlags.add(fl, "")
	return cmd
}

func runReport(ctx context.Context, env *IO, root string, f reportFlags) error {
	switch f.format {
	case "html", "markdown", "json", "pdf":
	default:
		return usageError("--format: expected html, markdown, json or pdf, got %q", f.format)
	}
	opts, err := f.options(env, root)
	if err != nil {
		return err
	}
	// The report shows approvals' commit evidence from the history,
	// whichever rules are enabled.
	opts.KeepHistory = true
	opts.Coverage = true
	var browser string
	if f.format == "pdf" {
		// Checked first, so nobody waits for a lint run to learn this.
		if browser, err = report.FindBrowser(); err != nil {
			return usageError("%s", err)
		}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	prog := startProgress(env, "linting "+root)
	defer prog.Stop()
	res, err := lint.Run(ctx, opts)
	if err != nil {
		return lintError(err)
	}
	prog.Set("computing clause coverage")
	in := report.Input{Lint: &res.Outcome, Version: version()}
	cov, err := res.Coverage(ctx)
	if err != nil {
		return lintError(err)
	}
	in.Coverage = cov
	prog.Set("reading the Git history")
	in.Commit, in.Since, err = gitState(ctx, res, f.since, opts)
	if err != nil {
		return err
	}
	rep := report.Build(in)

	var buf bytes.Buffer
	switch f.format {
	case "json":
		err = report.JSON(&buf, rep)
	case "markdown":
		err = report.Markdown(&buf, rep)
	case "html":
		err = report.HTML(&buf, rep)
	case "pdf":
		var html bytes.Buffer
		if err = report.HTML(&html, rep); err == nil {
			prog.Set("printing the PDF with " + filepath.Base(browser))
			err = report.PDF(ctx, browser, html.Bytes(), report.PageHead{Organisation: rep.Cover.Organisation, Date: rep.Cover.Date}, &buf)
		}
	}
	if err != nil {
		return err
	}
	prog.Stop()
	return write(env.Stdout, f.out, buf.Bytes())
}

// write puts the report in file, or on w when file is "".
func write(w io.Writer, file string, b []byte) error {
	if file == "" || file == "-" {
		_, err := w.Write(b)
		return err
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		return usageError("--out: %v", err)
	}
	return nil
}

// gitState reads the commit of root ("+changes" when a file read differs
// from it) and, with --since, lints the repository as it was at that
// commit, as of the same date and with the same options.
func gitState(ctx context.Context, res *lint.Result, since string, opts lint.Options) (string, *report.Since, error) {
	repo, err := gitrepo.Open(res.Root)
	if err != nil {
		if since != "" {
			return "", nil, usageError("--since %s: %v", since, err)
		}
		// Outside Git the cover says so; the inputs hash still names them.
		return "", nil, nil
	}
	commit := ""
	if head, err := repo.Commit("HEAD"); err == nil {
		commit = head.Hash.String()
		if diff, err := repo.Differs(head, res.Root, readSums(res)); err == nil && diff {
			commit += "+changes"
		}
	}
	if since == "" {
		return commit, nil, nil
	}
	c, err := repo.Commit(since)
	if err != nil {
		return "", nil, usageError("--since: %v", err)
	}
	files, err := repo.TreeBlobs(c)
	if err != nil {
		return "", nil, err
	}
	// Linted without its history, as a copy of the commit outside Git
	// was; its Markdown and YAML files read from their blobs, only those
	// the cache does not know. Only its findings are compared: its
	// coverage matrix is not computed.
	opts.Coverage = false
	old, err := review.Snapshot(ctx, repo, files, nil, opts)
	if err != nil {
		return "", nil, usageError("--since %s: the repository at that commit does not lint: %v", since, lintError(err))
	}
	return commit, &report.Since{Ref: since, Commit: c.Hash.String(), Findings: old.Findings}, nil
}

// readSums are the SHA-256 of the files the run read, by path.
func readSums(res *lint.Result) map[string]string {
	sums := map[string]string{}
	for _, f := range res.Repo.Files {
		if f.SHA256 != "" {
			sums[f.Path] = f.SHA256
		}
	}
	return sums
}
