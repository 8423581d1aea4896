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
// interval of 10^38 months). Each is reported at its field, in key order.
// Almost no file has one: the walk that sorts each mapping's keys to
// report them in order runs only when anyHuge found one.
func hugeNumbers(v any, tokens []string, report func(tokens []string, msg string)) {
	if !anyHuge(v) {
		return
	}
	reportHuge(v, tokens, report)
}

// anyHuge is hugeNumbers' question without its order: no keys sorted,
// no pointer built.
func anyHuge(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for _, e := range t {
			if anyHuge(e) {
				return true
			}
		}
	case []any:
		for _, e := range t {
			if anyHuge(e) {
				return true
			}
		}
	case float64:
		return hugeFloat(t)
	case string:
		return hugeText(t)
	}
	return false
}

func reportHuge(v any, tokens []string, report func(tokens []string, msg string)) {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			reportHuge(t[k], append(tokens, k), report)
		}
	case []any:
		for i, e := range t {
			reportHuge(e, append(tokens, strconv.Itoa(i)), report)
		}
	case float64:
		if hugeFloat(t) {
			report(tokens, fmt.Sprintf("%s: %s is too large a number to compute with; write a whole number below 2^53", Path(tokens), strconv.FormatFloat(t, 'g', -1, 64)))
		}
	case string:
		if hugeText(t) {
			report(tokens, fmt.Sprintf("%s: %s is a number beyond what can be represented (not a finite number); write a whole number below 2^53", Path(tokens), t))
		}
	}
}

func hugeFloat(f float64) bool {
	return math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) >= maxExact
}

// hugeText is true for a decimal literal that overflows a float64. The
// literal is recognised before ParseFloat sees it: most strings (dates
// among them) are no number, and ParseFloat's answer for each would be an
// error allocated to be dropped.
func hugeText(s string) bool {
	if !decimalLiteral(s) {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return errors.Is(err, strconv.ErrRange)
}

// decimalLiteral is true for [+-]digits[.digits][(e|E)[+-]digits], with
// digits on at least one side of the point: the plain decimal literals
// ParseFloat reads (it also reads hex floats, underscores, "inf" and
// "nan", which YAML does not take as numbers written so).
func decimalLiteral(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
