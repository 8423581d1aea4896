package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/policies"
)

// A policy directory must not read through links: a data.yaml linked to a
// credentials file would otherwise put its secrets into findings.
func TestPolicySymlinkRejected(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.yaml")
	if err := os.WriteFile(outside, []byte("token: ghp_SECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "data.yaml")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	_, err := New([]Source{{Name: "pack", FS: os.DirFS(dir)}})
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("symlinked data file: err = %v, want a refusal", err)
	}
}

// Rule areas stay whole, areas that use a common library share a query,
// the largest group comes first, and the split does not depend on the
// order rules arrive in.
func TestGroup(t *testing.T) {
	var rules []Rule
	for _, id := range []string{"doc.a", "doc.b", "doc.c", "infra.a", "infra.b", "cov.a", "cov.b", "soa.a", "risk.a"} {
		rules = append(rules, Rule{ID: id, Package: "data.qmslint.rules." + strings.ReplaceAll(id, ".", "_")})
	}
	libs := map[string][]string{
		"data.qmslint.rules.cov_a": {"data.qmslint.lib.coverage"},
		"data.qmslint.rules.soa_a": {"data.qmslint.lib.coverage"},
	}
	ids := func(groups [][]Rule) [][]string {
		var out [][]string
		for _, g := range groups {
			var ids []string
			for _, r := range g {
				ids = append(ids, r.ID)
			}
			sort.Strings(ids)
			out = append(out, ids)
		}
		return out
	}
	want := [][]string{{"cov.a", "cov.b", "soa.a"}, {"doc.a", "doc.b", "doc.c"}, {"infra.a", "infra.b"}, {"risk.a"}}
	if got := ids(group(rules, libs)); !reflect.DeepEqual(got, want) {
		t.Errorf("group = %v, want %v", got, want)
	}
	reversed := slices.Clone(rules)
	slices.Reverse(reversed)
	if got := ids(group(reversed, libs)); !reflect.DeepEqual(got, want) {
		t.Errorf("rules in reverse order: group = %v, want %v", got, want)
	}
	if got := group(nil, libs); got != nil {
		t.Errorf("no rules: %v", got)
	}

	// A large area without a library of its own is split into chunks of
	// at most maxChunk rules; a library's group, however small, goes first.
	var many []Rule
	for i := range maxChunk + 2 {
		id := fmt.Sprintf("infra.r%02d", i)
		many = append(many, Rule{ID: id, Package: "data.qmslint.rules.infra.r" + fmt.Sprint(i)})
	}
	many = append(many, rules[5:7]...) // cov.a, cov.b
	groups := ids(group(many, libs))
	if len(groups) != 3 || !reflect.DeepEqual(groups[0], []string{"cov.a", "cov.b"}) {
		t.Fatalf("groups = %v, want cov.a and cov.b first, then the infra rules in two", groups)
	}
	if n1, n2 := len(groups[1]), len(groups[2]); n1+n2 != maxChunk+2 || n1 > maxChunk || n2 > maxChunk {
		t.Errorf("infra chunks of %d and %d rules, want %d in all, at most %d each", n1, n2, maxChunk+2, maxChunk)
	}
}

// The built-in rules that share the coverage library are evaluated in one
// query, and no library package is mistaken for a rule.
func TestLibrariesOfBuiltinRules(t *testing.T) {
	e, err := New([]Source{{Name: "policies", FS: policies.FS, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	libs := e.libraries()
	if got := libs["data.qmslint.rules.soa.control_missing"]; !slices.Contains(got, "data.qmslint.lib.coverage") {
		t.Errorf("soa.control-missing uses %v, want data.qmslint.lib.coverage among them", got)
	}
	for pkg, ls := range libs {
		if slices.Contains(ls, "data.qmslint.lib") {
			t.Errorf("%s: the base library must not join groups: %v", pkg, ls)
		}
	}
	queries := map[int]bool{}
	for i, g := range group(e.Rules(), libs) {
		for _, r := range g {
			if strings.HasPrefix(r.ID, "coverage.") || strings.HasPrefix(r.ID, "soa.") {
				queries[i] = true
			}
		}
	}
	if len(queries) != 1 {
		t.Errorf("coverage and soa rules are split over %d queries", len(queries))
	}
}
