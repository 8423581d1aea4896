package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/qmslint/qmslint/internal/finding"
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
	defer r.busy.Unlock()
	s.mu.Lock()
	if gen != r.gen && r.run != nil {
		s.mu.Unlock()
		return
	}
	overlay := s.overlay(r.root)
	s.mu.Unlock()

	run, err := s.lint(context.Background(), r.root, overlay)

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
	pubs := s.diagnostics(r, run)
	notify := s.notify
	s.mu.Unlock()
	for _, p := range pubs {
		notify(string(protocol.ServerTextDocumentPublishDiagnostics), p)
	}
}

// diagnostics are the notifications for one evaluation: every file of the
// repository with findings (a change to one document can break another,
// and the editor shows those when the author opens them), every open
// buffer, and an empty list for each file that had diagnostics and has
// none now. s.mu is held.
func (s *Server) diagnostics(r *repoState, run *Run) []protocol.PublishDiagnosticsParams {
	open := map[string]*document{}
	for _, d := range s.docs {
		if d.root == r.root {
			open[d.rel] = d
		}
	}
	byURI := map[string][]protocol.Diagnostic{}
	texts := map[string]string{}
	for _, f := range run.Findings {
		if f.File == "" {
			// Nowhere to show it: a repository without a configuration
			// file or a quality manual (lint places these findings
			// there).
			continue
		}
		uri := pathURI(filepath.Join(r.root, filepath.FromSlash(f.File)))
		text, ok := texts[f.File]
		if d := open[f.File]; d != nil {
			uri, text, ok = d.uri, d.text, true
		}
		if !ok {
			text = readText(filepath.Join(r.root, filepath.FromSlash(f.File)))
			texts[f.File] = text
		}
		byURI[uri] = append(byURI[uri], diagnostic(f, text, run.Rules[f.Rule].Help))
	}
	for _, d := range open {
		if _, ok := byURI[d.uri]; !ok {
			byURI[d.uri] = []protocol.Diagnostic{}
		}
	}
	for uri := range r.published {
		if _, ok := byURI[uri]; !ok {
			byURI[uri] = []protocol.Diagnostic{}
		}
	}
	r.published = map[string]bool{}
	uris := make([]string, 0, len(byURI))
	for uri, ds := range byURI {
		uris = append(uris, uri)
		if len(ds) > 0 {
			r.published[uri] = true
		}
	}
	sort.Strings(uris)
	out := make([]protocol.PublishDiagnosticsParams, 0, len(uris))
	for _, uri := range uris {
		out = append(out, protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: byURI[uri]})
	}
	return out
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

// readText is a file's text for placing columns; "" when it cannot be
// read (the column is then taken as is).
func readText(path string) string {
	b, err := os.ReadFile(path)
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
