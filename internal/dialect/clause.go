package dialect

import (
	"regexp"
	"strings"
)

// clauseRE reads a clause as companies write it in a front-matter list:
// "ISO 27001:2022 A.5.1", "ISO/IEC 27001 - 8.13", "ISO13485 7.3", "A.5.1".
var clauseRE = regexp.MustCompile(`^(?i:(?:(?:EN\s+)?ISO(?:\s*/\s*IEC)?\s*(13485|27001)(?::\s*\d{4})?\s*[-:–—]?\s*)?)(?:(?i:clause|control)\s+)?((?:A\.)?\d+(?:\.\d+)*)$`)

// clause returns a clause id in qmslint's form when s names one, else s
// as written (an id of another framework, for the schema to report).
func (d *Dialect) clause(s string) string {
	if strings.HasPrefix(s, "ISO13485:") || strings.HasPrefix(s, "ISO27001:") {
		return s
	}
	m := clauseRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	std := d.ClauseStandard
	if m[1] != "" {
		std = "ISO" + m[1]
	}
	if std == "" {
		return s
	}
	return std + ":" + m[2]
}

// IsClause reports whether s reads as a clause of ISO 13485 or ISO/IEC
// 27001 ("ISO27001:A.5.1", "ISO 13485 7.3", "A.5.1"), not as a criterion
// of another framework (SOC 2's CC6.1).
func IsClause(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "ISO13485:") || strings.HasPrefix(s, "ISO27001:") || clauseRE.MatchString(s)
}
