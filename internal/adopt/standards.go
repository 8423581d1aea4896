package adopt

import (
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
)

// surveyed are the standards adopt looks for, by clause id prefix: those
// enabled without .qmslint.yaml.
func surveyed() []*catalog.Catalog {
	var out []*catalog.Catalog
	for _, id := range catalog.Defaults() {
		c, _ := catalog.ByStandard(id)
		out = append(out, c)
	}
	return out
}

// shortName is a standard's name without its edition, as a sentence
// names it.
func shortName(c *catalog.Catalog) string { return strings.SplitN(c.Name, ":", 2)[0] }
