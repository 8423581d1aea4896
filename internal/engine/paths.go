package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"

	"github.com/qmslint/qmslint/internal/bytesize"
)

// reachablePaths is graph.reachable_paths as OPA implements it (the same
// paths, found in the same order), with a bound. OPA's enumerates every
// simple path in one call, which is exponential in the graph: 60 nodes
// each linked to the next two took more than a minute and a gigabyte
// under a 5 s deadline. This one counts the work as it goes, stops at the
// memory budget, and checks the deadline every few thousand paths.
func reachablePaths(bctx topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	graph, err := builtins.ObjectOperand(ops[0].Value, 1)
	if err != nil {
		return err
	}
	var queue []*ast.Term
	switch initial := ops[1].Value.(type) {
	case *ast.Array:
		initial.Foreach(func(t *ast.Term) { queue = append(queue, t) })
	case ast.Set:
		queue = append(queue, initial.Slice()...)
	default:
		return builtins.NewOperandTypeErr(2, initial, "{array, set}")
	}
	w := &pathWalk{graph: graph, result: ast.NewSet(), budget: memoryBudget.Load(), ctx: bctx.Context, cancel: bctx.Cancel, deadline: evalDeadline.Load(), loc: bctx.Location}
	for _, node := range queue {
		edges := graph.Get(node)
		if edges == nil {
			continue
		}
		if edgeCount(edges) == 0 {
			w.result.Add(ast.ArrayTerm(node))
			continue
		}
		eachVertex(edges, func(n *ast.Term) {
			w.build(n, []*ast.Term{node}, ast.NewSet(node))
		})
		if w.err != nil {
			return w.err
		}
	}
	return iter(ast.NewTerm(w.result))
}

type pathWalk struct {
	graph  ast.Object
	result ast.Set
	budget int64
	ctx    context.Context
	// cancel and deadline are for the calls OPA makes without the request
	// context (measured: both Context and Cancel arrive nil here), so the
	// walk also reads the deadline of the evaluation under way.
	cancel   topdown.Cancel
	deadline int64 // Unix nanoseconds, 0 for none
	loc      *ast.Location
	bytes    int64 // what the paths and reached sets built so far cost, at least
	steps    int
	err      error
}

// build is OPA's pathBuilder, counting.
func (w *pathWalk) build(root *ast.Term, path []*ast.Term, reached ast.Set) {
	if w.err != nil || !w.charge(int64(len(path)+reached.Len()+1)*16) {
		return
	}
	edges := w.graph.Get(root)
	if edges == nil {
		w.result.Add(ast.ArrayTerm(path...))
		return
	}
	path = append(path, root)
	if edgeCount(edges) == 0 {
		w.result.Add(ast.ArrayTerm(path...))
		return
	}
	reached = reached.Copy()
	reached.Add(root)
	eachVertex(edges, func(n *ast.Term) {
		if reached.Contains(n) {
			w.result.Add(ast.ArrayTerm(path...))
		} else {
			w.build(n, append([]*ast.Term(nil), path...), reached)
		}
	})
}

// charge counts n bytes of work and reports whether the walk may go on.
func (w *pathWalk) charge(n int64) bool {
	w.bytes += n
	w.steps++
	if w.budget > 0 && w.bytes > w.budget {
		w.err = topdown.Halt{Err: &MemoryError{Budget: w.budget, Where: where(w.loc), What: fmt.Sprintf("graph.reachable_paths would build more than %s", bytesize.Format(w.budget))}}
		return false
	}
	if w.steps%4096 == 0 && w.stopped() {
		w.err = topdown.Halt{Err: &topdown.Error{Code: topdown.CancelErr, Message: "graph.reachable_paths: evaluation cancelled", Location: w.loc}}
		return false
	}
	return true
}

// stopped reports whether the evaluation's deadline has passed or OPA
// has cancelled it.
func (w *pathWalk) stopped() bool {
	return w.ctx != nil && w.ctx.Err() != nil ||
		w.cancel != nil && w.cancel.Cancelled() ||
		w.deadline > 0 && time.Now().UnixNano() > w.deadline
}

func eachVertex(t *ast.Term, f func(*ast.Term)) {
	switch v := t.Value.(type) {
	case ast.Set:
		v.Foreach(f)
	case *ast.Array:
		v.Foreach(f)
	}
}

func edgeCount(t *ast.Term) int {
	switch v := t.Value.(type) {
	case ast.Set:
		return v.Len()
	case *ast.Array:
		return v.Len()
	}
	return 0
}
