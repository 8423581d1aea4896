package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/policydoc"
	"github.com/qmslint/qmslint/internal/policytest"
	"github.com/qmslint/qmslint/internal/scaffold"
	"github.com/qmslint/qmslint/policies"
)

func newPolicy(env *IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Write, test and document Rego rules and policy packs",
		Long: `Tools for rule authors: run Rego unit tests under lint's restricted
capabilities (test), validate rule metadata (check), scaffold a new rule
(new) and render the rule catalogue (doc). docs/writing-rules.md walks
through writing a rule.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPolicyTest(env), newPolicyCheck(env), newPolicyNew(env), newPolicyDoc(env))
	return cmd
}

// builtinSource is the embedded rule tree.
func builtinSource() engine.Source {
	return engine.Source{Name: "policies", FS: policies.FS, Builtin: true}
}

// packSources opens the packs at dirs. Unless they bring their own copy of
// the rule library (qmslint's own policies/ tree does), the built-in tree
// is added as support, with tests hidden when withTests, so packs can
// import data.qmslint.lib and the catalogs and collisions with built-in
// rule ids are seen.
func packSources(dirs []string, withTests bool) (packs, support []engine.Source, err error) {
	if len(dirs) == 0 {
		return []engine.Source{builtinSource()}, nil, nil
	}
	for _, d := range dirs {
		src, err := engine.OpenPack(d, "")
		if err != nil {
			return nil, nil, err
		}
		packs = append(packs, src)
	}
	own, err := policytest.DefinesLibrary(packs)
	if err != nil {
		return nil, nil, err
	}
	if own {
		return packs, nil, nil
	}
	fsys := policies.FS
	if withTests {
		stripped, err := policytest.WithoutTests(policies.FS)
		if err != nil {
			return nil, nil, err
		}
		return packs, []engine.Source{{Name: policytest.SupportName, FS: stripped, Builtin: true}}, nil
	}
	return packs, []engine.Source{{Name: policytest.SupportName, FS: fsys, Builtin: true}}, nil
}

type policyTestFlags struct {
	coverage  bool
	threshold float64
	format    string
	run       string
	verbose   bool
}

func newPolicyTest(env *IO) *cobra.Command {
	var f policyTestFlags
	cmd := &cobra.Command{
		Use:   "test [DIR]...",
		Short: "Run Rego unit tests under lint's restricted capabilities",
		Long: `Run the test_ rules of the _test.rego files in each DIR (default: the
built-in rules) in-process, with the capabilities lint uses: a rule that
calls http.send or opa.runtime fails here, not in a user's CI.

Packs are tested next to the built-in rule library (data.qmslint.lib) and
clause catalogs, as lint runs them.

Exit status: 0 when every test passes, 1 when one fails or coverage is
below --threshold, 2 for a usage error or a policy that does not compile.`,
		Example: `  qmslint policy test
  qmslint policy test --coverage policies
  qmslint policy test --threshold 90 policies
  qmslint policy test --run deputy company-rules/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPolicyTest(cmd.Context(), env, args, f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.coverage, "coverage", false, "report the share of rule lines the tests evaluate, per file")
	fl.Float64Var(&f.threshold, "threshold", 0, "fail when less than this percentage of rule lines is covered (implies --coverage)")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.StringVar(&f.run, "run", "", "run only tests whose name matches this regular expression")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "print passing tests too")
	return cmd
}

func runPolicyTest(ctx context.Context, env *IO, dirs []string, f policyTestFlags) error {
	if f.format != "text" && f.format != "json" {
		return usageError("--format: expected text or json, got %q", f.format)
	}
	if f.run != "" {
		if _, err := regexp.Compile(f.run); err != nil {
			return usageError("--run: %v", err)
		}
	}
	if f.threshold < 0 || f.threshold > 100 {
		return usageError("--threshold: expected a percentage from 0 to 100, got %v", f.threshold)
	}
	if f.threshold > 0 {
		f.coverage = true
	}
	if ctx == nil {
		ctx = context.Background()
	}
	packs, support, err := packSources(dirs, true)
	if err != nil {
		return usageError("%s", err)
	}
	rep, err := policytest.Run(ctx, packs, policytest.Options{Coverage: f.coverage, Filter: f.run, Support: support})
	if err != nil {
		return usageError("policies do not compile:\n%s", err)
	}
	if f.format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		writeTestReport(env.Stdout, rep, f.verbose)
	}
	if rep.Failed > 0 {
		return &exitError{code: ExitFindings}
	}
	if rep.Passed == 0 {
		return usageError("no tests found in %s; tests are rules named test_... in files ending in _test.rego", strings.Join(dirsOrBuiltin(dirs), ", "))
	}
	if f.threshold > 0 && rep.Coverage != nil && *rep.Coverage < f.threshold {
		fmt.Fprintf(env.Stderr, "qmslint: rule line coverage %.1f%% is below --threshold %.1f%%; the files above list the lines no test reaches\n", *rep.Coverage, f.threshold)
		return &exitError{code: ExitFindings}
	}
	return nil
}

