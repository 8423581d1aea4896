package engine

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"

	"github.com/qmslint/qmslint/internal/bytesize"
)

// renderTemplate is strings.render_template as OPA implements it, writing
// into a buffer that refuses to grow past the memory budget: a template's
// nested {{range}} over the variables multiplies their sizes in one call.
func renderTemplate(bctx topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	text, err := builtins.StringOperand(ops[0].Value, 1)
	if err != nil {
		return err
	}
	vars, err := builtins.ObjectOperand(ops[1].Value, 2)
	if err != nil {
		return err
	}
	var values map[string]any
	if err := ast.As(vars, &values); err != nil {
		return err
	}
	tmpl, err := template.New("template").Parse(string(text))
	if err != nil {
		return err
	}
	budget := memoryBudget.Load()
	buf := &cappedBuffer{limit: budget}
	if err := tmpl.Execute(buf, values); err != nil {
		if errors.Is(err, errOverBudget) {
			return topdown.Halt{Err: &MemoryError{Budget: budget, Where: where(bctx.Location), What: fmt.Sprintf("strings.render_template would build more than %s", bytesize.Format(budget))}}
		}
		return err
	}
	return iter(ast.StringTerm(strings.ReplaceAll(buf.String(), "<no value>", "<undefined>")))
}

var errOverBudget = errors.New("over the memory budget")

type cappedBuffer struct {
	bytes.Buffer
	limit int64
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.limit > 0 && int64(b.Len()+len(p)) > b.limit/2 {
		return 0, errOverBudget
	}
	return b.Buffer.Write(p)
}
