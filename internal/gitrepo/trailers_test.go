package gitrepo

import (
	"slices"
	"testing"
)

func TestTrailers(t *testing.T) {
	for _, c := range []struct {
		msg  string
		want []string
	}{
		{"Approve SOP-1\n\nApproved-by: Ann Weber <ann@example.com>\napproved-BY:  Cem <cem@example.com> \nSigned-off-by: Ben\n", []string{"Ann Weber <ann@example.com>", "Cem <cem@example.com>"}},
		// Only the last paragraph holds trailers.
		{"Approve SOP-1\n\nApproved-by: in the body\n\nSigned-off-by: Ben\n", nil},
		{"Approved-by: a subject line is no trailer", nil},
		{"Approve\r\n\r\nApproved-by: Ann <ann@example.com>\r\n", []string{"Ann <ann@example.com>"}},
		{"Approve\n\nApproved-by:\n", nil},
	} {
		if got := Trailers(c.msg, "Approved-by"); !slices.Equal(got, c.want) {
			t.Errorf("Trailers(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}
