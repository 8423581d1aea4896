package lsp

import (
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/qmslint/qmslint/internal/finding"
	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/parallel"
)

// schedule evaluates root after delay, unless another change comes first.
func (s *Server) schedule(root string, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(root)
	r.gen++
	gen := r.gen
	if r.timer != nil {
		r.timer.Stop()
	}
	r.timer = time.AfterFunc(delay, func() { s.evaluate(r, gen) })
}

// evaluate lints r's repository with the open buffers in place and
// publishes the findings, unless a later change made them stale.
func (s *Server) evaluate(r *repoState, gen int) {
	r.busy.Lock()
	release := sync.OnceFunc(r.busy.Unlock)
	defer release()
	s.mu.Lock()
	if gen != r.gen && r.run != nil {
		s.mu.Unlock()
		return
	}
	overlay := s.overlay(r.root)
	s.mu.Unlock()

	run, err := s.lint(context.Background(), r.root, overlay)

	// The last evaluation's other files made and queued first: their
	// diagnostics are what this one compares with (r.shown), and queued
	// after this one's they would go ahead of them.
	s.mu.Lock()
	making := r.making
	s.mu.Unlock()
	if making != nil {
		<-making
	}

	s.mu.Lock()
	if err != nil {
		notify := s.notify
		s.mu.Unlock()
		// A broken configuration or policy pack stops every evaluation;
		// the author must hear why the diagnostics stopped.
		notify(string(protocol.ServerWindowShowMessage), protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: "qmslint: " + oneLine(err.Error())})
		s.mu.Lock()
		if r.run == nil {
			r.run = &Run{}
			close(r.ready)
		}
		s.mu.Unlock()
		return
	}
	if r.run == nil {
		close(r.ready)
	}
	r.run = run
	if gen != r.gen {
		s.mu.Unlock()
		return
	}
	open, rest := s.diagnostics(r, run)
	s.out.post(open)
	made := make(chan struct{})
	r.making = made
	s.mu.Unlock()
	// The other files' once the locks are released: making them reads
	// each file, every file with findings after a first evaluation, while
	// the next evaluation may already lint.
	release()
	s.out.add(rest.made())
	close(made)
}

// diagnostics are the notifications for one evaluation: every file of the
// repository whose diagnostics changed (a change to one document can break
// another, and the editor shows those when the author opens them), every
// open buffer, and an empty list for each file that had diagnostics and
// has none now. A file whose text and findings are those of the last
// evaluation keeps the diagnostics made then, neither read nor sent
// again: on a large QMS nearly every file has findings, and an
// evaluation after a keystroke changes those of a few. It returns the
// open buffers' notifications, and the rest's by URI, to be made once
// s.mu is released (unsent.made); the outbox sends them. s.mu is held.
func (s *Server) diagnostics(r *repoState, run *Run) ([]protocol.PublishDiagnosticsParams, *unsent) {
	open := map[string]*document{}
	for _, d := range s.docs {
		if d.root == r.root {
			open[d.rel] = d
		}
	}
	// The digest of each file as the run read it, to know it unchanged
	// without reading it.
	var read map[string]string
	if run.Repo != nil {
		read = make(map[string]string, len(run.Repo.Files)+len(run.Repo.Read))
		for _, list := range [][]model.File{run.Repo.Files, run.Repo.Read} {
			for _, f := range list {
				read[f.Path] = f.SHA256
			}
		}
	}
	// The findings of each file as a part of the run's list, sorted by
	// file (a copy is sorted when they are not): a large QMS has tens of
	// thousands, not worth copying one by one into lists by file.
	fs := run.Findings
	if !sortedByFile(fs) {
		fs = slices.Clone(fs)
		slices.SortStableFunc(fs, func(a, b finding.Finding) int { return strings.Compare(a.File, b.File) })
	}
	var files []string
	var ofFile [][]finding.Finding
	for i := 0; i < len(fs); {
		j := i + 1
		for j < len(fs) && fs[j].File == fs[i].File {
			j++
		}
		// A finding without a file has nowhere to show: a repository
		// without a configuration file or a quality manual (lint places
		// these findings there).
		if fs[i].File != "" {
			files = append(files, fs[i].File)
			ofFile = append(ofFile, fs[i:j])
		}
		i = j
	}
	shown := make(map[string]shownFile, len(files))
	publish := map[string]bool{}
	rest := &unsent{rules: run.Rules, read: s.readText}
	h := sha256.New()
	var buf []byte
	for fi, rel := range files {
		uri := r.uri(rel)
		d := open[rel]
		var text string
		var known bool
		if d != nil {
			uri, text, known = d.uri, d.text, true
		}
		h.Reset()
		buf = buf[:0]
		switch {
		case known:
			buf = field(append(buf, "buffer "...), text)
		case read[rel] != "":
			buf = field(append(buf, "file "...), read[rel])
		default:
			// Not read by the run (a folder, say): its text now.
			text, known = s.readText(filepath.Join(r.root, filepath.FromSlash(rel))), true
			buf = field(append(buf, "text "...), text)
		}
		fs := ofFile[fi]
		for _, f := range fs {
			// Each field as length and bytes: no two lists write the same.
			for _, v := range [...]string{f.ID, f.Rule, f.Severity, f.Message, f.Status, run.Rules[f.Rule].Help} {
				buf = field(buf, v)
			}
			for _, v := range f.CAPA {
				buf = field(buf, v)
			}
			buf = strconv.AppendInt(append(buf, ' '), int64(len(f.CAPA)), 10)
			buf = strconv.AppendInt(append(buf, ' '), int64(f.Line), 10)
			buf = strconv.AppendInt(append(buf, ' '), int64(f.Column), 10)
			buf = append(buf, '\n')
		}
		h.Write(buf)
		var key [32]byte
		h.Sum(key[:0])
		if last, ok := r.shown[uri]; ok && last.key == key {
			shown[uri] = last
			continue
		}
		ds := make([]protocol.Diagnostic, len(fs))
		if known {
			for i, f := range fs {
				ds[i] = diagnostic(f, text, run.Rules[f.Rule].Help)
			}
		} else {
			// Made by unsent.made, in place: shown and the notification
			// share ds.
			rest.todo = append(rest.todo, unmade{path: filepath.Join(r.root, filepath.FromSlash(rel)), findings: fs, diags: ds})
		}
		shown[uri] = shownFile{key: key, diags: ds}
		publish[uri] = true
	}
	// Every open buffer: the editor asked about it.
	openURIs := make(map[string]struct{}, len(open))
	for _, d := range open {
		openURIs[d.uri] = struct{}{}
		if _, ok := shown[d.uri]; !ok {
			shown[d.uri] = shownFile{diags: []protocol.Diagnostic{}}
		}
		publish[d.uri] = true
	}
	for uri := range r.shown {
		if _, ok := shown[uri]; !ok {
			publish[uri] = true
			shown[uri] = shownFile{diags: []protocol.Diagnostic{}}
		}
	}
	// The open buffers first, which the author looks at, then the rest.
	var out []protocol.PublishDiagnosticsParams
	for _, uri := range slices.Sorted(maps.Keys(publish)) {
		p := protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: shown[uri].diags}
		if _, ok := openURIs[uri]; ok {
			out = append(out, p)
		} else {
			rest.pubs = append(rest.pubs, p)
		}
	}
	// A file cleared stays out of the next evaluation's list.
	for uri, sh := range shown {
		if len(sh.diags) == 0 {
			delete(shown, uri)
		}
	}
	r.shown = shown
	return out, rest
}

