package claims

import (
	"regexp"
	"strings"
)

var (
	// ISO 13485, ISO/IEC 27001:2022, EN ISO 13485:2012, ISO13485:2016.
	mentionRE = regexp.MustCompile(`(?i)\b(?:(?:DIN|BS|NF|UNE|SS|ÖNORM|SN)\s+)?(EN\s+)?ISO(?:\s*/\s*IEC)?[\s-]*(13485|27001)\b(?:\s*:\s*(\d{4})\b)?`)
	// Any other standard or regulation: numbers near it are its own.
	otherRE = regexp.MustCompile(`(?i)\b(?:ISO|IEC|EN|DIN|BS|ANSI|AAMI|UL)(?:\s*/\s*IEC)?[\s-]*(\d{3,5})(?:-\d+)*\b|\b(?:MDR|IVDR|MDD|GDPR|HIPAA)\b|\b21\s*CFR\b|\bNIST\b|\bSOC\s*2\b`)
)

// mention is a place in a line that names a standard: one of ours
// (Standard set) or another one, which ends the context of ours.
type mention struct {
	start, end int
	Standard   string // ISO13485, ISO27001; "" for another standard
	Edition    string
	Adoption   string
	Text       string
}

func (m mention) ours() bool { return m.Standard != "" }

// mentions lists the standards a line names, in order.
func mentions(line string) []mention {
	var out []mention
	var ours [][]int
	// Substring tests before the regular expressions: each alternative of
	// mentionRE needs one of our numbers, each of otherRE a digit or one of
	// the named regulations.
	if strings.Contains(line, "13485") || strings.Contains(line, "27001") {
		ours = mentionRE.FindAllStringSubmatchIndex(line, -1)
	}
	if !namesOtherStandard(line) && len(ours) == 0 {
		return out
	}
	for _, ix := range ours {
		m := mention{start: ix[0], end: ix[1], Standard: "ISO" + line[ix[4]:ix[5]], Text: strings.TrimSpace(line[ix[0]:ix[1]])}
		if ix[2] >= 0 {
			m.Adoption = "EN"
		}
		if ix[6] >= 0 {
			m.Edition = line[ix[6]:ix[7]]
		}
		out = append(out, m)
	}
	for _, ix := range otherRE.FindAllStringSubmatchIndex(line, -1) {
		if ix[2] >= 0 {
			if n := line[ix[2]:ix[3]]; n == "13485" || n == "27001" {
				continue
			}
		}
		overlap := false
		for _, o := range ours {
			if ix[0] < o[1] && o[0] < ix[1] {
				overlap = true
			}
		}
		if !overlap {
			out = append(out, mention{start: ix[0], end: ix[1], Text: line[ix[0]:ix[1]]})
		}
	}
	sortMentions(out)
	return out
}

// otherWords are the words every alternative of otherRE starts with.
var otherWords = map[string]bool{
	"ISO": true, "IEC": true, "EN": true, "DIN": true, "BS": true, "ANSI": true, "AAMI": true, "UL": true,
	"MDR": true, "IVDR": true, "MDD": true, "GDPR": true, "HIPAA": true, "CFR": true, "NIST": true, "SOC": true,
}

// namesOtherStandard reports whether line has a word otherRE could start
// at, case-insensitively. It accepts more than the regular expression
// (it is a filter in front of it), at the cost of one pass over the line.
func namesOtherStandard(line string) bool {
	start := -1
	var word [5]byte // upper-cased here: the lookup then allocates nothing
	for i := 0; i <= len(line); i++ {
		letter := i < len(line) && (line[i]|0x20 >= 'a' && line[i]|0x20 <= 'z')
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			if n := i - start; n >= 2 && n <= 5 {
				for k := range n {
					word[k] = line[start+k] &^ 0x20
				}
				if otherWords[string(word[:n])] {
					return true
				}
			}
			start = -1
		}
	}
	return false
}

func sortMentions(ms []mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].start < ms[j-1].start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
