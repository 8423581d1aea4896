// Package load reads a QMS repository from disk into a model.Repository.
//
// Loading never fails because of one file: every unreadable, oversized,
// binary or malformed file becomes a model.Problem and the walk goes on.
// Only an unreadable root is an error.
package load

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/dialect"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/safepath"
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
	// Ignore holds extra doublestar globs, relative to IgnoreBase.
	Ignore []string
	// IgnoreBase is the directory Ignore is relative to: the directory of
	// the .qmslint.yaml that lists them, which may be a parent of the root
	// (linting qms/ of a repository configured at its top). "" means the
	// root. When the root is not inside IgnoreBase, globs match paths
	// relative to the root.
	IgnoreBase string
	// Workers parsing files in parallel; 0 means GOMAXPROCS.
	Workers int
	// Dialect reads the company's own front matter as qmslint's; nil
	// reads qmslint's only.
	Dialect *dialect.Dialect
	// Overlay maps slash-separated paths relative to the root to content
	// read instead of the file on disk: an editor's unsaved buffer is
	// judged as the author sees it. A path the walk did not find is read
	// as a new file, unless ignored or not a QMS file.
	Overlay map[string][]byte
	// Standards are the ids of the enabled standards, whose mentions the
	// claims of document bodies are read for; nil reads those enabled
	// without .qmslint.yaml.
	Standards []string
	// Catalogs are the catalogs of the standards, the configuration's
	// (config.Config.Known); nil means the shipped ones.
	Catalogs *catalog.Set
	// Cache, when set, holds files parsed by earlier loads with the same
	// dialect and standards: the caller keys it by them.
	Cache Cache
	// Blobs maps slash-separated paths relative to the root to files read
	// from Git objects: a commit or the index linted through a copy of
	// its tree that leaves them out (gitrepo.Checkout). They are listed
	// as the walk lists files on disk, and exist for links.
	Blobs map[string]Blob
}

// Load walks root and parses every Markdown and YAML file under it.
func Load(root string, opts Options) (*model.Repository, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	// The root itself may be a symbolic link (a checkout linked into a
	// workspace); resolve it so the walk enters it and so links inside it
	// are compared with the real path.
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", root, unwrapPathError(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", root)
	}
	// A root that cannot be listed would otherwise lint as an empty, clean
	// repository.
	d, err := os.Open(abs)
	if err == nil {
		_, err = d.Readdirnames(1)
		d.Close()
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("cannot read %s: %w", root, unwrapPathError(err))
	}
	repo := &model.Repository{Root: abs}
	paths, skipped, seen := walk(abs, ignoreRules{builtin: DefaultIgnore, user: opts.Ignore, prefix: ignorePrefix(abs, opts.IgnoreBase)})
	repo.Problems = append(repo.Problems, skipped...)
	ignore := ignoreRules{builtin: DefaultIgnore, user: opts.Ignore, prefix: ignorePrefix(abs, opts.IgnoreBase)}
	paths = withOverlay(paths, keys(opts.Overlay), ignore)
	paths = withOverlay(paths, keys(opts.Blobs), ignore)

	results := parseAll(abs, paths, opts.Workers, newReader(opts.Dialect, claimMatcher(opts.Catalogs, opts.Standards), opts.Cache), source{opts.Overlay, opts.Blobs})
	resolveLinks(abs, paths, opts.Blobs, seen, results)
	for _, r := range results {
		repo.Files = append(repo.Files, r.file)
		repo.Problems = append(repo.Problems, r.problems...)
		if r.doc != nil {
			repo.Documents = append(repo.Documents, r.doc)
		}
		if r.reg != nil {
			repo.Registers = append(repo.Registers, r.reg)
			read, problems := readEvidence(abs, r.reg, opts.Blobs)
			repo.Read = append(repo.Read, read...)
			repo.Problems = append(repo.Problems, problems...)
		}
	}
	sharePositions(repo.Documents)
	return repo, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// walk lists the files to parse, sorted, the problems of entries it
// will not read (symlinks leaving the root), and what it saw of the tree.
func walk(root string, ignore ignoreRules) ([]string, []model.Problem, *listing) {
	var paths []string
	var problems []model.Problem
	seen := newListing()
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			// A folder that could not be listed is not known whole.
			delete(seen.listed, rel)
			if rel != "." {
				problems = append(problems, model.Problem{Rule: model.RuleParseSkipped, File: rel, Subject: rel, Msg: "cannot read: " + unwrapPathError(err).Error()})
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		seen.add(rel, d)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || ignore.dir(rel) {
				return fs.SkipDir
			}
			seen.listed[rel] = true
			return nil
		}
		if !isQMSFile(rel) || ignore.file(rel) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Never follow links: a link inside the root is read at its
			// target; one leaving it could expose any file on the machine.
			if msg := linkProblem(root, p); msg != "" {
				problems = append(problems, model.Problem{Rule: model.RuleParseSkipped, File: rel, Subject: rel, Msg: msg})
			}
			return nil
		}
		if !d.Type().IsRegular() {
			// Opening a named pipe would block until someone writes to it.
			problems = append(problems, model.Problem{Rule: model.RuleParseSkipped, File: rel, Subject: rel, Msg: "not a regular file (" + special(d.Type()) + "); not read"})
			return nil
		}
		paths = append(paths, rel)
		return nil
	})
	sort.Strings(paths)
	return paths, problems, seen
}

