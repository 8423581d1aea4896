package policydoc

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/internal/trace"
	"github.com/qmslint/qmslint/policies"
	"github.com/qmslint/qmslint/schemas"
)

func builtin(t *testing.T) ([]engine.Source, []engine.Rule) {
	t.Helper()
	src := []engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}}
	eng, err := engine.New(src)
	if err != nil {
		t.Fatal(err)
	}
	return src, eng.Rules()
}

// TestRulesPage fails when docs/rules.md is not what qmslint policy doc
// produces: a rule's metadata, its example or lint's output changed.
func TestRulesPage(t *testing.T) {
	src, rules := builtin(t)
	entries, err := Catalogue(context.Background(), src, rules, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := Markdown(&got, entries); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("docs/rules.md is out of date; regenerate it with\n\t%s", Regenerate)
	}
	if missing := Missing(entries); len(missing) > 0 {
		t.Errorf("%d of %d rules have no example (write policies/examples/<id>.txtar, then regenerate docs/rules.md): %s", len(missing), len(entries), strings.Join(missing, " "))
	}
	for _, e := range entries {
		if e.Example == nil {
			continue
		}
		// The text format names a finding by its id, rule:subject.
		if !strings.Contains(e.Example.Output, " "+e.ID+":") {
			t.Errorf("%s: the example does not make the rule fire; its output is\n%s", e.Example.Source, e.Example.Output)
		}
		if len(e.Example.Problems) > 0 && !strings.HasPrefix(e.ID, "parse.") && e.ID != "schema.invalid" {
			t.Errorf("%s: the example is not a valid repository:\n\t%s", e.Example.Source, strings.Join(e.Example.Problems, "\n\t"))
		}
	}
}

// TestReviewRuleWithoutExample: every rule needs an example, a review
// rule too; a pack's review rule without one is documented with the
// review command rather than a lint example.
func TestReviewRuleWithoutExample(t *testing.T) {
	entries := []Entry{
		{Rule: engine.Rule{ID: "change.revision-not-bumped", Phase: engine.PhaseReview}},
		{Rule: engine.Rule{ID: "waiver.orphaned", Phase: engine.PhaseTrace}},
		{Rule: engine.Rule{ID: "doc.not-approved"}, Example: &Example{}},
	}
	if got := strings.Join(Missing(entries), " "); got != "change.revision-not-bumped waiver.orphaned" {
		t.Errorf("Missing = %q", got)
	}
	var b bytes.Buffer
	if err := Markdown(&b, entries[:1]); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ReviewCommand) || strings.Contains(b.String(), "No example yet") {
		t.Errorf("a review rule's section should give the review command:\n%s", b.String())
	}
}

// TestRunExampleHistory runs an example with commits through lint: the
// rule reading input.history fires, and twice the same hash shows the
// output does not change between runs.
func TestRunExampleHistory(t *testing.T) {
	src := `date: 2026-11-24
-- commit 2026-03-02 Ann Weber: Approve SOP-012 revision 3 --
-- SOP-012.md --
---
id: SOP-012
kind: procedure
title: Change management
revision: 3
status: approved
owner: qa-manager
approvals:
  - {by: Ann Weber, date: 2026-03-02}
---
# Change management

Every change is reviewed.
-- commit 2026-06-15 Ben Adler: Drop the review of small changes --
-- SOP-012.md --
---
id: SOP-012
kind: procedure
title: Change management
revision: 3
status: approved
owner: qa-manager
approvals:
  - {by: Ann Weber, date: 2026-03-02}
---
# Change management

Small changes need no review.
`
	var outs []string
	for range 2 {
		ex, err := parseTxtar(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := RunExample(context.Background(), &ex, "doc.changed-after-approval", nil); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, ex.Output)
	}
	if !strings.Contains(outs[0], "doc.changed-after-approval") || !strings.Contains(outs[0], "Ben Adler") {
		t.Fatalf("the rule did not fire on the history:\n%s", outs[0])
	}
	if outs[0] != outs[1] {
		t.Errorf("two runs differ:\n%s\n%s", outs[0], outs[1])
	}
}

