package lint

import (
	"os"

	"github.com/go-git/go-git/v5/plumbing/object"

	"strings"

	"github.com/qmslint/qmslint/internal/cache"
	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/gitrepo"
	"github.com/qmslint/qmslint/internal/history"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/schema"
)

// cacheFiles is the load's view of the cache for this configuration, nil
// without a cache. Everything in the configuration that changes a parse
// is in the namespace: the file's bytes (dialect, standards), the
// standards in force, and the catalogs it adds.
func cacheFiles(store *cache.Store, cfg *config.Config) *cache.Files {
	if store == nil {
		return nil
	}
	raw, err := configBytes(cfg)
	if err != nil {
		return nil
	}
	var digest string
	if fsys := catalog.FS(cfg.Added); fsys != nil {
		d, err := engine.DirDigest(fsys)
		if err != nil {
			return nil
		}
		digest = d
	}
	return store.Files(cache.Namespace(raw, []byte(strings.Join(cfg.Standards, "\x00")), []byte(digest)))
}

// validate checks the repository against the schemas, taking the problems
// of files validated before from the cache. The problems come out in the
// order the validator gives them (documents, then registers, each file's
// together), whichever files were cached.
func validate(v *schema.Validator, repo *model.Repository, files *cache.Files) {
	if files == nil {
		v.Validate(repo)
		return
	}
	known := map[string][]model.Problem{}
	fresh := &model.Repository{}
	for _, d := range repo.Documents {
		if ps, ok := files.Validated(d.File); ok {
			known[d.File] = ps
		} else {
			fresh.Documents = append(fresh.Documents, d)
		}
	}
	for _, r := range repo.Registers {
		if ps, ok := files.Validated(r.File); ok {
			known[r.File] = ps
		} else {
			fresh.Registers = append(fresh.Registers, r)
		}
	}
	v.Validate(fresh)
	for _, p := range fresh.Problems {
		known[p.File] = append(known[p.File], p)
	}
	for _, d := range fresh.Documents {
		files.SetValidated(d.File, known[d.File])
	}
	for _, r := range fresh.Registers {
		files.SetValidated(r.File, known[r.File])
	}
	for _, d := range repo.Documents {
		repo.Problems = append(repo.Problems, known[d.File]...)
	}
	for _, r := range repo.Registers {
		repo.Problems = append(repo.Problems, known[r.File]...)
	}
	files.Flush()
}

// ReadHistory is history.Read, from the cache when there is one.
func ReadHistory(store *cache.Store, repo *gitrepo.Repo, c *object.Commit) (history.History, error) {
	if store == nil {
		return history.Read(repo, c)
	}
	return store.History(repo, c)
}

// configBytes is the configuration as written: whatever it sets is in
// the cache's keys.
func configBytes(cfg *config.Config) ([]byte, error) {
	if cfg.File == "" {
		return nil, nil
	}
	return os.ReadFile(cfg.File)
}

// findingsKey names everything a run's findings depend on: this build
// (its rules, schemas, catalogs), the policy packs by digest, the
// configuration, the date and standards, the history, and the repository
// as loaded: every file by path and digest (also those read for a
// register's sake, as backup tools' output), every problem the loader
// met (a file it could not read, a link leaving the root), and which
// local links resolve. false when the run is not to be cached.
func findingsKey(opts Options, cfg *config.Config, sources []engine.Source, standards []string, date string, hist map[string]any, notes []string, repo *model.Repository) ([32]byte, bool) {
	if opts.Cache == nil || len(notes) > 0 {
		return [32]byte{}, false
	}
	k := cache.NewKey("findings")
	raw, err := configBytes(cfg)
	if err != nil {
		k.Spoil()
	}
	k.String(string(raw)).String(date).String(opts.Standard).String(strings.Join(standards, "\x00"))
	for _, s := range sources {
		if !s.Builtin && s.Digest == "" {
			k.Spoil()
		}
		builtin := 0
		if s.Builtin {
			builtin = 1
		}
		k.String(s.Name).String(s.Digest).Int(builtin)
	}
	k.Value(hist)
	k.Int(len(repo.Files))
	for _, f := range repo.Files {
		k.String(f.Path).String(f.SHA256).String(f.Format)
	}
	k.Int(len(repo.Read))
	for _, f := range repo.Read {
		k.String(f.Path).String(f.SHA256)
	}
	k.Int(len(repo.Problems))
	for _, p := range repo.Problems {
		k.String(p.Rule).String(p.File).Int(p.Line).String(p.Subject).String(p.Msg)
	}
	for _, d := range repo.Documents {
		for _, l := range d.Links {
			if l.Local && l.Exists {
				k.String(l.Path)
			}
		}
	}
	return k.Sum()
}