// listing is what a walk saw: every entry under the root but symbolic
// links (whose targets it does not follow), and the folders it listed
// whole. A link's target the walk saw exists; one it did not see in a
// folder it listed does not, unless the name differs from an entry's only
// in case (a file system that ignores case finds it): the rest is asked
// of the file system, as before. On a QMS with many broken links, each
// was a stat per side of a comparison.
type listing struct {
	entries, listed, folded map[string]bool
}

func newListing() *listing {
	return &listing{entries: map[string]bool{}, listed: map[string]bool{".": true}, folded: map[string]bool{}}
}

func (l *listing) add(rel string, d fs.DirEntry) {
	if rel == "." {
		return
	}
	// A symbolic link's name is seen, but whether its target exists is
	// the file system's to say: folded sends it there.
	l.folded[strings.ToLower(rel)] = true
	if d.Type()&fs.ModeSymlink == 0 {
		l.entries[rel] = true
	}
}

// knows reports whether p exists, known when the walk can tell.
func (l *listing) knows(p string) (exists, known bool) {
	if l == nil || p != path.Clean(p) {
		return false, false
	}
	if l.entries[p] {
		return true, true
	}
	if l.listed[path.Dir(p)] && !l.folded[strings.ToLower(p)] {
		return false, true
	}
	return false, false
}

// linkProblem says why a link is not read, "" when it is read at its
// target inside the root.
func linkProblem(root, p string) string {
	target, err := safepath.Within(root, p)
	switch {
	case errors.Is(err, safepath.ErrLoop):
		return "symbolic link loop; not followed"
	case errors.Is(err, safepath.ErrOutside):
		return "symbolic link to a path outside the repository; not followed"
	case err != nil:
		return "symbolic link that cannot be resolved: " + unwrapPathError(err).Error() + "; not followed"
	}
	if _, err := os.Stat(target); err != nil {
		return "symbolic link to a file that does not exist; not followed"
	}
	return ""
}

// special names the kind of a file that is neither regular nor a link.
func special(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
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

// ignoreRules are the built-in globs (relative to the root) and the user's
// (relative to the config's directory: prefix is the root's path there).
type ignoreRules struct {
	builtin, user []string
	prefix        string
}

func ignorePrefix(root, base string) string {
	if base == "" {
		return ""
	}
	if resolved, err := filepath.EvalSymlinks(base); err == nil {
		base = resolved
	}
	rel, err := filepath.Rel(base, root)
	if err != nil || rel == "." || !within(base, root) {
		return ""
	}
	return filepath.ToSlash(rel) + "/"
}

func (ig ignoreRules) file(rel string) bool {
	return matchAny(ig.builtin, rel, false) || matchAny(ig.user, ig.prefix+rel, false)
}

func (ig ignoreRules) dir(rel string) bool {
	return matchAny(ig.builtin, rel, true) || matchAny(ig.user, ig.prefix+rel, true)
}

// matchAny reports whether a glob matches p. For a directory, a glob naming
// the directory ("archive", "archive/", "archive/**") excludes it and
// everything below, so the walk never enters it.
func matchAny(globs []string, p string, isDir bool) bool {
	held := p
	if isDir {
		held = p + "/"
	}
	for _, g := range globs {
		if lit, ok := literalCore(g); ok && !strings.Contains(held, lit) {
			// Every path it matches holds its text: most files are not
			// a README or under node_modules, and a match costs
			// microseconds on each of thousands.
			continue
		}
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
		if !isDir {
			continue
		}
		if ok, _ := doublestar.Match(g, p+"/"); ok {
			return true
		}
		if trimmed, cut := strings.CutSuffix(g, "/**"); cut {
			if ok, _ := doublestar.Match(trimmed, p); ok {
				return true
			}
		}
	}
	return false
}

// literalCore is the text every path glob matches holds: glob without a
// leading **/ and a trailing /**, when what is left has nothing but
// literal characters.
func literalCore(glob string) (string, bool) {
	core := strings.TrimSuffix(strings.TrimPrefix(glob, "**/"), "/**")
	if core == "" || strings.ContainsAny(core, "*?[]{}\\") {
		return "", false
	}
	return core, true
}

// resolveLinks sets Exists on every local link: files the walk found are
// known to exist, anything else (images, PDFs, ignored files) is looked up
// once per distinct path, in what the walk saw (seen) or, where that
// cannot tell, on the file system.
func resolveLinks(root string, paths []string, blobs map[string]Blob, seen *listing, results []result) {
	known := make(map[string]bool, len(paths)+len(blobs))
	for _, p := range paths {
		known[p] = true
	}
	// A blob the walk would skip (an ignored README.md) is still a file
	// of the tree, as it would be on disk.
	for p := range blobs {
		known[p] = true
	}
	for _, r := range results {
		if r.doc == nil {
			continue
		}
		for i := range r.doc.Links {
			l := &r.doc.Links[i]
			if !l.Local {
				continue
			}
			l.Exists = linkExists(root, l.Path, known, seen)
		}
	}
}

// siteSuffixes are what static-site generators (Jupyter Book, MkDocs,
// Docusaurus, Hugo) append to a link written without an extension, in the
// order they try them: QMSs published as a site link `./capa/0-sop` for
// `capa/0-sop.md`, and that link works for every reader of the site.
var siteSuffixes = []string{".md", ".ipynb", "/index.md", "/README.md"}

// linkExists reports whether a link's path names a file or folder of the
// repository, as written or, when it has no extension, as a site generator
// resolves it; known caches every lookup.
func linkExists(root, p string, known map[string]bool, seen *listing) bool {
	if exists(root, p, known, seen) {
		return true
	}
	if path.Ext(p) != "" {
		return false
	}
	for _, suffix := range siteSuffixes {
		if exists(root, p+suffix, known, seen) {
			return true
		}
	}
	return false
}

func exists(root, p string, known map[string]bool, seen *listing) bool {
	e, asked := known[p]
	if !asked {
		var walked bool
		if e, walked = seen.knows(p); !walked {
			_, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)))
			e = err == nil
		}
		known[p] = e
	}
	return e
}

