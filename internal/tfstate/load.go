package tfstate

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/safepath"
)

// MaxStateSize bounds a state file read. States are larger than QMS
// documents (every attribute of every resource), so the bound is the
// loader's times six; a file over it is not read.
const MaxStateSize = 64 << 20

// Load reads the states cfg names into registers of kind terraform-state,
// one per file, paths relative to root (the linted root). A file that is
// missing, outside the repository, oversized or not a state is a problem
// (parse.skipped or parse.error) and the others are still read.
func Load(root string, cfg *config.Config) ([]*model.Register, []model.File, []model.Problem) {
	tf := cfg.Terraform
	if tf == nil {
		return nil, nil, nil
	}
	var (
		regs     []*model.Register
		files    []model.File
		problems []model.Problem
	)
	problem := func(rule, file string, line int, msg string) {
		problems = append(problems, model.Problem{Rule: rule, File: file, Line: line, Subject: file, Msg: msg})
	}
	table, err := Shipped()
	if err != nil {
		// The shipped table is embedded: qmslint's bug, caught by tests.
		panic(err)
	}
	if tf.Locations != "" {
		rel, src, err := read(root, cfg, tf.Locations, 10<<20)
		if err != nil {
			problem(model.RuleParseSkipped, rel, 0, "terraform.locations: "+err.Error())
		} else if more, err := ParseTable(src, rel); err != nil {
			problem(model.RuleParseError, rel, 0, err.Error())
		} else {
			table.Merge(more)
		}
	}
	m := mapping{assets: tf.Assets, suppliers: tf.Suppliers}
	for _, state := range tf.States {
		rel, src, err := read(root, cfg, state, MaxStateSize)
		if err != nil {
			problem(model.RuleParseSkipped, rel, 0, "terraform.states: "+err.Error())
			continue
		}
		files = append(files, model.File{Path: rel, Format: model.JSON, Controlled: true, Kind: Kind, SHA256: fmt.Sprintf("%x", sha256.Sum256(src))})
		p, err := parse(src)
		if err != nil {
			files[len(files)-1].Failed = true
			problem(model.RuleParseError, rel, 0, err.Error())
			continue
		}
		data, pos := register(rel, p, table, m, resourceLines(src))
		regs = append(regs, &model.Register{File: rel, Data: data, Pos: pos})
	}
	return regs, files, problems
}

// read reads a file the configuration names: inside the repository only
// (after every symbolic link), a regular file, at most limit bytes. rel is
// its path relative to root, or the path as written when it has none.
func read(root string, cfg *config.Config, name string, limit int64) (rel string, src []byte, err error) {
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(cfg.Dir, p)
	}
	rel = name
	if r, err := filepath.Rel(root, p); err == nil {
		rel = filepath.ToSlash(r)
	}
	resolved, err := safepath.Within(cfg.RepoRoot(), p)
	if err != nil {
		if errors.Is(err, safepath.ErrOutside) {
			return name, nil, fmt.Errorf("%q is outside the repository; not read", name)
		}
		return rel, nil, fmt.Errorf("%q: %v", name, errors.Unwrap(err))
	}
	f, err := os.Open(resolved)
	if err != nil {
		return rel, nil, fmt.Errorf("cannot read %q: %v", name, unwrap(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return rel, nil, fmt.Errorf("cannot read %q: %v", name, unwrap(err))
	}
	if !fi.Mode().IsRegular() {
		return rel, nil, fmt.Errorf("%q is not a regular file; not read", name)
	}
	if fi.Size() > limit {
		return rel, nil, fmt.Errorf("%q is %.1f MB, over the %d MB limit; not read", name, float64(fi.Size())/(1<<20), limit>>20)
	}
	src, err = io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return rel, nil, fmt.Errorf("cannot read %q: %v", name, unwrap(err))
	}
	if int64(len(src)) > limit {
		return rel, nil, fmt.Errorf("%q grew over the %d MB limit while read; not read", name, limit>>20)
	}
	return rel, src, nil
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
