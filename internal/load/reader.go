package load

import (
	"sync"
	"time"

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
	// remember is cache when it knows files by their status, and
	// started when the load began (statuses taken since are compared
	// with it: Status.settled).
	remember Remembered
	started  time.Time
}

// Clock gives when a load starts, against which a file's status is
// judged settled (Remembered). A test that writes files and wants them
// taken by their status at once moves it forward; nothing else sets it.
var Clock = time.Now

func newReader(d *dialect.Dialect, m *claims.Matcher, c Cache) reader {
	r := reader{dialect: d, claims: m, cache: c}
	if rc, ok := c.(Remembered); ok && rc.Remembers() {
		r.remember, r.started = rc, Clock()
	}
	return r
}

var (
	defaultMatcherOnce sync.Once
	defaultMatcher     *claims.Matcher
)

// claimMatcher finds the mentions of the standards ids (catalog ids or
// clause id prefixes) as the set's catalogs name them; nil ids means the
// standards enabled without .qmslint.yaml, a nil set the shipped catalogs.
func claimMatcher(set *catalog.Set, ids []string) *claims.Matcher {
	if ids == nil {
		defaultMatcherOnce.Do(func() { defaultMatcher = claimMatcher(nil, catalog.Defaults()) })
		return defaultMatcher
	}
	if set == nil {
		set = catalog.Builtin()
	}
	var stds []claims.Standard
	for _, id := range ids {
		if c, ok := set.ByStandard(id); ok {
			stds = append(stds, claims.Standard{ID: c.Standard, Publishers: c.Names.Publishers, Designation: c.Names.Designation})
		}
	}
	return claims.NewMatcher(stds, set.Known)
}
