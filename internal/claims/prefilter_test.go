package claims

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The expressions the fast paths stand in for, as Extract once ran them.
var (
	mentionRE   = regexp.MustCompile(`(?i)\b(?:(?:DIN|BS|NF|UNE|SS|ÖNORM|SN)\s+)?(EN\s+)?ISO(?:\s*/\s*IEC)?[\s-]*(13485|27001)\b(?:\s*:\s*(\d{4})\b)?`)
	otherRE     = regexp.MustCompile(`(?i)\b(?:ISO|IEC|EN|DIN|BS|ANSI|AAMI|UL)(?:\s*/\s*IEC)?[\s-]*(\d{3,5})(?:-\d+)*\b|\b(?:MDR|IVDR|MDD|GDPR|HIPAA)\b|\b21\s*CFR\b|\bNIST\b|\bSOC\s*2\b`)
	emphasisRE  = regexp.MustCompile("[*_`]+")
	notApplicRE = regexp.MustCompile(`(?i)not\s+applicable|\bn/a\b|\bexclu(?:ded|sions?)\b|does\s+not\s+apply`)
	// parenRE is where a parenthesised clause number can start, which
	// parenthesised reads without it: parenNumber must accept every line
	// it matches.
	parenRE    = regexp.MustCompile(`\(\s*((?:A\.)?\d{1,2}(?:\.\d{1,2}){1,3})\s*\)`)
	listItemRE = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$`)
)

// testMatcher names the two standards mentionRE was written for, as
// their catalogs do.
var (
	testMatcher = NewMatcher([]Standard{
		{ID: "ISO13485", Publishers: []string{"ISO/IEC", "ISO"}, Designation: "13485"},
		{ID: "ISO27001", Publishers: []string{"ISO/IEC", "ISO"}, Designation: "27001"},
	}, nil)
	testMentionRE = regexp.MustCompile(`(?i)\b(?:` + testMatcher.pattern + `)`)
	// otherMatcher has the shapes the two above lack: a designation of
	// letters, a publisher of two words, one without a publisher.
	otherMatcher = NewMatcher([]Standard{
		{ID: "IEC62304", Publishers: []string{"IEC", "EN"}, Designation: "62304"},
		{ID: "ACMEIC", Publishers: []string{"ACME", "Acme Corp"}, Designation: "IC"},
		{ID: "SOLO", Designation: "Solo9"},
	}, nil)
	otherMentionRE = regexp.MustCompile(`(?i)\b(?:` + otherMatcher.pattern + `)`)
)

// spans keeps where each match starts and ends, and where its adoption
// and edition are: what mentions read of a match.
func spans(ms [][]int) [][]int {
	var out [][]int
	for _, m := range ms {
		out = append(out, []int{m[0], m[1], m[2], m[3], m[len(m)-2], m[len(m)-1]})
	}
	return out
}

// The substring tests in front of the regular expressions never turn away
// a line the expression would match.
func FuzzPrefilters(f *testing.F) {
	for _, s := range []string{"Clause 7.3", "CLAUSES 4 and 5", "see § 4.2", "(7.5.1)", "( A.5.1 )", "[x](7.md)", "claſe 4", "(\t8.2)", "ISO 13485 EN 60601 MDR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if clauseWordRE.MatchString(line) && !clauseWords.in(line) {
			t.Errorf("%q: clauseWordRE matches, prefilter says no", line)
		}
		if parenRE.MatchString(line) && !parenNumber(line) {
			t.Errorf("%q: parenRE matches, prefilter says no", line)
		}
		// Words with a long s (ſ) are the known gap: see namesOtherStandard.
		if otherRE.MatchString(line) && !namesOtherStandard(line) && !strings.Contains(line, "ſ") {
			t.Errorf("%q: otherRE matches, prefilter says no", line)
		}
	})
}

// matcherSeeds are lines where a shortcut could part from the regular
// expression it replaces: case folding (ſ is s, K is k under (?i)),
// word boundaries next to non-ASCII and invalid UTF-8, blanks \s does
// not know, emphasis marks inside words.
var matcherSeeds = []string{
	"IEC 62304:2006", "EN 62304", "en iec 62304:2006+A1:2015", "ACME IC 1.1", "acme-ic", "ACME   Corp IC", "acmeIC:2.1", "SOLO9 7.3", "xsolo9", "| ACME IC | 1.1 |",
	"ISO 13485:2016 Section", "| ISO 13485:2016 Section | Document Section |",
	"This procedure also implements ISO/IEC 27001:2022 clause 7.5.3 (A.5.1).",
	"ÖNORM EN ISO 13485:2016", "xÖNORM EN ISO 13485", "öNORM en iso 13485 : 2016", "DIN EN ISO 13485",
	"iſo 13485", "Iſo 27001:2022", "xiſo 13485", "xſoc 2", "ſoc 2", "niſt", "NIST SP 800-53", "soc2", "SOC 2 and soc  2x",
	"_ISO 13485", "ISO 13485ISO 27001", "ISO 13485_x", "ISO-13485", "ISO/ IEC 27001", "ISO / IEC -- 27001 : 20222",
	"ISO 9001-1-2 and IEC/ISO 13485", "IEC 62304:2006 and EN 60601-1", "21 CFR 820 and 21CFR11, 121 CFR", "ANSI/AAMI 1234",
	"\xc5ISO 13485", "\xffISO 9001", "ſ\x80ISO 13485", "\xe2\x80ISO 27001", "é27001 ISO", "K ISO 27001 \u212a", "\xc5\xbfoc 2",
	"MDR, IVDR, MDD, GDPR and HIPAA", "mdr-ivdr", "GDPR2", "UL 2900-1", "BS ISO 13485:2016", "SS-ISO 13485", "UNE EN ISO 27001:2017",
	"- 7.5.5 Particular requirements", "  * 4.2 MB", "+ x", "12. Clause", "1234. no", "1) (a) b", "-no space", "\v- not a blank to regexp",
	"- \xff\xfe", "- a\nb", "- \nb", "1.\n\nx", "1.\t\n", "999) z", "0.x", "-\u00a0x", "\u00a0- x",
	"\f- x", "\r\t 3) y", "- ", "-", "   ", "", "    # code", "   ## heading", "#nospace", "####### seven", " #", "\t# tab",
	"claſe 4", "CLAUSES 4", "Clause\u00a07.3", "( 7.3)", "(\n1.1)", "(\vA.5.1)", "(A.5)", "[x](7.md)",
	"**4.2.4** b)", "_x_ `y` *z*", "a\\*b", "é*_`", "\xff*\xe2*",
	"| a \\| b | c |", "\\\\|x", "|", "||", " | 4.2.4 | 2 | ", "a|b\\",
	"Not Applicable", "N/A", "n/a.", "EXCLUDED", "exclusions", "does  not\tapply", "not appliKable", "excluſions", "İn/a",
	"cannot\napplicable", "xn/a", "n/ax", "n/a_", "é n/a", "_exclusions", "exclusionſ", "excluſionſ x", "exclusionss", "excludedd",
	"doeſ not apply", "DOES NOT APPLYING", "does not not apply", "not not applicable", "nnot applicable", "where applicable, apply",
	"the exclusion is not applicable", "n/n/a", "exclu exclusion", "does notapply", "does\fnot\rapply",
}

