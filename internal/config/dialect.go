package config

import (
	"errors"
	"fmt"
	"github.com/qmslint/qmslint/internal/catalog"
	"strings"

	"github.com/qmslint/qmslint/internal/dialect"
)

// dialectKeys are the settings of dialect:, in the order messages name them.
var dialectKeys = []string{"header", "fields", "values", "dates", "missing", "clause_standard", "table"}

// parseDialect reads the dialect: section. Every name is checked here, so
// a misspelt field or target is a config error, not a mapping that
// silently never applies.
func parseDialect(v any, known *catalog.Set) (*dialect.Dialect, error) {
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("expected a mapping with " + strings.Join(dialectKeys, ", "))
	}
	d := &dialect.Dialect{Header: dialect.HeaderFenced, Catalogs: known}
	for _, k := range sortedKeys(m) {
		val := m[k]
		var err error
		switch k {
		case "header":
			s, _ := val.(string)
			if s != dialect.HeaderFenced && s != dialect.HeaderOpen {
				return nil, fmt.Errorf("header: expected fenced (--- above and below) or open (no --- above); got %v", val)
			}
			d.Header = s
		case "fields":
			d.Fields, err = targetMap(val, "fields")
		case "table":
			d.Table, err = targetMap(val, "table")
		case "values":
			d.Values, err = valueMaps(val)
		case "dates":
			var list []string
			if list, err = stringList(val); err == nil {
				err = d.SetDates(list)
			}
			if err != nil {
				err = fmt.Errorf("dates: %v", err)
			}
		case "missing":
			if d.Missing, err = stringList(val); err != nil {
				err = fmt.Errorf("missing: %v", err)
			}
		case "clause_standard":
			s, _ := val.(string)
			if c, ok := known.ByStandard(s); !ok || c.Standard != s {
				return nil, fmt.Errorf("clause_standard: expected %s; got %v", orList(known.Standards()), val)
			}
			d.ClauseStandard = s
		default:
			return nil, fmt.Errorf("unknown setting %q; expected %s", k, strings.Join(dialectKeys, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

// targetMap reads {their name: qmslint field}.
func targetMap(v any, section string) (map[string]string, error) {
	m, ok := v.(map[string]any)
	if !ok && v != nil {
		return nil, fmt.Errorf("%s: expected a mapping of your field names to qmslint's (doc_id: id)", section)
	}
	out := make(map[string]string, len(m))
	for _, k := range sortedKeys(m) {
		t, _ := m[k].(string)
		if !dialect.IsTarget(t) {
			return nil, fmt.Errorf("%s.%s: %v is not a qmslint field; expected one of %s", section, k, m[k], strings.Join(dialect.Targets, ", "))
		}
		out[k] = t
	}
	return out, nil
}

// valueMaps reads {qmslint field: {their value: qmslint value}}.
func valueMaps(v any) (map[string]map[string]string, error) {
	m, ok := v.(map[string]any)
	if !ok && v != nil {
		return nil, errors.New("values: expected a mapping of qmslint field to {your value: qmslint value}")
	}
	out := make(map[string]map[string]string, len(m))
	for _, field := range sortedKeys(m) {
		if !dialect.IsTarget(field) {
			return nil, fmt.Errorf("values.%s: not a qmslint field; expected one of %s", field, strings.Join(dialect.Targets, ", "))
		}
		vm, ok := m[field].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("values.%s: expected a mapping of your value to qmslint's (Approved: approved)", field)
		}
		out[field] = make(map[string]string, len(vm))
		for _, from := range sortedKeys(vm) {
			switch to := vm[from].(type) {
			case string:
				out[field][from] = to
			case nil:
				out[field][from] = "" // "not set"
			default:
				return nil, fmt.Errorf("values.%s.%s: expected a text value; got %v", field, from, to)
			}
		}
	}
	return out, nil
}

// orList is "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}
