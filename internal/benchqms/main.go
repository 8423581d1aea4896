// Command benchqms measures the commands people wait on against the parse
// floor, side by side on one generated corpus (make bench-qms; the figures
// of docs/performance.md). Absolute times on a shared machine drift from
// run to run, so every measurement is repeated round by round, interleaved,
// and the table gives medians and ratios, which hold across runs.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	size := flag.String("docs", "10k", "corpus size in documents: 1k, 10k, 40k or a number")
	runs := flag.Int("runs", 3, "rounds of interleaved measurements (medians of these)")
	date := flag.String("date", "2026-12-31", "the --date of every qmslint command, so runs compare")
	shared := flag.String("shared", "../shared/bench", "folder holding gen-corpus.py and parsefloor/")
	only := flag.String("only", "", "comma-separated beginnings of the names of the measurements to run (default: all); a comma followed by a space is part of a name")
	keep := flag.Bool("keep", false, "keep the temporary folder and print its path")
	compare := flag.String("compare", "", "also measure qmslint built from this Git revision, interleaved (before and after a change)")
	flag.Parse()
	docs, err := parseSize(*size)
	if err == nil && *runs < 1 {
		err = fmt.Errorf("-runs: at least 1, got %d", *runs)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchqms:", err)
		os.Exit(2)
	}
	b := &bench{docs: docs, date: *date, shared: *shared, log: os.Stderr, compare: *compare}
	if *only != "" {
		b.only = splitNames(*only)
	}
	b.tmp, err = os.MkdirTemp("", "benchqms-")
	if err == nil {
		if *keep {
			fmt.Fprintln(os.Stderr, "benchqms: keeping", b.tmp)
		} else {
			defer os.RemoveAll(b.tmp)
		}
		err = b.run(*runs)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchqms:", err)
		if !*keep {
			os.RemoveAll(b.tmp)
		}
		os.Exit(2)
	}
}

// parseSize reads 1k, 10k, 40k or a plain number of documents.
func parseSize(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.ToLower(s), "k"))
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("-docs: expected a size like 1k, 10k or 2500, got %q", s)
	}
	if strings.HasSuffix(strings.ToLower(s), "k") {
		n *= 1000
	}
	return n, nil
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// splitNames splits a list of measurement names at its commas, except
// those followed by a space, which names hold ("lint, Git repository").
func splitNames(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' && (i+1 == len(s) || s[i+1] != ' ') {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
