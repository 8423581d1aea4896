package lsp

import (
	"sync"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// outbox sends diagnostics on a goroutine of their own, each file's
// latest once, an evaluation's ahead of what earlier ones left unsent.
// After the first evaluation of a large QMS every file has diagnostics
// to publish, which takes longer than an evaluation after a keystroke:
// sent by the evaluation itself, they held up the next one, and the
// buffer the author edits waited behind thousands of other files.
type outbox struct {
	mu      sync.Mutex
	pending map[string]protocol.PublishDiagnosticsParams // by URI
	queue   []string                                     // URIs in the order to send
	wake    chan struct{}
}

func newOutbox() *outbox {
	return &outbox{pending: map[string]protocol.PublishDiagnosticsParams{}, wake: make(chan struct{}, 1)}
}

// post queues pubs, in their order, ahead of what still waits; each
// replaces a waiting one of its file, which it supersedes.
func (o *outbox) post(pubs []protocol.PublishDiagnosticsParams) {
	if len(pubs) == 0 {
		return
	}
	o.mu.Lock()
	posted := make(map[string]bool, len(pubs))
	queue := make([]string, 0, len(pubs)+len(o.queue))
	for _, p := range pubs {
		if !posted[p.URI] {
			posted[p.URI] = true
			queue = append(queue, p.URI)
		}
		o.pending[p.URI] = p
	}
	for _, uri := range o.queue {
		if !posted[uri] {
			queue = append(queue, uri)
		}
	}
	o.queue = queue
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default: // the sender is awake already
	}
}

// next takes the first waiting notification; false when none waits.
func (o *outbox) next() (protocol.PublishDiagnosticsParams, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.queue) == 0 {
		return protocol.PublishDiagnosticsParams{}, false
	}
	uri := o.queue[0]
	o.queue = o.queue[1:]
	p := o.pending[uri]
	delete(o.pending, uri)
	return p, true
}

// run sends what is posted, with send, until done is closed; what still
// waits then is dropped (the client is gone).
func (o *outbox) run(done <-chan struct{}, send func(protocol.PublishDiagnosticsParams)) {
	for {
		for {
			select {
			case <-done:
				return
			default:
			}
			p, ok := o.next()
			if !ok {
				break
			}
			send(p)
		}
		select {
		case <-o.wake:
		case <-done:
			return
		}
	}
}
