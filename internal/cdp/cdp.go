// Package cdp drives a headless Chromium through the DevTools protocol
// (report --format pdf prints with it, the browser tests inspect the
// report with it) over --remote-debugging-pipe: JSON messages ended by a
// NUL byte on file descriptors 3 (to the browser) and 4 (from it). A pipe
// needs no port, no websocket library and no HTTP endpoint, and the
// browser exits when the pipe closes, so a failed run leaves nothing
// running.
package cdp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Event is a protocol event: a method, its parameters, and the session
// (page) it belongs to.
type Event struct {
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	SessionID string          `json:"sessionId"`
}

type message struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// Browser is a running Chromium and its protocol connection.
type Browser struct {
	cmd  *exec.Cmd
	to   *os.File
	from *os.File

	mu      sync.Mutex
	next    int
	pending map[int]chan message
	events  []Event
	waiters []waiter
	done    chan struct{}
	stderr  *limited
}

type waiter struct {
	method string
	ch     chan Event
}

// Start runs browser with flags plus --remote-debugging-pipe.
func Start(ctx context.Context, browser string, flags ...string) (*Browser, error) {
	toR, toW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	fromR, fromW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	b := &Browser{to: toW, from: fromR, pending: map[int]chan message{}, done: make(chan struct{}), stderr: &limited{max: 1 << 16}}
	b.cmd = exec.CommandContext(ctx, browser, append(flags, "--remote-debugging-pipe")...)
	b.cmd.ExtraFiles = []*os.File{toR, fromW} // fd 3 and fd 4 in the child
	b.cmd.Stderr = b.stderr
	if err := b.cmd.Start(); err != nil {
		return nil, err
	}
	toR.Close()
	fromW.Close()
	go b.read()
	return b, nil
}

func (b *Browser) read() {
	defer close(b.done)
	r := bufio.NewReaderSize(b.from, 1<<20)
	for {
		raw, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m message
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				delete(b.pending, m.ID)
				ch <- m
			}
		} else {
			ev := Event{Method: m.Method, Params: m.Params, SessionID: m.SessionID}
			b.events = append(b.events, ev)
			kept := b.waiters[:0]
			for _, w := range b.waiters {
				if w.method == ev.Method {
					w.ch <- ev
				} else {
					kept = append(kept, w)
				}
			}
			b.waiters = kept
		}
		b.mu.Unlock()
	}
}

// Call sends a command (to the browser when session is "", else to that
// page) and returns its result.
func (b *Browser) Call(ctx context.Context, session, method string, params any, result any) error {
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	ch := make(chan message, 1)
	b.mu.Lock()
	b.next++
	id := b.next
	b.pending[id] = ch
	b.mu.Unlock()
	out, _ := json.Marshal(message{ID: id, Method: method, Params: raw, SessionID: session})
	if _, err := b.to.Write(append(out, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("%s: the browser exited:\n%s", method, b.stderr)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// NewPage opens a blank page and returns the session that commands for it
// go to.
func (b *Browser) NewPage(ctx context.Context) (string, error) {
	var target struct{ TargetID string }
	if err := b.Call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return "", err
	}
	var attached struct{ SessionID string }
	if err := b.Call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		return "", err
	}
	return attached.SessionID, nil
}

// Expect returns a channel that receives the next event named method.
// Register it before the command that causes the event.
func (b *Browser) Expect(method string) <-chan Event {
	ch := make(chan Event, 1)
	b.mu.Lock()
	b.waiters = append(b.waiters, waiter{method, ch})
	b.mu.Unlock()
	return ch
}

// Events returns a copy of every event received so far.
func (b *Browser) Events() []Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Event(nil), b.events...)
}

// Close asks the browser to exit and waits for it.
func (b *Browser) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.Call(ctx, "", "Browser.close", struct{}{}, nil)
	b.to.Close()
	errc := make(chan error, 1)
	go func() { errc <- b.cmd.Wait() }()
	select {
	case err := <-errc:
		b.from.Close()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil // Browser.close ends it with a signal on some builds
		}
		return err
	case <-time.After(10 * time.Second):
		_ = b.cmd.Process.Kill()
		return errors.New("browser did not exit; killed")
	}
}

// Stderr is the browser's log, for failure messages.
func (b *Browser) Stderr() string { return b.stderr.String() }

// limited keeps the first max bytes written to it.
type limited struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (l *limited) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if room := l.max - len(l.buf); room > 0 {
		l.buf = append(l.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (l *limited) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.buf)
}

var _ io.Writer = (*limited)(nil)