// TestMatchers holds each shortcut to the regular expression it stands
// for, on lines chosen to trip them; FuzzMatchers does on any line.
func TestMatchers(t *testing.T) {
	for _, line := range matcherSeeds {
		checkMatchers(t, line)
	}
}

func FuzzMatchers(f *testing.F) {
	for _, s := range matcherSeeds {
		f.Add(s)
	}
	f.Fuzz(checkMatchers)
}

func checkMatchers(t *testing.T, line string) {
	if got, want := slices.Collect(findAll(testMatcher.at, line, testMatcher.mayStart)), testMentionRE.FindAllStringSubmatchIndex(line, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("%q: findAll(at) = %v, the matcher's expression finds %v", line, got, want)
	}
	if got, want := slices.Collect(findAll(otherMatcher.at, line, otherMatcher.mayStart)), otherMentionRE.FindAllStringSubmatchIndex(line, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("%q: findAll(at) of otherMatcher = %v, its expression finds %v", line, got, want)
	}
	if otherMentionRE.MatchString(line) && !otherMatcher.mayName(line) {
		t.Errorf("%q: otherMatcher's expression matches, mayName says no", line)
	}
	if testMentionRE.MatchString(line) && !testMatcher.mayName(line) {
		t.Errorf("%q: the expression matches, mayName says no", line)
	}
	// The matcher built from the catalogs' names finds what the
	// expression written for the two standards before them did.
	if got, want := spans(slices.Collect(findAll(testMatcher.at, line, testMatcher.mayStart))), spans(mentionRE.FindAllStringSubmatchIndex(line, -1)); !reflect.DeepEqual(got, want) {
		t.Errorf("%q: the matcher finds %v, mentionRE %v", line, got, want)
	}
	if got, want := slices.Collect(findAll(otherAtRE, line, mayStartOther)), otherRE.FindAllStringSubmatchIndex(line, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("%q: findAll(otherAtRE) = %v, otherRE finds %v", line, got, want)
	}
	if clauseWordRE.MatchString(line) && !clauseWords.in(line) {
		t.Errorf("%q: clauseWordRE matches, clauseWords says no", line)
	}
	if parenRE.MatchString(line) && !parenNumber(line) {
		t.Errorf("%q: parenRE matches, parenNumber says no", line)
	}
	if headingRE.MatchString(line) && !maybeHeading(line) {
		t.Errorf("%q: headingRE matches, maybeHeading says no", line)
	}
	text, ok := listItemText(line)
	if m := listItemRE.FindStringSubmatch(line); m == nil && ok || m != nil && (!ok || m[1] != text) {
		t.Errorf("%q: listItemText = %q, %v; listItemRE finds %q", line, text, ok, m)
	}
	if got, want := stripEmphasis(line), emphasisRE.ReplaceAllString(line, ""); got != want {
		t.Errorf("%q: stripEmphasis = %q, want %q", line, got, want)
	}
	if got, want := notApplicable(line), notApplicRE.MatchString(line); got != want {
		t.Errorf("%q: notApplicable = %v, notApplicRE says %v", line, got, want)
	}
	if got, want := cells(nil, line), cellsSlow(line); !reflect.DeepEqual(got, want) {
		t.Errorf("%q: cells = %q, want %q", line, got, want)
	}
}

// cellsSlow is cells without the shortcut for rows that escape no pipe:
// every row through the loop that reads escapes.
func cellsSlow(line string) []string {
	return splitEscaped(nil, strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "|"), "|"))
}
