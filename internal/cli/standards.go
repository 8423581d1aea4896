package cli

import (
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
)

// Help texts name the standards as the catalogs do, so that a standard
// added as data shows in them without a change here.

// defaultNames is "A and B": the standards enabled without .qmslint.yaml.
func defaultNames() string { return joinAnd(names(catalog.Defaults())) }

func names(ids []string) []string {
	var out []string
	for _, id := range ids {
		if c, ok := catalog.ByStandard(id); ok {
			out = append(out, c.Name)
		}
	}
	return out
}

// soaNames names the standards whose annex a Statement of Applicability
// decides.
func soaNames() string {
	var out []string
	for _, c := range catalog.All() {
		if c.SoA != nil {
			out = append(out, c.Name)
		}
	}
	return joinAnd(out)
}

// prefixes is "A or B": the clause id prefixes --standard accepts.
func prefixes() string {
	var out []string
	for _, c := range catalog.All() {
		out = append(out, c.Standard)
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " or " + out[len(out)-1]
}

func joinAnd(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// exampleMention is how a table header names the first default standard
// ("ISO 13485:2016 Section").
func exampleMention() string {
	for _, id := range catalog.Defaults() {
		c, _ := catalog.ByStandard(id)
		return c.Name
	}
	return "the standard"
}
