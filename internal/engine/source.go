package engine

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"gopkg.in/yaml.v3"

	"github.com/qmslint/qmslint/internal/parallel"
)

// Source is one place policies come from: the built-in rules, or a
// directory named in .qmslint.yaml or --policy.
type Source struct {
	// Name prefixes file names in messages ("policies", "company-rules").
	Name string
	FS   fs.FS
	// Builtin marks qmslint's own rules.
	Builtin bool
	// Digest identifies a pack's content ("sha256:..."); see OpenPack.
	Digest string
}

// loaded is what a set of sources holds: modules by file name and data
// merged the way OPA bundles place it (a data.json in a/b/ lands at
// data.a.b).
type loaded struct {
	modules map[string]*ast.Module
	data    map[string]any
	// origin says where each module came from: its name alone cannot, as
	// a pack named "." holding policies/x.rego looks like the built-in
	// tree "policies".
	origin map[string]origin
}

type origin struct {
	source int    // index into the sources
	path   string // the file's path inside the source's FS
}

func parserOptions() ast.ParserOptions {
	return ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: Capabilities()}
}

// load reads every .rego (tests only when withTests) and data file.
// packFiles lists the files of a policy tree, sorted: hidden directories
// (a .git inside a pack) are skipped. Policies are untrusted and never read
// through a link: a data.yaml linked to ~/.kube/config would put the
// file's secrets into findings, and a link is not what a pack's pinned
// digest covers; so a link or special file is an error. The loader and
// DirDigest both list files here, so a digest covers what is loaded.
func packFiles(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is a symbolic link or special file; policies are read only from regular files", p)
		}
		files = append(files, p)
		return nil
	})
	sort.Strings(files)
	return files, err
}

func load(sources []Source, withTests bool) (*loaded, error) {
	l := &loaded{modules: map[string]*ast.Module{}, data: map[string]any{}, origin: map[string]origin{}}
	// The modules are parsed on every core once read: parsing is a good
	// part of compiling the built-in rules, which every run waits for. The
	// error reported is the first in file order, as when parsed one by
	// one; what comes after a file that fails to read or merge is not
	// parsed at all.
	type module struct {
		name string
		at   origin
		raw  []byte
		mod  *ast.Module
		err  error
	}
	var mods []*module
	var stop error
	for si, src := range sources {
		if stop != nil {
			break
		}
		files, err := packFiles(src.FS)
		if err != nil {
			stop = fmt.Errorf("policies %s: %w", src.Name, unwrapPath(err))
			break
		}
		for _, p := range files {
			name := path.Join(src.Name, p)
			switch {
			case strings.HasSuffix(p, ".rego"):
				if strings.HasSuffix(p, "_test.rego") && !withTests {
					continue
				}
				raw, err := fs.ReadFile(src.FS, p)
				if err != nil {
					stop = fmt.Errorf("%s: %w", name, err)
				} else {
					mods = append(mods, &module{name: name, at: origin{si, p}, raw: raw})
				}
			case path.Base(p) == "data.json" || path.Base(p) == "data.yaml":
				stop = loadData(l.data, src.FS, p, name)
			}
			if stop != nil {
				break
			}
		}
	}
	parallel.Heavy(len(mods), func(_, i int) {
		m := mods[i]
		m.mod, m.err = ast.ParseModuleWithOpts(m.name, string(m.raw), parserOptions())
	})
	for _, m := range mods {
		if m.err != nil {
			// ast.Errors' own first line is only "N errors occurred".
			if errs, ok := m.err.(ast.Errors); ok {
				return nil, compileError(errs)
			}
			return nil, fmt.Errorf("%s", firstLine(m.err))
		}
		l.modules[m.name] = m.mod
		l.origin[m.name] = m.at
	}
	if stop != nil {
		return nil, stop
	}
	return l, nil
}

// loadData merges the data file p of fsys into data. Bundle convention:
// a/b/data.json lands at data.a.b. A leading data/ directory is where a
// policy tree keeps its data, so it is not part of the path.
func loadData(data map[string]any, fsys fs.FS, p, name string) error {
	raw, err := fs.ReadFile(fsys, p)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var v any
	if strings.HasSuffix(p, ".json") {
		err = json.Unmarshal(raw, &v)
	} else {
		err = yaml.Unmarshal(raw, &v)
	}
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	dir := strings.TrimPrefix(path.Dir(p)+"/", "data/")
	if err := mergeAt(data, strings.Split(dir, "/"), v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

func mergeAt(root map[string]any, dirs []string, v any) error {
	cur := root
	for _, d := range dirs {
		if d == "." || d == "" {
			continue
		}
		next, ok := cur[d].(map[string]any)
		if !ok {
			if _, exists := cur[d]; exists {
				return fmt.Errorf("data conflict at %s", d)
			}
			next = map[string]any{}
			cur[d] = next
		}
		cur = next
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("a data file must hold an object")
	}
	for k, val := range obj {
		if _, exists := cur[k]; exists {
			return fmt.Errorf("data key %q is defined twice", k)
		}
		cur[k] = val
	}
	return nil
}

// firstLine keeps compiler errors to the "file:line: message" line people
// read; OPA appends code excerpts that are noise in CI logs.
func firstLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Modules loads sources with their tests, for the test runner.
func Modules(sources []Source) (map[string]*ast.Module, map[string]any, error) {
	l, err := load(sources, true)
	if err != nil {
		return nil, nil, err
	}
	return l.modules, l.data, nil
}

// unwrapPath keeps our own messages free of fs.PathError's "op path:" prefix.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok && pe.Op == "" {
		return pe.Err
	}
	return err
}
