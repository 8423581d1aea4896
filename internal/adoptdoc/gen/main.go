// Command gen prints docs/adopting.md (make docs). Without the corpus
// beside the repository it says so on stderr and prints nothing, and make
// keeps the page as it is.
package main

import (
	"fmt"
	"os"

	"github.com/qmslint/qmslint/internal/adoptdoc"
)

func main() {
	corpus := adoptdoc.Corpus
	if len(os.Args) > 1 {
		corpus = os.Args[1]
	}
	if _, err := os.Stat(corpus); err != nil {
		fmt.Fprintf(os.Stderr, "adoptdoc: %v; docs/adopting.md left as it is\n", err)
		os.Exit(2)
	}
	page, err := adoptdoc.Page(corpus)
	if err != nil {
		fmt.Fprintf(os.Stderr, "adoptdoc: %v\n", err)
		os.Exit(1)
	}
	fmt.Print(page)
}
