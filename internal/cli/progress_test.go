package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer the progress goroutine and the test can
// share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProgress: nothing for work shorter than the delay; past it, one
// line rewritten in place with the stage, erased at the end.
func TestProgress(t *testing.T) {
	t.Parallel()
	var quick syncBuffer
	newProgress(&quick, "linting", time.Hour, time.Millisecond).Stop()
	if quick.String() != "" {
		t.Errorf("work done before the delay printed %q", quick.String())
	}
	var slow syncBuffer
	p := newProgress(&slow, "linting qms", 0, 5*time.Millisecond)
	time.Sleep(30 * time.Millisecond)
	p.Set("printing the PDF")
	time.Sleep(30 * time.Millisecond)
	p.Stop()
	p.Stop()
	out := slow.String()
	if !strings.HasPrefix(out, "\rqmslint: linting qms … 0s\x1b[K") || !strings.Contains(out, "\rqmslint: printing the PDF … ") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress line: %q", out)
	}
	if strings.Contains(out, "\n") {
		t.Errorf("the progress line scrolls: %q", out)
	}
}

// TestNoProgressOffATerminal: stderr that is not a terminal gets no
// progress line, however long the work.
func TestNoProgressOffATerminal(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if p := startProgress(&IO{Stderr: &b}, "linting"); p != nil {
		p.Stop()
		t.Error("a progress line for a buffer")
	}
}
