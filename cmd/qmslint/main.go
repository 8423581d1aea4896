// Command qmslint lints a QMS/ISMS kept as Markdown and YAML in Git.
package main

import (
	"os"

	"github.com/qmslint/qmslint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
