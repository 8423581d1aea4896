package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// EvalRef evaluates one value of the policies other than deny, such as
// data.qmslint.lib.coverage.report, under the same capabilities, data,
// pinned clock and deadline as the rules. Commands that report what the
// rules judge (the coverage matrix) read it from here, so the report and
// the findings can never disagree. The result is plain JSON values;
// nil when the ref is undefined.
func (e *Engine) EvalRef(ctx context.Context, ref string, input ast.Value, now time.Time, timeout time.Duration) (any, error) {
	Evaluations.Add(1)
	r, err := ast.ParseRef(ref)
	if err != nil {
		return nil, err
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	// As in Query.Eval, the deadline bounds policy packs: the built-in
	// library (the coverage matrix) is trusted and measured, and a large
	// QMS on a slow machine must not fail its report for want of time.
	cancel := context.CancelFunc(func() {})
	if !e.trusted(r) {
		ctx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()
	pq, err := e.prepareBody(ctx, ast.NewBody(ast.Equality.Expr(ast.VarTerm("x"), ast.NewTerm(r))))
	if err != nil {
		return nil, err
	}
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input), rego.EvalTime(now))
	if err != nil {
		return nil, evalError(ctx, err, timeout)
	}
	if len(rs) == 0 {
		return nil, nil
	}
	return rs[0].Bindings["x"], nil
}

// prepareBody prepares a query of the policies, under the rules'
// capabilities and data.
func (e *Engine) prepareBody(ctx context.Context, body ast.Body) (rego.PreparedEvalQuery, error) {
	return rego.New(
		rego.Compiler(e.compiler),
		rego.Store(inmem.NewFromObject(e.data)),
		rego.ParsedQuery(body),
		rego.StrictBuiltinErrors(false),
	).PrepareForEval(ctx)
}

// evalError is the error of a single query's evaluation: the memory
// budget's, the deadline's, or one line of OPA's.
func evalError(ctx context.Context, err error, timeout time.Duration) error {
	var me *MemoryError
	if errors.As(err, &me) {
		return me
	}
	var te *topdown.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &te) && te.Code == topdown.CancelErr) {
		return &TimeoutError{Timeout: timeout}
	}
	return fmt.Errorf("policy evaluation failed: %s", firstLine(err))
}

// trusted reports whether ref evaluates only built-in Rego: a ref into the
// built-in library when no pack adds to the library's packages.
func (e *Engine) trusted(ref ast.Ref) bool {
	p := ref.String()
	return !e.packLib && (p == libPackage || strings.HasPrefix(p, libPackage+"."))
}

// GivenValues evaluates the givens refs over the whole input, in one
// query, under the rules' capabilities, clock and deadline (the deadline
// when a ref is not the built-in library's). It returns their values as
// OPA terms, in order, nil for an undefined one (which the caller cannot
// give to an evaluation over part of the repository); false when the
// query gave no result.
func (e *Engine) GivenValues(ctx context.Context, refs []string, input ast.Value, now time.Time, timeout time.Duration) ([]*ast.Term, bool, error) {
	Evaluations.Add(1)
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	body := ast.Body{}
	trusted := true
	for i, g := range refs {
		ref, err := ast.ParseRef(g)
		if err != nil {
			return nil, false, err
		}
		trusted = trusted && e.trusted(ref)
		// In a comprehension, so that an undefined value is told from
		// the others rather than leaving no result at all.
		x := ast.VarTerm(fmt.Sprintf("x%d", i))
		body = append(body, ast.Equality.Expr(ast.VarTerm(fmt.Sprintf("g%d", i)), ast.ArrayComprehensionTerm(x, ast.NewBody(ast.Equality.Expr(x, ast.NewTerm(ref))))))
	}
	cancel := context.CancelFunc(func() {})
	if !trusted {
		ctx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()
	pq, err := e.prepareBody(ctx, body)
	if err != nil {
		return nil, false, err
	}
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input), rego.EvalTime(now),
		rego.EvalGenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }))
	if err != nil {
		return nil, false, evalError(ctx, err, timeout)
	}
	if len(rs) == 0 {
		return nil, false, nil
	}
	out := make([]*ast.Term, len(refs))
	for i := range refs {
		t, _ := rs[0].Bindings[fmt.Sprintf("g%d", i)].(*ast.Term)
		if t == nil {
			return nil, false, nil
		}
		if arr, ok := t.Value.(*ast.Array); ok && arr.Len() == 1 {
			out[i] = arr.Elem(0)
		}
	}
	return out, true, nil
}
