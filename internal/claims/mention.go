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
	if !strings.ContainsAny(line, "0123456789") && !namesRegulation(line) {
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

func namesRegulation(line string) bool {
	u := strings.ToUpper(line)
	for _, w := range []string{"MDR", "IVDR", "MDD", "GDPR", "HIPAA", "CFR", "NIST", "SOC"} {
		if strings.Contains(u, w) {
			return true
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
