package coverage

import (
	"context"
	"time"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/policyinput"
	"github.com/qmslint/qmslint/policies"
)

// FromRepo computes the matrix of every enabled standard for a repository
// a lint run already loaded, so a report built from both judges the same
// bytes and reads no file twice.
func FromRepo(ctx context.Context, repo *model.Repository, cfg *config.Config, date time.Time, timeout time.Duration) (*Report, error) {
	return matrix(ctx, repo, cfg.Standards, cfg.Params, date, timeout)
}

// matrix evaluates the coverage report of the given standards over a
// loaded repository. Built-in policies only: the matrix is qmslint's, and a
// user policy that does not compile must not stop the report.
func matrix(ctx context.Context, repo *model.Repository, standards []string, params map[string]map[string]any, date time.Time, timeout time.Duration) (*Report, error) {
	// The catalogs of standards a pack or the configuration adds are data
	// the matrix needs (the packs' rules are not): with none, the built-in
	// engine compiled once per process serves.
	eng, err := lint.BuiltinEngine()
	if fsys := catalog.FS(catalog.Added(standards)); fsys != nil {
		eng, err = engine.New([]engine.Source{{Name: "policies", FS: policies.FS, Builtin: true}, {Name: "catalogs", FS: fsys}})
	}
	if err != nil {
		return nil, err
	}
	in := policyinput.Build(repo, policyinput.Options{Date: date.Format("2006-01-02"), Standards: standards, Params: params})
	value, err := policyinput.Value(in)
	if err != nil {
		return nil, err
	}
	raw, err := eng.EvalRef(ctx, Ref, value, date, timeout)
	if err != nil {
		return nil, &lint.Error{Err: err}
	}
	rep, err := decode(raw)
	if err != nil {
		return nil, err
	}
	rep.Repo = repo
	return rep, nil
}