// unsent are the notifications of an evaluation's files other than the
// open buffers, some of whose diagnostics are still to be made from the
// file's text (todo).
type unsent struct {
	pubs  []protocol.PublishDiagnosticsParams
	todo  []unmade
	rules map[string]Rule
	read  func(path string) string
}

// unmade is a file's diagnostics to make: diags, of its findings, from
// the text at path.
type unmade struct {
	path     string
	findings []finding.Finding
	diags    []protocol.Diagnostic
}

// made makes what is still to be made, on every core, and returns the
// notifications.
func (u *unsent) made() []protocol.PublishDiagnosticsParams {
	parallel.Each(len(u.todo), func(_, i int) {
		t := u.todo[i]
		text := u.read(t.path)
		for j, f := range t.findings {
			t.diags[j] = diagnostic(f, text, u.rules[f.Rule].Help)
		}
	})
	return u.pubs
}

func sortedByFile(fs []finding.Finding) bool {
	for i := 1; i < len(fs); i++ {
		if fs[i-1].File > fs[i].File {
			return false
		}
	}
	return true
}

// field appends v to b as its length and bytes.
func field(b []byte, v string) []byte {
	b = strconv.AppendInt(b, int64(len(v)), 10)
	return append(append(b, ':'), v...)
}

// uri is the URI of the file rel of the repository, made once per file
// for the server's life: every evaluation names every file with
// findings, thousands in a large QMS.
func (r *repoState) uri(rel string) string {
	if u, ok := r.uris[rel]; ok {
		return u
	}
	u := pathURI(filepath.Join(r.root, filepath.FromSlash(rel)))
	if r.uris == nil || len(r.uris) >= maxURIs {
		r.uris = map[string]string{}
	}
	r.uris[rel] = u
	return u
}

// maxURIs bounds the URIs a repository keeps: files come and go over a
// server's life.
const maxURIs = 100_000

// shownFile is what a file's diagnostics were made from (the text and
// findings, by digest) and the diagnostics published.
type shownFile struct {
	key   [32]byte
	diags []protocol.Diagnostic
}

// diagnostic is a finding as the editor shows it. Waived findings are
// hints: the organisation accepted them, with a reason, until a date.
func diagnostic(f finding.Finding, text, help string) protocol.Diagnostic {
	sev := severity(f.Severity)
	msg := f.Message
	switch f.Status {
	case finding.StatusWaived:
		h := protocol.DiagnosticSeverityHint
		sev = &h
		msg += " (waived)"
	case finding.StatusTracked, finding.StatusOverdue, finding.StatusRecurring:
		msg += fmt.Sprintf(" (%s: %s)", f.Status, strings.Join(f.CAPA, ", "))
	}
	source := "qmslint"
	d := protocol.Diagnostic{
		Range:    findingRange(text, f.Line, f.Column),
		Severity: sev,
		Code:     &protocol.IntegerOrString{Value: f.Rule},
		Source:   &source,
		Message:  msg,
		Data:     map[string]string{"id": f.ID},
	}
	if help != "" {
		d.CodeDescription = &protocol.CodeDescription{HRef: help}
	}
	return d
}

func severity(s string) *protocol.DiagnosticSeverity {
	v := protocol.DiagnosticSeverityInformation
	switch s {
	case finding.Major:
		v = protocol.DiagnosticSeverityError
	case finding.Minor:
		v = protocol.DiagnosticSeverityWarning
	}
	return &v
}

// readText is the text of the file at path, for placing a diagnostic's
// columns; "" for one the loader would not read either (a link, a pipe,
// a file over its limit), whose columns are then taken as they are.
func readText(path string) string {
	b, err := load.ReadRegular(path, load.MaxFileSize)
	if err != nil {
		return ""
	}
	return string(b)
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
