package schema

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// maxExact is 2^53: above it a float64 no longer holds every whole
// number, and YAML numbers reach qmslint (and Rego) as float64 once they
// overflow int64.
const maxExact = 1 << 53

// hugeNumbers finds numbers no schema type catches: 10^38 passes as an
// "integer" (it is a whole float), and 1e999999 overflows to infinity, so
// the YAML reader keeps it as the text written, which passes as a string.
// Either would reach the rules as a number they cannot compute with (an
// interval of 10^38 months). Each is reported at its field.
func hugeNumbers(v any, tokens []string, report func(tokens []string, msg string)) {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			hugeNumbers(t[k], append(tokens, k), report)
		}
	case []any:
		for i, e := range t {
			hugeNumbers(e, append(tokens, strconv.Itoa(i)), report)
		}
	case float64:
		if math.IsInf(t, 0) || math.IsNaN(t) || math.Abs(t) >= maxExact {
			report(tokens, fmt.Sprintf("%s: %s is too large a number to compute with; write a whole number below 2^53", Path(tokens), strconv.FormatFloat(t, 'g', -1, 64)))
		}
	case string:
		if _, err := strconv.ParseFloat(t, 64); errors.Is(err, strconv.ErrRange) && looksNumeric(t) {
			report(tokens, fmt.Sprintf("%s: %s is a number beyond what can be represented (not a finite number); write a whole number below 2^53", Path(tokens), t))
		}
	}
}

// looksNumeric is true for a plain decimal literal: ParseFloat also reads
// hex floats and underscores, which YAML does not take as numbers.
func looksNumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}
