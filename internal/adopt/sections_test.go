package adopt

import (
	"slices"
	"testing"
)

// init drops from a kind's default sections those most of the company's
// documents of that kind lack, matching headings as the rule does (case
// and numbering aside), and never adds one; a kind whose documents have
// every default section, or that has too few documents, is left alone.
func TestStructures(t *testing.T) {
	doc := func(path, body string) *File {
		return &File{Path: path, Title: "t", src: &source{body: []byte(body)}}
	}
	s := &Survey{Sections: map[string][]string{
		"procedure":        {"Purpose", "Scope", "Responsibilities"},
		"work-instruction": {"Purpose"},
		"form":             {"Instructions"},
	}}
	for i, b := range []string{
		"# A\n## 1. Purpose\n## 2. Process steps\n## Roles and responsibilities\n",
		"# B\n## PURPOSE\n## Process steps\n```\n## Scope\n```\n## Responsibilities\n",
		"# C\n## Purpose and scope\n<!--\n## Scope\n-->\n## Responsibilities\n",
		"# D\n## Purpose\n## Responsibilities\n## Scope\n",
		"# E\n## Purpose\n## Responsibilities\n",
	} {
		s.Files = append(s.Files, doc("sops/sop-"+string(rune('a'+i))+".md", b))
	}
	for i, b := range []string{"# W\n## Purpose\n", "# X\n## Purpose\n", "# Y\n## Purpose\n"} {
		s.Files = append(s.Files, doc("wi/work-instruction-"+string(rune('a'+i))+".md", b))
	}
	s.Files = append(s.Files, doc("forms/form-a.md", "# F\n"))
	got := s.Structures()
	if len(got) != 1 {
		t.Fatalf("structures %+v, want only the procedures' (work instructions fit, one form is too few)", got)
	}
	st := got[0]
	if st.Kind != "procedure" || st.Docs != 5 || !slices.Equal(st.Sections, []string{"Purpose", "Responsibilities"}) || !slices.Equal(st.Dropped, []string{"Scope"}) {
		t.Errorf("procedure structure %+v, want Purpose and Responsibilities kept, Scope (2 of 5) dropped", st)
	}
}
