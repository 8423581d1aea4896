// Package review compares two states of a QMS kept in Git (two commits, or
// HEAD and the index): which controlled documents changed, were added or
// removed, whether each change was controlled (revision, approvals,
// status), which clauses and SoA controls it touches, which findings it
// introduces, resolves or leaves, and what else it makes suspect.
package review

import (
	"context"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/load"
)

// Snapshot lints files (a commit's tree or the index) as if they were the
// work tree. Everything but the Markdown and YAML files is written to a
// temporary copy laid out like the repository, so configuration
// discovery, policy packs, Terraform states and links behave as on disk;
// the loader reads the Markdown and YAML files from their blobs (the work
// tree's copy where it is that blob, gitrepo.ReadFileBlob), and with a
// cache only those it does not know by blob hash. The copy is
// removed before Snapshot returns; the result's paths are relative to the
// QMS root as usual. hist is input.history for the copy (nil for none).
func Snapshot(ctx context.Context, repo *gitrepo.Repo, files gitrepo.Blobs, hist map[string]any, opts lint.Options) (*lint.Result, error) {
	c, err := checkOut(repo, files)
	if err != nil {
		return nil, err
	}
	defer c.cleanup()
	return c.lint(ctx, hist, opts)
}

// checkout is a Git side laid out for a run: everything but the Markdown
// and YAML files written to root, those read from their blobs.
type checkout struct {
	root    string
	cleanup func()
	blobs   map[string]load.Blob
}

func checkOut(repo *gitrepo.Repo, files gitrepo.Blobs) (*checkout, error) {
	lazy := func(rel string) bool { return load.IsQMSFile(rel) && !strings.HasPrefix(rel, "../") }
	named, err := configNamed(repo, files)
	if err != nil {
		return nil, err
	}
	root, cleanup, err := repo.Checkout(files, func(rel string) bool { return !lazy(rel) || named(rel) })
	if err != nil {
		return nil, err
	}
	blobs := make(map[string]load.Blob, len(files))
	for rel, h := range files {
		if lazy(rel) {
			blobs[rel] = load.Blob{ID: h, Read: func(limit int64) ([]byte, int64, error) { return repo.ReadFileBlob(rel, h, limit) }}
		}
	}
	return &checkout{root: root, cleanup: cleanup, blobs: blobs}, nil
}

// options are opts for a run of the checkout with history hist.
func (c *checkout) options(hist map[string]any, opts lint.Options) lint.Options {
	opts.Root, opts.Blobs = c.root, c.blobs
	opts.History, opts.NoHistory = hist, hist == nil
	return opts
}

func (c *checkout) lint(ctx context.Context, hist map[string]any, opts lint.Options) (*lint.Result, error) {
	return lint.Run(ctx, c.options(hist, opts))
}

// configNamed reports whether a file may be read on the configuration's
// say rather than the loader's (a catalog's YAML, a policy pack's data):
// such a file is written to the copy too. Every string of every
// .qmslint.yaml in files is taken for a path relative to its folder, so
// this knows no configuration key and errs on the side of writing.
func configNamed(repo *gitrepo.Repo, files gitrepo.Blobs) (func(rel string) bool, error) {
	configs := gitrepo.Blobs{}
	for rel, h := range files {
		if base := path.Base(rel); base == ".qmslint.yaml" || base == ".qmslint.yml" {
			configs[rel] = h
		}
	}
	raw, err := repo.Read(configs)
	if err != nil {
		return nil, err
	}
	var prefixes []string
	for rel, b := range raw {
		var v any
		if yaml.Unmarshal(b, &v) != nil {
			continue // config.Load reports it
		}
		dir := path.Dir(rel)
		strs(v, func(s string) {
			if s != "" && !path.IsAbs(s) {
				prefixes = append(prefixes, path.Clean(path.Join(dir, s)))
			}
		})
	}
	return func(rel string) bool {
		for _, p := range prefixes {
			if rel == p || p == "." || strings.HasPrefix(rel, p+"/") {
				return true
			}
		}
		return false
	}, nil
}

// strs calls f with every string inside v.
func strs(v any, f func(string)) {
	switch t := v.(type) {
	case string:
		f(t)
	case []any:
		for _, x := range t {
			strs(x, f)
		}
	case map[string]any:
		for _, x := range t {
			strs(x, f)
		}
	}
}

// Shared returns opts with a cache that the sides of a comparison share,
// so that a file both sides hold is parsed once: the cache across runs
// when there is one, else one in memory for this comparison.
func Shared(opts lint.Options) lint.Options {
	if opts.Cache == nil {
		opts.Cache = cache.Memory()
	} else {
		opts.Cache.Shared()
	}
	return opts
}

// IDs is the set of finding ids of a result.
func IDs(fs []finding.Finding) map[string]bool {
	out := make(map[string]bool, len(fs))
	for _, f := range fs {
		out[f.ID] = true
	}
	return out
}

// NewSince keeps the findings whose id is not among old: what got worse.
func NewSince(fs []finding.Finding, old map[string]bool) []finding.Finding {
	out := fs[:0:0]
	for _, f := range fs {
		if !old[f.ID] {
			out = append(out, f)
		}
	}
	return out
}

// Touched keeps the findings a staged change introduces (id not at HEAD)
// or that sit on a file the change touches: a commit that edits a
// document answers for what is wrong with it.
func Touched(fs []finding.Finding, head map[string]bool, changed []string) []finding.Finding {
	files := make(map[string]bool, len(changed))
	for _, p := range changed {
		files[p] = true
	}
	out := fs[:0:0]
	for _, f := range fs {
		if !head[f.ID] || files[f.File] {
			out = append(out, f)
		}
	}
	return out
}
