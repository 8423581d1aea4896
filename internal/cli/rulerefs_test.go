package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ruleRef is what a rule id looks like in prose: area.name with at least
// one hyphen (doc.review-overdue, infra.backup-shares-building), which
// file names and Rego references (lib.ids, data.json) do not have.
var ruleRef = regexp.MustCompile(`\b([a-z][a-z0-9]*)\.([a-z0-9]+(?:-[a-z0-9]+)+)\b`)

// exampleAreas are the areas of made-up rules in docs about writing your
// own (acme.sop-deputy): not built-in, on purpose.
var exampleAreas = []string{"acme", "company", "example"}

// notRules are dotted names the docs give that are not rules: the id of
// the VS Code extension docs/editors.md installs.
var notRules = []string{"zsol.vscode-glspc"}

// Every rule id that help or the documentation names must exist: an
// example naming a rule that does not (res.backup-untested in capa new's
// help) sends a user to copy an id lint will never print.
func TestRuleIDsInHelpAndDocsExist(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, id := range builtinRules(t) {
		known[id] = true
	}
	texts := map[string]string{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		var b strings.Builder
		b.WriteString(c.Short + "\n" + c.Long + "\n" + c.Example + "\n")
		c.Flags().VisitAll(func(f *pflag.Flag) { b.WriteString(f.Usage + "\n") })
		texts["qmslint "+c.CommandPath()+" --help"] = b.String()
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	env := IO{}
	walk(newRoot(&env))
	docs, _ := filepath.Glob("../../docs/*.md")
	for _, p := range append(docs, "../../README.md") {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.ToSlash(strings.TrimPrefix(p, "../../"))] = string(b)
	}
	if len(texts) < 10 {
		t.Fatalf("read only %d texts", len(texts))
	}
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	checked := 0
	for _, n := range names {
		for _, m := range ruleRef.FindAllStringSubmatch(texts[n], -1) {
			if slices.Contains(exampleAreas, m[1]) || slices.Contains(notRules, m[0]) {
				continue
			}
			checked++
			if !known[m[0]] {
				t.Errorf("%s names rule %s, which does not exist", n, m[0])
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d rule ids found in help and docs; is the pattern still right?", checked)
	}
}
