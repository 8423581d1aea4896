package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"io"
	"strings"
)

var (
	//go:embed templates/report.html.tmpl
	htmlSource string
	//go:embed templates/report.css
	css string
)

// csp is the report's Content-Security-Policy: nothing may load or run,
// and the one inline style sheet is allowed by its hash. The report has no
// script and fetches nothing, so this costs nothing; it means that text
// from a hostile repository that ever slipped past escaping still could
// not run or phone home from an auditor's browser.
var csp = func() string {
	sum := sha256.Sum256([]byte(css))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
}()

// openRows is the largest table shown expanded; larger ones start
// collapsed so a report of thousands of documents stays readable.
const openRows = 150

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"css":     func() template.CSS { return template.CSS(css) },
	"csp":     func() string { return csp },
	"heatMap": heatMap,
	"meter":   meter,
	"pct":     pct,
	"place":   place,
	"number":  clauseNumber,
	// Bound to the report in HTML: labels name its catalogs' standards.
	"clause":      func(string) string { return "" },
	"clauses":     func([]string) string { return "" },
	"group":       func(string) string { return "" },
	"groupChart":  func([]GroupCount) template.HTML { return "" },
	"join":        strings.Join,
	"clip":        clipList,
	"acceptance":  acceptance,
	"open":        func(n int) bool { return n <= openRows },
	"short":       func(s string) string { return shortHash(s) },
	"sevClass":    func(s string) string { return "sev-" + cssWord(s) },
	"statusClass": func(s string) string { return "st-" + cssWord(s) },
	"sepClass":    func(s string) string { return "sep-" + cssWord(s) },
	"add":         func(a, b int) int { return a + b },
	"eff":         effText,
	"docRefs":     func(ds []DocRef) []DocRef { return ds },
}).Parse(htmlSource))

// HTML writes the report as one self-contained page: CSS and charts
// inline, no script, no external reference.
func HTML(w io.Writer, r *Report) error {
	t, err := page.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{
		"clause":     r.clauseLabel,
		"clauses":    r.clauseList,
		"group":      r.groupLabel,
		"groupChart": func(gs []GroupCount) template.HTML { return groupChart(gs, r.groupLabel) },
	})
	var b strings.Builder
	if err := t.Execute(&b, r); err != nil {
		return err
	}
	_, err = io.WriteString(w, keepIDs(b.String()))
	return err
}

func cssWord(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, s)
}

func shortHash(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
