package engine

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// Reads reports whether any rule enabled says yes to may read the input
// document at ref ("input.history"): its deny rule, or any rule or
// function that one refers to, transitively (the library's helpers). A
// caller skips building an input part no enabled rule reads: a lint of a
// Git repository walks its history only for the rules that need it.
//
// It over-approximates, never under: a ref into input with a key that is
// not a constant (input[k]), or input passed whole (to a function,
// walk, a with modifier) counts as reading everything. object.get(input,
// "key", default), the way rules read an input part that may be absent,
// reads only that key.
func (e *Engine) Reads(enabled func(Rule) bool, ref string) bool {
	target, err := ast.ParseRef(ref)
	if err != nil || !target.HasPrefix(ast.InputRootRef) {
		return true
	}
	var start []*ast.Rule
	for _, r := range e.rules {
		if enabled != nil && !enabled(r) {
			continue
		}
		deny, err := ast.ParseRef(r.Package + ".deny")
		if err != nil {
			return true
		}
		start = append(start, e.compiler.GetRulesDynamicWithOpts(deny, ast.RulesOptions{})...)
	}
	reads := false
	walkReads(e.compiler, start, func(x ast.Ref) bool {
		reads = overlaps(x, target)
		return !reads
	}, func(_ ast.Ref, called []*ast.Rule) []*ast.Rule { return called })
	return reads
}

// walkReads visits the rules of start and every rule they refer to,
// transitively, each once, and passes each ref into input or data they
// read (refs) to input or data. input returns false to end the walk; data
// gets the rules a ref names and returns those to walk into (a footprint
// stops at the values it reads by value).
func walkReads(c *ast.Compiler, start []*ast.Rule, input func(ast.Ref) bool, data func(x ast.Ref, called []*ast.Rule) []*ast.Rule) {
	seen := map[*ast.Rule]bool{}
	var queue []*ast.Rule
	add := func(rules []*ast.Rule) {
		for _, r := range rules {
			if !seen[r] {
				seen[r] = true
				queue = append(queue, r)
			}
		}
	}
	add(start)
	stop := false
	for len(queue) > 0 && !stop {
		r := queue[0]
		queue = queue[1:]
		refs(r, func(x ast.Ref) {
			switch {
			case stop:
			case x.HasPrefix(ast.DefaultRootRef):
				add(data(x, c.GetRulesDynamicWithOpts(x, ast.RulesOptions{})))
			case x.HasPrefix(ast.InputRootRef):
				stop = !input(x)
			}
		})
	}
}

// refs calls fn with every ref into data or input in x, except that
// object.get(input, key, default) with a constant key is passed as the
// ref input[key] (or the path's ref for a constant array key). The
// compiler binds input to a variable first (__local1__ = input;
// object.get(__local1__, ...)): such a variable stands for input, and
// any other use of it reads input whole.
func refs(x any, fn func(ast.Ref)) {
	aliases := map[ast.Var]bool{}
	ast.WalkExprs(x, func(e *ast.Expr) bool {
		if v, ok := inputAlias(e); ok {
			aliases[v] = true
		}
		return false
	})
	var vis *ast.GenericVisitor
	vis = ast.NewGenericVisitor(func(x any) bool {
		switch x := x.(type) {
		case *ast.Expr:
			if _, ok := inputAlias(x); ok {
				return true
			}
			call, ok := x.Terms.([]*ast.Term)
			if !ok || !x.IsCall() || !inputGet(call, aliases, fn, vis) {
				return false
			}
			for _, w := range x.With {
				vis.Walk(w)
			}
			return true
		case ast.Call:
			return inputGet(x, aliases, fn, vis)
		case ast.Var:
			if aliases[x] {
				fn(ast.InputRootRef)
			}
		case ast.Ref:
			if v, ok := x[0].Value.(ast.Var); ok && aliases[v] {
				x = append(ast.Ref{ast.InputRootDocument}, x[1:]...)
			}
			fn(x)
			// Its terms may hold refs of their own (input[data.x.y]).
			for _, t := range x[1:] {
				vis.Walk(t)
			}
			return true
		}
		return false
	})
	vis.Walk(x)
}

// inputAlias reports whether e is v = input, v a variable.
func inputAlias(e *ast.Expr) (ast.Var, bool) {
	if !e.IsEquality() && !e.IsAssignment() {
		return "", false
	}
	a, b := e.Operand(0), e.Operand(1)
	if a == nil || b == nil {
		return "", false
	}
	if r, ok := a.Value.(ast.Ref); ok && r.Equal(ast.InputRootRef) {
		a, b = b, a
	}
	v, isVar := a.Value.(ast.Var)
	r, isRef := b.Value.(ast.Ref)
	return v, isVar && isRef && r.Equal(ast.InputRootRef)
}

var objectGet = ast.MustParseRef("object.get")

// inputGet passes object.get(input, key, ...) to fn as the ref of the
// key's path, walks its other terms, and reports whether call was one.
func inputGet(call []*ast.Term, aliases map[ast.Var]bool, fn func(ast.Ref), vis *ast.GenericVisitor) bool {
	if len(call) < 3 {
		return false
	}
	if op, ok := call[0].Value.(ast.Ref); !ok || !op.Equal(objectGet) {
		return false
	}
	switch in := call[1].Value.(type) {
	case ast.Ref:
		if !in.Equal(ast.InputRootRef) {
			return false
		}
	case ast.Var:
		if !aliases[in] {
			return false
		}
	default:
		return false
	}
	path := ast.Ref{ast.InputRootDocument}
	switch k := call[2].Value.(type) {
	case ast.String:
		path = append(path, call[2])
	case *ast.Array:
		for i := 0; i < k.Len(); i++ {
			path = append(path, k.Elem(i))
		}
	default:
		// A key known only at evaluation: any part of input.
		path = append(path, ast.VarTerm("$key"))
	}
	fn(path)
	for _, t := range call[2:] {
		vis.Walk(t)
	}
	return true
}

// overlaps reports whether reading x may read some of target (both refs
// into input): one is a prefix of the other where both are known, and a
// key that is not a constant may be any.
func overlaps(x, target ast.Ref) bool {
	for i := 1; i < len(x) && i < len(target); i++ {
		if ast.IsConstant(x[i].Value) && ast.IsConstant(target[i].Value) && !x[i].Equal(target[i]) {
			return false
		}
	}
	return true
}