type result struct {
	file     model.File
	doc      *model.Document
	reg      *model.Register
	problems []model.Problem
}

// parseAll parses files on a worker pool; results keep the input order so
// output never depends on scheduling.
func parseAll(root string, paths []string, workers int, d reader, src source) []result {
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
				results[i] = parseFile(root, paths[i], d, src)
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

// source is where files come from besides the disk.
type source struct {
	overlay map[string][]byte
	blobs   map[string]Blob
}

func parseFile(root, rel string, d reader, from source) (r result) {
	format := formatOf(rel)
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
	if src, ok := from.overlay[rel]; ok {
		return parseCached(root, rel, src, d)
	}
	if b, ok := from.blobs[rel]; ok {
		return parseBlob(root, rel, b, d)
	}
	abs := filepath.Join(root, filepath.FromSlash(rel))
	// The status is taken before the file is read: a write after it
	// leaves a newer status than the one remembered with this content.
	var st Status
	var known bool
	if d.remember != nil {
		if st, known = statusOf(abs); known {
			if p, ok := d.remember.Unchanged(rel, st); ok {
				Unread.Add(1)
				return result{file: p.File, doc: p.Doc, reg: p.Reg, problems: p.Problems}
			}
		}
	}
	src, size, err := readFile(abs, MaxFileSize)
	if err != nil {
		return fail(model.RuleParseSkipped, 0, "cannot read: "+err.Error())
	}
	if src == nil && size > MaxFileSize {
		return fail(model.RuleParseSkipped, 0, tooLarge(size))
	}
	if known && st.settled(d.started) && st.Size == int64(len(src)) {
		sum := sha256.Sum256(src)
		d.remember.Remember(rel, st, sum)
		return parseSummed(root, rel, src, sum, d)
	}
	return parseCached(root, rel, src, d)
}

func tooLarge(size int64) string {
	return fmt.Sprintf("file is %.1f MB, over the %d MB limit for QMS files; not read", float64(size)/(1<<20), MaxFileSize>>20)
}

// parseSource parses the content of the file rel. It reads nothing but
// the existence of link targets under root.
func parseSource(root, rel string, src []byte) result {
	return parseSourceWith(root, rel, src, reader{claims: claimMatcher(nil, nil)})
}

// parseSourceWith is parseSource reading front matter through a dialect.
func parseSourceWith(root, rel string, src []byte, d reader) result {
	r := result{file: model.File{Path: rel, Format: formatOf(rel), SHA256: fmt.Sprintf("%x", sha256.Sum256(src))}}
	if msg, line := checkText(src); msg != "" {
		r.file.Failed = true
		r.problems = append(r.problems, model.Problem{Rule: model.RuleParseError, File: rel, Line: line, Subject: rel, Msg: msg})
		return r
	}
	src = normalizeCR(src)
	if r.file.Format == model.Markdown {
		return parseMarkdown(root, rel, src, r, d)
	}
	return parseYAML(rel, src, r)
}

func formatOf(rel string) string {
	if ext := strings.ToLower(filepath.Ext(rel)); ext == ".md" || ext == ".markdown" {
		return model.Markdown
	}
	return model.YAML
}
