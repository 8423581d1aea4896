package config

import (
	"strings"
	"testing"
)

func TestDialectParsed(t *testing.T) {
	src := `dialect:
  header: open
  fields: {doc_id: id, version: revision, doc_type: kind, next_review: review.last}
  values:
    kind: {Procedure: procedure, Index: ~}
    status: {Draft: draft}
  dates: [DD.MM.YYYY, M/D/YYYY]
  missing: [TBD]
  clause_standard: ISO27001
  table: {Document number: id}
`
	c, err := Parse([]byte(src), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := c.Dialect
	if d == nil || d.Header != "open" || d.Fields["doc_type"] != "kind" || d.Values["kind"]["Index"] != "" ||
		d.Values["status"]["Draft"] != "draft" || len(d.Dates) != 2 || d.Missing[0] != "TBD" || d.Table["Document number"] != "id" {
		t.Errorf("dialect = %+v", d)
	}
}

func TestDialectErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown key", "dialect:\n  feilds: {doc_id: id}\n", `c.yaml:1: dialect: unknown setting "feilds"; expected header, fields`},
		{"unknown target", "dialect:\n  fields: {doc_id: identifier}\n", `dialect: fields.doc_id: identifier is not a qmslint field`},
		{"values of unknown field", "dialect:\n  values: {state: {A: b}}\n", `dialect: values.state: not a qmslint field`},
		{"bad date", "dialect:\n  dates: [DD.MM]\n", `dialect: dates: date format "DD.MM" has no year`},
		{"bad header", "dialect:\n  header: none\n", `dialect: header: expected fenced`},
		{"bad clause standard", "dialect:\n  clause_standard: SOC2\n", `dialect: clause_standard: expected IEC62304, ISO13485 or ISO27001`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src), "c.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
