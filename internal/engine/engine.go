// Package engine compiles Rego policies under restricted capabilities and
// evaluates every rule over the whole repository in one query.
package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// DefaultTimeout bounds one evaluation. The reference QMS takes
// milliseconds; a policy that needs this long loops over a cross product
// and should be fixed, not waited for.
const DefaultTimeout = 30 * time.Second

// Engine is a compiled set of policies.
type Engine struct {
	compiler *ast.Compiler
	data     map[string]any
	rules    []Rule
}

// New loads and compiles sources. Compile errors and bad metadata are
// returned together, one per line, each with file:line.
func New(sources []Source) (*Engine, error) {
	l, err := load(sources, false)
	if err != nil {
		return nil, err
	}
	return compile(l, sources)
}

func compile(l *loaded, sources []Source) (*Engine, error) {
	c := ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithEnablePrintStatements(false)
	c.Compile(l.modules)
	if c.Failed() {
		return nil, compileError(c.Errors)
	}
	builtin := map[string]bool{}
	for name := range l.modules {
		for _, s := range sources {
			if s.Builtin && strings.HasPrefix(name, s.Name+"/") {
				builtin[name] = true
			}
		}
	}
	rules, errs := discover(c, builtin)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Engine{compiler: c, data: l.data, rules: rules}, nil
}

func compileError(errs ast.Errors) error {
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		msg := e.Message
		if e.Location != nil {
			msg = fmt.Sprintf("%s:%d: %s", e.Location.File, e.Location.Row, e.Message)
		}
		lines = append(lines, msg)
	}
	sort.Strings(lines)
	return errors.New(strings.Join(lines, "\n"))
}

// Rules returns every rule's metadata, sorted by id.
func (e *Engine) Rules() []Rule { return e.rules }

// Rule returns the rule with id, if any.
func (e *Engine) Rule(id string) (Rule, bool) {
	for _, r := range e.rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Query is a prepared evaluation of a chosen set of rules.
type Query struct {
	prepared rego.PreparedEvalQuery
	rules    []Rule
	timeout  time.Duration
}

// Prepare builds one query that collects the deny sets of every enabled
// rule: one evaluation shares all comprehension caches and indexes, where
// one query per rule would rebuild them each time.
func (e *Engine) Prepare(ctx context.Context, enabled func(Rule) bool, timeout time.Duration) (*Query, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	q := &Query{timeout: timeout}
	body := ast.Body{}
	for _, r := range e.rules {
		if enabled != nil && !enabled(r) {
			continue
		}
		ref, err := ast.ParseRef(r.Package + ".deny")
		if err != nil {
			return nil, err
		}
		v := ast.VarTerm(fmt.Sprintf("r%d", len(q.rules)))
		body = append(body, ast.Equality.Expr(v, ast.NewTerm(ref)))
		q.rules = append(q.rules, r)
	}
	if len(body) == 0 {
		return q, nil
	}
	pq, err := rego.New(
		rego.Compiler(e.compiler),
		rego.Store(inmem.NewFromObject(e.data)),
		rego.ParsedQuery(body),
		rego.StrictBuiltinErrors(false),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, err
	}
	q.prepared = pq
	return q, nil
}

// Result is one element of a rule's deny set, before positions are
// resolved and severities applied.
type Result struct {
	Rule    Rule
	Msg     string
	Subject string
	File    string
	Line    int
	HasLine bool
	Pointer string
}

// TimeoutError is returned when evaluation exceeds its deadline.
type TimeoutError struct{ Timeout time.Duration }

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("policy evaluation did not finish within %s; a rule is probably scanning a cross product (raise --timeout only if the repository is very large)", e.Timeout)
}

// Eval runs the query over input with time.now_ns pinned to now.
func (q *Query) Eval(ctx context.Context, input ast.Value, now time.Time) ([]Result, error) {
	if len(q.rules) == 0 {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, q.timeout)
	defer cancel()
	rs, err := q.prepared.Eval(ctx, rego.EvalParsedInput(input), rego.EvalTime(now))
	if err != nil {
		var te *topdown.Error
		if errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &te) && te.Code == topdown.CancelErr) {
			return nil, &TimeoutError{q.timeout}
		}
		return nil, fmt.Errorf("policy evaluation failed: %s", firstLine(err))
	}
	if len(rs) == 0 {
		return nil, nil
	}
	var out []Result
	for i, r := range q.rules {
		set, _ := rs[0].Bindings[fmt.Sprintf("r%d", i)].([]any)
		for _, elem := range set {
			out = append(out, toResult(r, elem))
		}
	}
	return out, nil
}

// toResult accepts a finding object or, as in conftest, a bare message.
func toResult(r Rule, v any) Result {
	res := Result{Rule: r}
	switch t := v.(type) {
	case string:
		res.Msg = t
	case map[string]any:
		res.Msg, _ = t["msg"].(string)
		res.Subject, _ = t["subject"].(string)
		res.File, _ = t["file"].(string)
		res.Pointer, _ = t["pointer"].(string)
		if n, ok := t["line"].(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				res.Line, res.HasLine = int(i), true
			}
		}
		if res.Msg == "" {
			b, _ := json.Marshal(t)
			res.Msg = string(b)
		}
	default:
		b, _ := json.Marshal(t)
		res.Msg = string(b)
	}
	return res
}
