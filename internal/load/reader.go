package load

import (
	"sync"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/claims"
	"github.com/qmslint/qmslint/internal/dialect"
)

// reader is how files are read: the company's front matter dialect and
// the standards whose claims bodies are read for.
type reader struct {
	dialect *dialect.Dialect
	claims  *claims.Matcher
	cache   Cache
}

var (
	defaultMatcherOnce sync.Once
	defaultMatcher     *claims.Matcher
)

// ClaimMatcher finds the mentions of the standards ids (catalog ids or
// clause id prefixes) as their catalogs name them; nil means the
// standards enabled without .qmslint.yaml.
func ClaimMatcher(ids []string) *claims.Matcher {
	if ids == nil {
		defaultMatcherOnce.Do(func() { defaultMatcher = ClaimMatcher(catalog.Defaults()) })
		return defaultMatcher
	}
	var stds []claims.Standard
	for _, id := range ids {
		if c, ok := catalog.ByStandard(id); ok {
			stds = append(stds, claims.Standard{ID: c.Standard, Publishers: c.Names.Publishers, Designation: c.Names.Designation})
		}
	}
	return claims.NewMatcher(stds, catalog.Known)
}
