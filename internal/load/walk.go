// Package load reads a QMS repository from disk into a model.Repository.
//
// Loading never fails because of one file: every unreadable, oversized,
// binary or malformed file becomes a model.Problem and the walk goes on.
// Only an unreadable root is an error.
package load

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/qmslint/qmslint/internal/model"
)

// MaxFileSize is the largest file read. QMS documents are a few kilobytes;
// a file over this is an export or an attachment committed by mistake, and
// reading it would make the pre-commit hook slow for everyone.
const MaxFileSize = 10 << 20

// DefaultIgnore lists paths never read: tool directories, and the
// conventional repository files that are not controlled documents.
var DefaultIgnore = []string{
	"**/node_modules/**", "**/vendor/**",
	"**/README.md", "**/CHANGELOG.md", "**/CONTRIBUTING.md", "**/LICENSE.md", "**/CODE_OF_CONDUCT.md", "**/SECURITY.md",
}

// Options control a load.
type Options struct {
	// Ignore holds extra doublestar globs, relative to the root.
	Ignore []string
	// Workers parsing files in parallel; 0 means GOMAXPROCS.
	Workers int
}

// Load walks root and parses every Markdown and YAML file under it.
func Load(root string, opts Options) (*model.Repository, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", root, unwrapPathError(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", root)
	}
	repo := &model.Repository{Root: abs}
	paths, skipped := walk(abs, append(append([]string{}, DefaultIgnore...), opts.Ignore...))
	repo.Problems = append(repo.Problems, skipped...)

	results := parseAll(abs, paths, opts.Workers)
	for _, r := range results {
		repo.Files = append(repo.Files, r.file)
		repo.Problems = append(repo.Problems, r.problems...)
		if r.doc != nil {
			repo.Documents = append(repo.Documents, r.doc)
		}
		if r.reg != nil {
			repo.Registers = append(repo.Registers, r.reg)
		}
	}
	return repo, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// walk lists the files to parse, sorted, and the problems of entries it
// will not read (symlinks leaving the root).
func walk(root string, ignore []string) ([]string, []model.Problem) {
	var paths []string
	var problems []model.Problem
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if rel != "." {
				problems = append(problems, model.Problem{Rule: model.RuleParseSkipped, File: rel, Subject: rel, Msg: "cannot read: " + unwrapPathError(err).Error()})
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || ignored(rel+"/", ignore) {
				return fs.SkipDir
			}
			return nil
		}
		if !isQMSFile(rel) || ignored(rel, ignore) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Never follow links: a link inside the root is read at its
			// target; one leaving it could expose any file on the machine.
			if target, err := filepath.EvalSymlinks(p); err != nil || !within(root, target) {
				problems = append(problems, model.Problem{Rule: model.RuleParseSkipped, File: rel, Subject: rel, Msg: "symbolic link to a path outside the repository; not followed"})
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		paths = append(paths, rel)
		return nil
	})
	sort.Strings(paths)
	return paths, problems
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

func isQMSFile(rel string) bool {
	switch strings.ToLower(filepath.Ext(rel)) {
	case ".md", ".markdown", ".yaml", ".yml":
		return !strings.HasPrefix(filepath.Base(rel), ".qmslint.")
	}
	return false
}

func ignored(rel string, globs []string) bool {
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
		// A directory glob ("archive/**") also excludes the directory.
		if strings.HasSuffix(rel, "/") {
			if ok, _ := doublestar.Match(g, strings.TrimSuffix(rel, "/")); ok {
				return true
			}
			if ok, _ := doublestar.Match(strings.TrimSuffix(g, "/**"), strings.TrimSuffix(rel, "/")); ok && strings.HasSuffix(g, "/**") {
				return true
			}
		}
	}
	return false
}

type result struct {
	file     model.File
	doc      *model.Document
	reg      *model.Register
	problems []model.Problem
}

// parseAll parses files on a worker pool; results keep the input order so
// output never depends on scheduling.
func parseAll(root string, paths []string, workers int) []result {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]result, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = parseFile(root, paths[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func parseFile(root, rel string) (r result) {
	format := model.YAML
	if ext := strings.ToLower(filepath.Ext(rel)); ext == ".md" || ext == ".markdown" {
		format = model.Markdown
	}
	r.file = model.File{Path: rel, Format: format}
	fail := func(rule string, line int, msg string) result {
		r.file.Failed = true
		r.problems = append(r.problems, model.Problem{Rule: rule, File: rel, Line: line, Subject: rel, Msg: msg})
		return r
	}
	// A parser bug must cost one file, not the run.
	defer func() {
		if p := recover(); p != nil {
			r = result{file: model.File{Path: rel, Format: format, Failed: true}}
			r.problems = []model.Problem{{Rule: model.RuleParseError, File: rel, Subject: rel, Msg: fmt.Sprintf("internal error while parsing: %v", p)}}
		}
	}()
	abs := filepath.Join(root, filepath.FromSlash(rel))
	fi, err := os.Stat(abs)
	if err != nil {
		return fail(model.RuleParseSkipped, 0, "cannot read: "+unwrapPathError(err).Error())
	}
	if fi.Size() > MaxFileSize {
		return fail(model.RuleParseSkipped, 0, fmt.Sprintf("file is %.1f MB, over the %d MB limit for QMS files; not read", float64(fi.Size())/(1<<20), MaxFileSize>>20))
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return fail(model.RuleParseSkipped, 0, "cannot read: "+unwrapPathError(err).Error())
	}
	if msg, line := checkText(src); msg != "" {
		return fail(model.RuleParseError, line, msg)
	}
	if format == model.Markdown {
		return parseMarkdown(root, rel, src, r)
	}
	return parseYAML(rel, src, r)
}
