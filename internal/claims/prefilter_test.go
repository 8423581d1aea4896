package claims

import "testing"

// The substring tests in front of the regular expressions never turn away
// a line the expression would match.
func FuzzPrefilters(f *testing.F) {
	for _, s := range []string{"Clause 7.3", "CLAUSES 4 and 5", "see § 4.2", "(7.5.1)", "( A.5.1 )", "[x](7.md)", "claſe 4", "(\t8.2)", "ISO 13485 EN 60601 MDR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if clauseWordRE.MatchString(line) && !containsFold(line, "clau") {
			t.Errorf("%q: clauseWordRE matches, prefilter says no", line)
		}
		if sectionRE.MatchString(line) && !containsFold(line, "§") {
			t.Errorf("%q: sectionRE matches, prefilter says no", line)
		}
		if parenRE.MatchString(line) && !parenNumber(line) {
			t.Errorf("%q: parenRE matches, prefilter says no", line)
		}
		if otherRE.MatchString(line) && !namesOtherStandard(line) {
			t.Errorf("%q: otherRE matches, prefilter says no", line)
		}
	})
}
