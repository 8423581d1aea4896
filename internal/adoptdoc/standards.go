package adoptdoc

import (
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
)

// firstStandard is the clause id prefix of the first standard enabled by
// default, the one the page's coverage example shows.
func firstStandard() string {
	c, _ := catalog.ByStandard(catalog.Defaults()[0])
	return c.Standard
}

// defaultNames is "A and\nB", the standards enabled by default, named
// without their editions as the page's prose does, where the page's
// lines break.
func defaultNames() string {
	var names []string
	for _, id := range catalog.Defaults() {
		c, _ := catalog.ByStandard(id)
		names = append(names, strings.SplitN(c.Name, ":", 2)[0])
	}
	return strings.Join(names, " and\n")
}
