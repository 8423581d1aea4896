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
	pq, err := rego.New(
		rego.Compiler(e.compiler),
		rego.Store(inmem.NewFromObject(e.data)),
		rego.ParsedQuery(ast.NewBody(ast.Equality.Expr(ast.VarTerm("x"), ast.NewTerm(r)))),
		rego.StrictBuiltinErrors(false),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input), rego.EvalTime(now))
	if err != nil {
		var me *MemoryError
		if errors.As(err, &me) {
			return nil, me
		}
		var te *topdown.Error
		if errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &te) && te.Code == topdown.CancelErr) {
			return nil, &TimeoutError{Timeout: timeout}
		}
		return nil, fmt.Errorf("policy evaluation failed: %s", firstLine(err))
	}
	if len(rs) == 0 {
		return nil, nil
	}
	return rs[0].Bindings["x"], nil
}

// trusted reports whether ref evaluates only built-in Rego: a ref into the
// built-in library when no pack adds to the library's packages.
func (e *Engine) trusted(ref ast.Ref) bool {
	p := ref.String()
	return !e.packLib && (p == libPackage || strings.HasPrefix(p, libPackage+"."))
}
