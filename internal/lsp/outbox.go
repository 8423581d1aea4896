package lsp

import (
	"slices"
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
	// batch is how many of the first URIs in queue the last post and
	// the adds after it put there.
	batch int
	wake  chan struct{}
}

func newOutbox() *outbox {
	return &outbox{pending: map[string]protocol.PublishDiagnosticsParams{}, wake: make(chan struct{}, 1)}
}

// post queues pubs, in their order, ahead of what still waits; each
// replaces a waiting one of its file, which it supersedes. It begins an
// evaluation's notifications.
func (o *outbox) post(pubs []protocol.PublishDiagnosticsParams) {
	o.mu.Lock()
	o.batch = o.insert(0, pubs)
	o.mu.Unlock()
	o.notify()
}

// add queues pubs after those of the last post and its adds (the same
// evaluation's), ahead of what earlier ones left unsent.
func (o *outbox) add(pubs []protocol.PublishDiagnosticsParams) {
	o.mu.Lock()
	at := o.batch
	for _, p := range pubs {
		// One of the batch posted again leaves its place there.
		if slices.Contains(o.queue[:o.batch], p.URI) {
			at--
		}
	}
	o.batch = at + o.insert(at, pubs)
	o.mu.Unlock()
	o.notify()
}

// insert puts pubs into the queue at position at of the URIs they do
// not replace, each replacing a waiting one of its file, and returns how
// many URIs it put there. o.mu is held.
func (o *outbox) insert(at int, pubs []protocol.PublishDiagnosticsParams) int {
	posted := make(map[string]bool, len(pubs))
	var fresh []string
	for _, p := range pubs {
		if !posted[p.URI] {
			posted[p.URI] = true
			fresh = append(fresh, p.URI)
		}
		o.pending[p.URI] = p
	}
	if len(fresh) == 0 {
		return 0
	}
	kept := make([]string, 0, len(o.queue))
	for _, uri := range o.queue {
		if !posted[uri] {
			kept = append(kept, uri)
		}
	}
	at = min(at, len(kept))
	o.queue = slices.Concat(kept[:at], fresh, kept[at:])
	return len(fresh)
}

func (o *outbox) notify() {
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
	o.batch = max(o.batch-1, 0)
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
