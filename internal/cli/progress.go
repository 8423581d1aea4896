package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress shows, on a terminal's stderr, that work which takes more than
// a second is still going: one line, "qmslint: linting qms … 3s",
// rewritten every second and erased when the work is done. Output that
// is not a terminal (a pipe, a CI log, a test) never gets it, so what
// scripts and golden files read is the same with or without it.
type progress struct {
	stop  chan struct{}
	done  sync.WaitGroup
	mu    sync.Mutex
	label string
	once  sync.Once
}

// Set names the stage the work is at ("rendering the PDF"); a nil
// progress ignores it.
func (p *progress) Set(label string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.label = label
	p.mu.Unlock()
}

// startProgress starts the line for label on env's stderr when that is a
// terminal; stop it with (*progress).Stop, which a nil progress allows.
func startProgress(env *IO, label string) *progress {
	if !isTerminal(env.Stderr) {
		return nil
	}
	return newProgress(env.Stderr, label, time.Second, time.Second)
}

func newProgress(w io.Writer, label string, delay, every time.Duration) *progress {
	p := &progress{stop: make(chan struct{}), label: label}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		start := time.Now()
		select {
		case <-p.stop:
			return
		case <-time.After(delay):
		}
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			// \r and "erase to the end of the line": the line is rewritten
			// in place, never scrolled.
			p.mu.Lock()
			label := p.label
			p.mu.Unlock()
			fmt.Fprintf(w, "\rqmslint: %s … %ds\x1b[K", label, int(time.Since(start).Round(time.Second)/time.Second))
			select {
			case <-p.stop:
				fmt.Fprint(w, "\r\x1b[K")
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

// Stop erases the line, if it was shown, before the command writes on.
// It may be called more than once (deferred, and before the output).
func (p *progress) Stop() {
	if p == nil {
		return
	}
	p.once.Do(func() { close(p.stop) })
	p.done.Wait()
}
