// Command qmslint lints a QMS/ISMS kept as Markdown and YAML in Git.
package main

import (
	"os"
	"time"

	"github.com/qmslint/qmslint/internal/cli"
	"github.com/qmslint/qmslint/internal/heapfloor"
	"github.com/qmslint/qmslint/internal/lint"
)

func main() {
	if os.Getenv("GOGC") == "" {
		heapfloor.Start(lint.HeapFloor, lint.GCPercent)
	}
	// Rego's time functions accept the zone "Local": pin it to UTC so a
	// policy's output cannot depend on (or reveal) the machine's TZ. Today's
	// date, the default --date, is still the local one.
	local := time.Local
	time.Local = time.UTC
	now := func() time.Time { return time.Now().In(local) }
	os.Exit(cli.Run(os.Args[1:], cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Now: now, Getenv: os.Getenv}))
}
