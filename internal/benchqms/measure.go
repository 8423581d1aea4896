package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// sample is one child's wall time and peak resident memory.
type sample struct {
	wall time.Duration
	rss  int64 // bytes
}

// measurement is one row of the table: a command, how to prepare each of
// its runs (an empty or a warm cache), and its samples.
type measurement struct {
	name   string
	dir    string
	args   []string
	okExit []int // exit codes that mean the command did its work
	warm   bool  // run once unmeasured first in the same cache folder
	// cacheOnly marks a row that means something only for a binary with a
	// cache (lint --no-cache).
	cacheOnly bool
	cache     string // XDG_CACHE_HOME for the run; a fresh one per run when cold
	// seedDir, when set, is where the same command runs once unmeasured
	// to fill a cache that each measured run starts from a fresh copy
	// of: a pre-commit hook after the next edit, whose cache knows the
	// previous index and HEAD but not the new change.
	seedDir string
	// session, when set, makes the command a language server (qmslint
	// lsp) that an editor opens this document in and saves an edit of:
	// the time is from the save to its diagnostics (runSession).
	session string
	samples []sample
	err     error
}

// runIn runs the measurement's command in dir with the cache folder.
func (m *measurement) runIn(dir, cache string) (sample, error) {
	if m.session != "" {
		return runSession(dir, cache, m.args, m.session)
	}
	return runChild(dir, cache, m.args, m.okExit)
}

// runChild starts args in dir with a private cache folder and returns its
// wall time and peak RSS. Exit codes outside ok are errors with stderr's tail.
func runChild(dir, cache string, args []string, ok []int) (sample, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return sample{}, err
	}
	code := cmd.ProcessState.ExitCode()
	if !slices.Contains(ok, code) {
		tail := stderr.Bytes()
		if len(tail) > 600 {
			tail = tail[len(tail)-600:]
		}
		return sample{}, fmt.Errorf("%v exited %d: %s", args[1:], code, bytes.TrimSpace(tail))
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) * 1024 // KiB on Linux
	}
	return sample{wall: wall, rss: rss}, nil
}

// median of the samples' times and of their peaks, each on its own.
func median(s []sample) (time.Duration, int64) {
	if len(s) == 0 {
		return 0, 0
	}
	w := make([]time.Duration, len(s))
	r := make([]int64, len(s))
	for i, x := range s {
		w[i], r[i] = x.wall, x.rss
	}
	slices.Sort(w)
	slices.Sort(r)
	if len(s)%2 == 1 {
		return w[len(s)/2], r[len(s)/2]
	}
	return (w[len(s)/2-1] + w[len(s)/2]) / 2, (r[len(s)/2-1] + r[len(s)/2]) / 2
}
