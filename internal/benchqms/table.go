package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
)

// table prints the medians as Markdown, each time as a ratio to the parse
// floor and to the full lint in Git (what users run).
func (b *bench) table(w io.Writer, ms []*measurement, runs int, load string) {
	var floor, full, baseFull time.Duration
	for _, m := range ms {
		t, _ := median(m.samples)
		switch m.name {
		case "parse floor":
			floor = t
		case "lint, Git repository":
			full = t
		case "lint, Git repository @" + b.compare:
			baseFull = t
		}
	}
	fmt.Fprintf(w, "%d documents (%d files, %.0f MB), medians of %d interleaved runs, %d cores, load average %s, --date %s\n\n",
		b.docs, b.files, float64(b.bytes)/1e6, runs, runtime.NumCPU(), load, b.date)
	fmt.Fprintln(w, "| command | time | peak memory | × parse floor | × full lint (same build) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, m := range ms {
		if m.err != nil || len(m.samples) == 0 {
			fmt.Fprintf(w, "| %s | error | | | |\n", m.name)
			continue
		}
		t, rss := median(m.samples)
		ref := full
		if b.compare != "" && strings.HasSuffix(m.name, " @"+b.compare) {
			ref = baseFull // each build against its own full lint
		}
		fmt.Fprintf(w, "| %s | %.2f s | %d MiB | %s | %s |\n", m.name, t.Seconds(), rss>>20, ratio(t, floor), ratio(t, ref))
	}
	if !b.cache {
		fmt.Fprintln(w, "\n(no cache across runs in this binary: `lint --help` has no `--no-cache`, so every run is cold)")
	}
	for _, m := range ms {
		if m.err != nil {
			fmt.Fprintf(w, "\n%s: %s\n", m.name, strings.ReplaceAll(m.err.Error(), "\n", " "))
		}
	}
}

func ratio(t, base time.Duration) string {
	if base == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", t.Seconds()/base.Seconds())
}
