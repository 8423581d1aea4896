package tfstate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// values are a resource's attributes with what the state marks sensitive
// beside them: every read goes through get, which refuses a sensitive path,
// so a secret never reaches the register, a finding or a report.
type values struct {
	attrs     map[string]any
	sensitive any // the state's sensitive_values: true where sensitive
}

// get returns the attribute at a dotted path ("settings.0.zone"); ok is
// false when it is absent, null, or the state marks it or anything above
// it sensitive.
func (v values) get(path string) (any, bool) {
	cur, sens, ok := v.node(path)
	// A map or list with a sensitive element inside is not read whole.
	if !ok || hasSensitive(sens) {
		return nil, false
	}
	return cur, true
}

// node returns the attribute at path and the sensitivity marks below it;
// ok is false when it is absent, null or sensitive itself.
func (v values) node(path string) (any, any, bool) {
	var cur any = v.attrs
	sens := v.sensitive
	for _, step := range strings.Split(path, ".") {
		if b, _ := sens.(bool); b {
			return nil, nil, false
		}
		switch c := cur.(type) {
		case map[string]any:
			cur = c[step]
			if s, ok := sens.(map[string]any); ok {
				sens = s[step]
			} else {
				sens = nil
			}
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(c) {
				return nil, nil, false
			}
			cur = c[i]
			if s, ok := sens.([]any); ok && i < len(s) {
				sens = s[i]
			} else {
				sens = nil
			}
		default:
			return nil, nil, false
		}
	}
	if b, _ := sens.(bool); b || cur == nil {
		return nil, nil, false
	}
	return cur, sens, true
}

func hasSensitive(s any) bool {
	switch x := s.(type) {
	case bool:
		return x
	case map[string]any:
		for _, v := range x {
			if hasSensitive(v) {
				return true
			}
		}
	case []any:
		for _, v := range x {
			if hasSensitive(v) {
				return true
			}
		}
	}
	return false
}

// str returns a scalar attribute as text, "" when absent or not scalar.
func (v values) str(path string) string {
	x, ok := v.get(path)
	if !ok {
		return ""
	}
	switch s := x.(type) {
	case string:
		return s
	case float64, bool, int, int64:
		return fmt.Sprint(s)
	}
	return ""
}

func (a Attribute) compile() (*regexp.Regexp, error) {
	if a.Pattern == "" {
		return nil, nil
	}
	return regexp.Compile(a.Pattern)
}

// read returns the location key this attribute gives, "" when it gives
// none (an attribute absent or sensitive, a pattern that does not match).
func (a Attribute) read(v values) string {
	names := a.Attributes
	if a.Attribute != "" {
		names = []string{a.Attribute}
	}
	parts := make([]string, 0, len(names))
	for _, n := range names {
		s := v.str(n)
		if s == "" {
			return ""
		}
		parts = append(parts, s)
	}
	key := strings.Join(parts, a.Join)
	if re, _ := a.compile(); re != nil {
		m := re.FindStringSubmatch(key)
		if len(m) < 2 || m[1] == "" {
			return ""
		}
		key = m[1]
	}
	if a.Lower {
		key = strings.ToLower(key)
	}
	return key
}

// tags returns a resource's tags as a map, the list form split at the
// first separator; sensitive tags are not read.
func (g *Tags) read(v values) map[string]string {
	out := map[string]string{}
	if g == nil {
		return out
	}
	x, sens, ok := v.node(g.Attribute)
	if !ok {
		return out
	}
	switch t := x.(type) {
	case map[string]any:
		marks, _ := sens.(map[string]any)
		for k, val := range t {
			if s, ok := val.(string); ok && !hasSensitive(marks[k]) {
				out[k] = s
			}
		}
	case []any:
		marks, _ := sens.([]any)
		for i, item := range t {
			s, ok := item.(string)
			if !ok || (i < len(marks) && hasSensitive(marks[i])) {
				continue
			}
			if i := strings.IndexAny(s, g.Separators); i > 0 {
				out[s[:i]] = s[i+1:]
			}
		}
	}
	return out
}
