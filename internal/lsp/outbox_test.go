package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/model"
)

func pubs(uris ...string) []protocol.PublishDiagnosticsParams {
	out := make([]protocol.PublishDiagnosticsParams, len(uris))
	for i, u := range uris {
		out[i] = protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{{Message: u}}}
	}
	return out
}

// recv takes the next value from ch, failing the test when none comes
// within a minute.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("waited a minute for %s", what)
		panic("unreachable")
	}
}

// drain takes what waits in o, in order, as "uri:message".
func drain(o *outbox) []string {
	var out []string
	for {
		p, ok := o.next()
		if !ok {
			return out
		}
		out = append(out, p.URI+":"+p.Diagnostics[0].Message)
	}
}

// An evaluation's diagnostics go ahead of what earlier ones left unsent,
// each replacing a waiting one of its file; the others keep their place.
func TestOutboxSendsTheLatestFirst(t *testing.T) {
	o := newOutbox()
	o.post(pubs("a", "b", "c"))
	if p, _ := o.next(); p.URI != "a" {
		t.Fatalf("first sent %q, want a", p.URI)
	}
	later := pubs("c", "d")
	later[0].Diagnostics[0].Message = "c2"
	o.post(later)
	o.post(nil)
	if got, want := drain(o), []string{"c:c2", "d:d", "b:b"}; !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
}

// What an evaluation adds after its first post goes after that post's,
// sent or not, and ahead of what earlier evaluations left unsent.
func TestOutboxAddsBehindTheEvaluationsPost(t *testing.T) {
	o := newOutbox()
	o.post(pubs("x", "y")) // an earlier evaluation's, unsent
	o.post(pubs("open"))
	o.add(pubs("a", "y"))
	if got, want := drain(o), []string{"open:open", "a:a", "y:y", "x:x"}; !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
	o.post(pubs("x"))
	o.post(pubs("open"))
	if p, _ := o.next(); p.URI != "open" {
		t.Fatalf("first sent %q, want open", p.URI)
	}
	o.add(pubs("a"))
	o.add(pubs("b"))
	if got, want := drain(o), []string{"a:a", "b:b", "x:x"}; !slices.Equal(got, want) {
		t.Errorf("after the post was sent: sent %q, want %q", got, want)
	}
}

// The sender sends what is posted, in order, and stops with the client.
func TestOutboxRunsUntilTheClientIsGone(t *testing.T) {
	o := newOutbox()
	sent := make(chan string, 10)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() { o.run(done, func(p protocol.PublishDiagnosticsParams) { sent <- p.URI }); close(stopped) }()
	o.post(pubs("a", "b"))
	for _, want := range []string{"a", "b"} {
		if got := recv(t, sent, want+" sent"); got != want {
			t.Fatalf("sent %q, want %q", got, want)
		}
	}
	close(done)
	recv(t, stopped, "the sender stopped with the client")
}