func TestShorten(t *testing.T) {
	out := "a:1 x\na:2 x\n\nb:1 x\nb:2 x\n\nSUMMARY 4\n"
	if got := shorten(out, "x", 4, 5); got != out {
		t.Errorf("under the cap: %q", got)
	}
	want := "a:1 x\na:2 x\n\nb:1 x\n... and 1 more x findings\n\nSUMMARY 4\n"
	if got := shorten(out, "x", 4, 3); got != want {
		t.Errorf("shorten = %q, want %q", got, want)
	}
}

// TestModelPage fails when docs/policy-model.md is not generated from the
// current schema, kind schemas and library.
func TestModelPage(t *testing.T) {
	var got bytes.Buffer
	if err := Model(&got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../docs/policy-model.md")
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("docs/policy-model.md is out of date; regenerate it with\n\t%s", RegenerateModel)
	}
}

// TestInputMatchesSchema validates the input lint builds for real
// repositories against schemas/policy-input.schema.json: a field added to
// policyinput without a line in the schema (and so in the doc) fails here.
func TestInputMatchesSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	raw, err := schemas.FS.ReadFile(InputSchema)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(schemas.BaseURL+InputSchema, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemas.BaseURL + InputSchema)
	if err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{"../../examples/custom-policy/repo", "../cli/testdata/lint/repo", "../../qms"} {
		if _, err := os.Stat(root); err != nil {
			continue
		}
		date := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		res, err := lint.Run(context.Background(), lint.Options{Root: root, Date: date})
		if err != nil {
			t.Fatalf("%s: %v", root, err)
		}
		in := policyinput.Build(res.Repo, policyinput.Options{Date: "2026-11-24", Standards: res.Config.Standards, Params: res.Config.Params})
		in["findings"] = trace.Input(res.Findings)
		// Through JSON, as Rego sees it: typed Go slices become plain lists.
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: the policy input does not match schemas/%s; document the change there and regenerate docs/policy-model.md:\n%v", root, InputSchema, err)
		}
	}
}

func TestParseTxtar(t *testing.T) {
	tests := []struct {
		name, src, note, date string
		files                 []File
		commits               []Commit
		err                   bool
	}{
		{name: "date and files", src: "date: 2026-02-03\nWhy.\n-- a.md --\nx\n-- b/c.yaml --\ny: 1\n", note: "Why.", date: "2026-02-03", files: []File{{Name: "a.md", Data: "x\n"}, {Name: "b/c.yaml", Data: "y: 1\n"}}},
		{name: "default date", src: "-- a.md --\n", date: DefaultDate, files: []File{{Name: "a.md"}}},
		{name: "link", src: "-- a.md -> /home/ann/a.md --\n", date: DefaultDate, files: []File{{Name: "a.md", Link: "/home/ann/a.md"}}},
		{name: "commits", src: "Why.\n-- commit 2026-03-02 Ann Weber: First: draft --\n-- a.md --\nx\n-- commit 2026-04-01 Ben: Second --\n-- a.md --\ny\n", note: "Why.", date: DefaultDate,
			commits: []Commit{{Date: "2026-03-02", Author: "Ann Weber", Message: "First: draft", Files: []File{{Name: "a.md", Data: "x\n"}}}, {Date: "2026-04-01", Author: "Ben", Message: "Second", Files: []File{{Name: "a.md", Data: "y\n"}}}}},
		{name: "bad date", src: "date: soon\n-- a.md --\n", err: true},
		{name: "escapes", src: "-- ../x.md --\n", err: true},
		{name: "link with content", src: "-- a.md -> b.md --\nx\n", err: true},
		{name: "commit without author", src: "-- commit 2026-03-02 first --\n-- a.md --\n", err: true},
		{name: "file before commits", src: "-- a.md --\n-- commit 2026-03-02 Ann: first --\n-- b.md --\n", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := parseTxtar(tt.src)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if tt.err {
				return
			}
			got, _ := json.Marshal([]any{ex.Note, ex.Date, ex.Files, ex.Commits})
			want, _ := json.Marshal([]any{tt.note, tt.date, tt.files, tt.commits})
			if string(got) != string(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestFence(t *testing.T) {
	if got := fence("a ``` b"); got != "````" {
		t.Errorf("fence = %q", got)
	}
	if got := fence("plain"); got != "```" {
		t.Errorf("fence = %q", got)
	}
}
