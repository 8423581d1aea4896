package coverage

import (
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/model"
)

// FromValue is the matrix that Ref evaluated to over repo's input: the run
// (lint.Result.Coverage) evaluates it, so a report built from the run's
// findings and its matrix judges the same bytes, read once.
func FromValue(raw any, repo *model.Repository) (*Report, error) {
	rep, err := decode(raw)
	if err != nil {
		return nil, err
	}
	rep.Repo = repo
	return rep, nil
}

// Pick resolves --standard (ISO13485 or ISO13485:2016) against the
// standards cfg enables.
func Pick(s string, cfg *config.Config) (string, error) { return pick(s, cfg) }
