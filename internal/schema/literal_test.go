package schema

import (
	"errors"
	"strconv"
	"testing"
)

// hugeText recognises a literal before asking ParseFloat; it must answer
// as ParseFloat alone did for the strings YAML keeps as text: ErrRange on
// a string of digits, points, signs and exponents only.
func TestHugeTextAsParseFloat(t *testing.T) {
	was := func(s string) bool {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				return false
			}
		}
		_, err := strconv.ParseFloat(s, 64)
		return errors.Is(err, strconv.ErrRange)
	}
	for _, s := range []string{"", "1e999999", "-1e999999", "+1E400", "1.5e309", ".5e400", "5.e400", "1e-400", "2026-01-05",
		"1e", "1e+", "e400", ".", "-", "+.e5", "1..2", "1e4e5", "0x1p9999", "1_0e999", "inf", "NaN", "12", "1.7976931348623159e308",
		"179769313486231590000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"} {
		if got, want := hugeText(s), was(s); got != want {
			t.Errorf("hugeText(%q) = %v, ParseFloat says %v", s, got, want)
		}
	}
}

func FuzzHugeText(f *testing.F) {
	for _, s := range []string{"1e999", "2026-01-05", "1.5", "-.5e-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := strconv.ParseFloat(s, 64)
		if decimalLiteral(s) != (err == nil || errors.Is(err, strconv.ErrRange)) && onlyNumberBytes(s) {
			t.Errorf("decimalLiteral(%q) = %v, ParseFloat: %v", s, decimalLiteral(s), err)
		}
	})
}

func onlyNumberBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}