func dirsOrBuiltin(dirs []string) []string {
	if len(dirs) == 0 {
		return []string{"the built-in rules"}
	}
	return dirs
}

// writeTestReport prints like opa test: failures with their file:line and
// output, passes under -v, then one summary line CI logs can grep.
func writeTestReport(w io.Writer, rep *policytest.Report, verbose bool) {
	for _, r := range rep.Results {
		if r.Pass && !verbose {
			continue
		}
		status := "PASS"
		if !r.Pass {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s %s:%d %s.%s\n", status, r.File, r.Line, r.Package, r.Name)
		if !r.Pass {
			if r.Error != "" {
				fmt.Fprintf(w, "    error: %s\n", r.Error)
			}
			for _, line := range strings.Split(strings.TrimRight(r.Output, "\n"), "\n") {
				if line != "" {
					fmt.Fprintf(w, "    %s\n", line)
				}
			}
		}
	}
	if rep.Coverage != nil {
		files := make([]string, 0, len(rep.Files))
		for f := range rep.Files {
			files = append(files, f)
		}
		sort.Strings(files)
		fmt.Fprintln(w, "Coverage of rule lines:")
		for _, f := range files {
			fmt.Fprintf(w, "  %5.1f%% %s", rep.Files[f], f)
			if lines := rep.NotCovered[f]; len(lines) > 0 {
				fmt.Fprintf(w, " (not covered: %s)", lineList(lines))
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed", rep.Passed, rep.Failed)
	if rep.Coverage != nil {
		fmt.Fprintf(w, ", %.1f%% of rule lines covered", *rep.Coverage)
	}
	fmt.Fprintln(w)
}

func newPolicyCheck(env *IO) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check DIR...",
		Short: "Compile policies under lint's capabilities and validate rule metadata",
		Long: `Compile the Rego in each DIR (a directory or an OPA bundle .tar.gz) with the
restricted capabilities lint uses, next to the built-in rule library, and
validate every rule's METADATA: title, custom.id (area.name), severity
(major, minor or observation), clauses known to the clause catalogs, a
description, no id used twice or by a built-in rule, and a _test.rego
beside each rule. Problems are printed as file:line: message.

Exit status: 0 when all is well, 1 when a problem is found, 2 for a usage
error.`,
		Example: `  qmslint policy check company-rules/
  qmslint policy check packs/acme.tar.gz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("--format: expected text or json, got %q", format)
			}
			packs, support, err := packSources(args, false)
			if err != nil {
				return usageError("%s", err)
			}
			rules, problems := engine.Check(append(support, packs...))
			own := 0
			for _, r := range rules {
				if !r.Builtin || len(support) == 0 {
					own++
				}
			}
			if format == "json" {
				out := struct {
					Rules    int              `json:"rules"`
					Problems []engine.Problem `json:"problems"`
				}{own, problems}
				if out.Problems == nil {
					out.Problems = []engine.Problem{}
				}
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
			} else {
				for _, p := range problems {
					fmt.Fprintln(env.Stdout, p)
				}
				fmt.Fprintf(env.Stdout, "%d rules checked, %d problems\n", own, len(problems))
			}
			if len(problems) > 0 {
				return &exitError{code: ExitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newPolicyNew(env *IO) *cobra.Command {
	var o scaffold.Options
	var dir string
	var force bool
	cmd := &cobra.Command{
		Use:   "new ID",
		Short: "Scaffold a rule and its tests",
		Long: `Write DIR/<area>/<name>.rego and <name>_test.rego for the rule ID
(area.name, such as acme.sop-deputy): a METADATA block, a deny body that
follows the built-in conventions and a test with one passing and one
failing case. The scaffold passes qmslint policy test and policy check as
written; change the deny body and the tests to say what your rule needs.
Existing files are never overwritten without --force.`,
		Example: `  qmslint policy new acme.sop-deputy --dir company-rules --severity major --clauses ISO13485:5.5.1`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			paths, err := scaffold.Write(dir, o, force)
			if err != nil {
				return usageError("%s", err)
			}
			for _, p := range paths {
				fmt.Fprintf(env.Stdout, "wrote %s\n", filepath.ToSlash(p))
			}
			fmt.Fprintf(env.Stdout, "next: qmslint policy test %s && qmslint policy check %s\n", filepath.ToSlash(dir), filepath.ToSlash(dir))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dir, "dir", "policies", "directory of the policy pack")
	fl.StringVar(&o.Severity, "severity", "minor", "major, minor or observation")
	fl.StringSliceVar(&o.Clauses, "clauses", nil, "clauses the rule enforces, comma-separated (default ISO13485:4.2.4)")
	fl.StringVar(&o.Title, "title", "", "title (default: from the id)")
	fl.StringVar(&o.HelpURL, "help-url", "", "link to the rule's documentation")
	fl.BoolVar(&force, "force", false, "overwrite existing files")
	return cmd
}

// lineList writes line numbers as ranges: 3-5, 9.
func lineList(lines []int) string {
	sort.Ints(lines)
	var parts []string
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] <= lines[j]+1 {
			j++
		}
		if lines[i] == lines[j] {
			parts = append(parts, fmt.Sprint(lines[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", lines[i], lines[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func newPolicyDoc(env *IO) *cobra.Command {
	var format string
	var modelPage bool
	cmd := &cobra.Command{
		Use:   "doc [DIR]...",
		Short: "Render the rule catalogue (or the policy input model) from metadata",
		Long: `Render the catalogue of the built-in rules (or of the packs in DIR) from each
rule's METADATA, with its example repository (examples/<rule id>.txtar in
the policy tree) and qmslint's real output on it. docs/rules.md is this
command's Markdown output; --model renders docs/policy-model.md instead.`,
		Example: `  qmslint policy doc > docs/rules.md
  qmslint policy doc --model > docs/policy-model.md
  qmslint policy doc --format json company-rules/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "markdown" && format != "json" {
				return usageError("--format: expected markdown or json, got %q", format)
			}
			if modelPage {
				if len(args) > 0 || format != "markdown" {
					return usageError("--model renders the Markdown page of the input model; it takes no DIR or --format")
				}
				return policydoc.Model(env.Stdout)
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			entries, err := catalogue(ctx, args)
			if err != nil {
				return err
			}
			if format == "json" {
				return policydoc.JSON(env.Stdout, entries)
			}
			return policydoc.Markdown(env.Stdout, entries, slashPaths(args)...)
		},
	}
	cmd.Flags().StringVar(&format, "format", "markdown", "output format: markdown or json")
	cmd.Flags().BoolVar(&modelPage, "model", false, "render the policy input model page (docs/policy-model.md)")
	return cmd
}

func slashPaths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = filepath.ToSlash(p)
	}
	return out
}

// catalogue documents the built-in rules, or the rules of the packs in
// dirs, with their examples run through lint.
func catalogue(ctx context.Context, dirs []string) ([]policydoc.Entry, error) {
	packs, support, err := packSources(dirs, false)
	if err != nil {
		return nil, usageError("%s", err)
	}
	sources := append(support, packs...)
	eng, err := lint.Compile(sources)
	if err != nil {
		return nil, usageError("policies do not compile:\n%s", err)
	}
	var rules []engine.Rule
	for _, r := range eng.Rules() {
		if len(dirs) == 0 || !r.Builtin {
			rules = append(rules, r)
		}
	}
	entries, err := policydoc.Catalogue(ctx, sources, rules, dirs)
	if err != nil {
		return nil, usageError("%s", err)
	}
	return entries, nil
}