// Publishing the diagnostics of every file does not hold up the next
// evaluation, and the open buffer's come first: after the first
// evaluation of a large QMS, the author's save is judged while the other
// files' diagnostics are still being sent, and its own are sent before
// theirs.
func TestPublishingDoesNotHoldUpTheNextEvaluation(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, ".qmslint.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	evaluated := make(chan int32, 10)
	lint := func(context.Context, string, map[string][]byte) (*Run, error) {
		n := runs.Add(1)
		defer func() { evaluated <- n }()
		var fs []finding.Finding
		for _, f := range []string{"a.md", "b.md", "z.md"} {
			fs = append(fs, finding.Finding{ID: "r:" + f, Rule: "r", Severity: finding.Minor, File: f, Line: 1, Message: f, Status: finding.StatusOpen})
		}
		if n > 1 {
			fs[2].Message = "z.md saved"
		}
		return &Run{Findings: fs}, nil
	}
	s := New(lint, "test")
	release := make(chan struct{})
	sending := make(chan struct{}, 10)
	sent := make(chan string, 10)
	s.notify = func(method string, params any) {
		if p, ok := params.(protocol.PublishDiagnosticsParams); ok {
			sending <- struct{}{}
			<-release
			sent <- filepath.Base(uriPath(p.URI)) + ":" + p.Diagnostics[0].Message
		}
	}
	done := make(chan struct{})
	defer close(done)
	go s.out.run(done, s.publish)
	z := pathURI(filepath.Join(root, "z.md"))
	s.open(z, "text")
	wait := func(n int32) {
		t.Helper()
		if got := recv(t, evaluated, fmt.Sprintf("evaluation %d while diagnostics waited to be sent", n)); got != n {
			t.Fatalf("evaluation %d, want %d", got, n)
		}
	}
	wait(1)
	recv(t, sending, "a notification sent after the first evaluation")
	// The sender is stuck on the first evaluation's first file; the save
	// is evaluated all the same.
	s.schedule(root, 0)
	wait(2)
	// Released once the save's diagnostics are posted.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(time.Millisecond) {
		s.out.mu.Lock()
		p, ok := s.out.pending[z]
		s.out.mu.Unlock()
		if ok && p.Diagnostics[0].Message == "z.md saved" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the save's diagnostics were not posted")
		}
	}
	close(release)
	var got []string
	// z.md, the open buffer, first: the first evaluation's, already
	// taken by the sender, then the save's; a.md and b.md are unchanged
	// by the save and keep the first evaluation's.
	want := []string{"z.md:z.md", "z.md:z.md saved", "a.md:a.md", "b.md:b.md"}
	for len(got) < len(want) {
		got = append(got, recv(t, sent, fmt.Sprintf("a notification after %q", got)))
	}
	if !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
}

// The open buffer's diagnostics are sent before the other files' are
// made: making those reads each file, every file with findings after a
// first evaluation, and a file that cannot be read yet holds up only its
// own.
func TestOpenBufferNotHeldUpByOtherFiles(t *testing.T) {
	root := t.TempDir()
	release := make(chan struct{})
	slow := filepath.Join(root, "slow.md")
	held := func(s *Server) {
		s.readText = func(path string) string {
			if path == slow {
				<-release
			}
			return "text\n"
		}
	}
	lint := func(context.Context, string, map[string][]byte) (*Run, error) {
		// slow.md as the run read it: its diagnostics are keyed by its
		// digest, and only making them reads it.
		return &Run{Repo: &model.Repository{Files: []model.File{{Path: "slow.md", SHA256: "1"}}}, Findings: []finding.Finding{
			{ID: "r:open", Rule: "r", Severity: finding.Minor, File: "open.md", Line: 1, Message: "open", Status: finding.StatusOpen},
			{ID: "r:slow", Rule: "r", Severity: finding.Minor, File: "slow.md", Line: 1, Message: "slow", Status: finding.StatusOpen},
		}}, nil
	}
	c := start(t, lint, root, held)
	// Released on failure too, before the client's cleanup waits for the
	// server.
	var once sync.Once
	unblock := func() { once.Do(func() { close(release) }) }
	t.Cleanup(unblock)
	open := pathURI(filepath.Join(root, "open.md"))
	c.open(open, "text\n")
	c.diagnostics(open, func(ds []diag) bool { return len(ds) == 1 })
	unblock()
	got := c.diagnostics(pathURI(slow), func([]diag) bool { return true })
	if len(got) != 1 || got[0].Message != "slow" || got[0].Range.End.Character != 4 {
		t.Errorf("slow.md: %+v", got)
	}
}

// A file's text for a diagnostic's range is read as the loader reads it:
// not through a link, which could name a file outside the repository.
func TestDiagnosticRangeNotReadThroughLinks(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(target, []byte("a line of some length\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(root, "link.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	lint := func(context.Context, string, map[string][]byte) (*Run, error) {
		return &Run{Repo: &model.Repository{Files: []model.File{{Path: "link.md", SHA256: "1"}}}, Findings: []finding.Finding{
			{ID: "r:link", Rule: "r", Severity: finding.Minor, File: "link.md", Line: 1, Message: "link", Status: finding.StatusOpen},
		}}, nil
	}
	c := start(t, lint, root)
	c.open(pathURI(filepath.Join(root, "open.md")), "")
	got := c.diagnostics(pathURI(filepath.Join(root, "link.md")), func([]diag) bool { return true })
	if len(got) != 1 || got[0].Range.End.Character != 0 {
		t.Errorf("link.md: %+v, want a range that knows nothing of the link's target", got)
	}
}
