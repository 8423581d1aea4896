package engine

import (
	"strings"
	"testing"
	"testing/fstest"
)

// custom.fix names an edit the language server knows; any other word is a
// metadata error, not a fix silently never offered.
func TestFixMetadata(t *testing.T) {
	compile := func(fix string) (*Engine, error) {
		src := strings.Replace(packRule, "overridable: false", "fix: "+fix, 1)
		return New([]Source{{Name: "p", FS: fstest.MapFS{"r.rego": {Data: []byte(src)}}}})
	}
	eng, err := compile("add-section")
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := eng.Rule("acme.sop-deputy"); r.Fix != "add-section" {
		t.Errorf("Fix = %q, want add-section", r.Fix)
	}
	if _, err := compile("rewrite-everything"); err == nil || !strings.Contains(err.Error(), "custom.fix") {
		t.Errorf("err = %v, want a custom.fix error", err)
	}
}
