package browsertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/cdp"
	"github.com/qmslint/qmslint/internal/cli"
	"github.com/qmslint/qmslint/internal/report"
)

// The reports opened in the browser, as of the days their golden files
// use; "qms-lapsed" is a copy of qms/ with a training record removed and
// an audit report never written, later, so that its training matrix and
// audit programme show what an auditor looks for.
var reports = []struct {
	name, root, date string
	// edits replace, in a copy of root, one text of a file by another.
	edits []edit
	check func(t *testing.T, c contents)
}{
	{"before", "../../examples/datacenter-fire/before", "2026-03-09", nil, nil},
	{"qms", "../../qms", "2026-12-15", nil, checkQMS},
	{"qms-lapsed", "../../qms", "2027-01-05", []edit{
		{"logs/training-records.yaml", "document: SOP-013, revision: 6, people: [sokafor, lnovak, malbers, ekaya]", "document: SOP-013, revision: 6, people: [sokafor, lnovak, ekaya]"},
		{"registers/audit-programme.yaml", "    report: REC-008\n", ""},
	}, checkLapsed},
}

type edit struct{ file, old, new string }

// contents is what the browser shows of the training matrix and the audit
// programme: each cell's text, by "person|document", by grid row (one
// text per cycle) and by audit id (the whole table row).
type contents struct {
	Training map[string]string
	Grid     map[string][]string
	Audits   map[string]string
}

const readContents = `JSON.stringify({
	training: Object.fromEntries(Array.from(document.querySelectorAll("#training tr[data-person] td[data-doc]")).map(td => [td.parentElement.dataset.person + "|" + td.dataset.doc, td.innerText.trim()])),
	grid: Object.fromEntries(Array.from(document.querySelectorAll("#audits tr[data-row]")).map(tr => [tr.dataset.row, Array.from(tr.cells).slice(1).map(td => td.innerText.trim())])),
	audits: Object.fromEntries(Array.from(document.querySelectorAll("#audits table.audits tbody tr")).map(tr => [tr.cells[0].innerText.trim(), tr.innerText.trim()])),
})`

func want(t *testing.T, what, got, wanted string) {
	t.Helper()
	if got != wanted {
		t.Errorf("%s shows %q, want %q", what, got, wanted)
	}
}

func wantIn(t *testing.T, what, got, part string) {
	t.Helper()
	if !strings.Contains(got, part) {
		t.Errorf("%s shows %q, want it to contain %q", what, got, part)
	}
}

func checkQMS(t *testing.T, c contents) {
	want(t, "Marek Albers × SOP-013", c.Training["malbers|SOP-013"], "2026-11-23")
	want(t, "Jonas Brandt × SOP-010 (not his role's)", c.Training["jbrandt|SOP-010"], "·")
	if len(c.Training) != 24 {
		t.Errorf("training matrix has %d cells, want 6 people × 4 documents", len(c.Training))
	}
	want(t, "grid ISO13485:4.2", strings.Join(c.Grid["ISO13485:4.2"], " | "), "IA-2026-01 2026-02-18")
	wantIn(t, "grid Risk management", strings.Join(c.Grid["Risk management"], " | "), "IA-2027-02 2027-04-14")
	want(t, "grid ISO13485:6.4", strings.Join(c.Grid["ISO13485:6.4"], " | "), "IA-2027-03 2027-05-12")
	wantIn(t, "audit IA-2026-05", c.Audits["IA-2026-05"], "REC-008")
}

func checkLapsed(t *testing.T, c contents) {
	want(t, "Marek Albers × SOP-013 without his record", c.Training["malbers|SOP-013"], "missing")
	want(t, "Marek Albers × SOP-010", c.Training["malbers|SOP-010"], "2026-11-23")
	// The audit of 2026-10-07 has no report three months on.
	wantIn(t, "audit IA-2026-05", c.Audits["IA-2026-05"], "no report")
	want(t, "grid ISO13485:4.2", strings.Join(c.Grid["ISO13485:4.2"], " | "), "IA-2026-01 2026-02-18")
}

// browser finds Chromium, or skips: only .ci/browser-test.sh sets
// QMSLINT_BROWSER_TEST=require, where a missing browser is a failure.
func browser(t *testing.T) string {
	t.Helper()
	p, err := report.FindBrowser()
	if err != nil {
		if os.Getenv("QMSLINT_BROWSER_TEST") == "require" {
			t.Fatal(err)
		}
		t.Skip("no Chromium on PATH (chromium, chromium-browser, google-chrome): the browser test is skipped; apt-get install chromium to run it, as .ci/run does")
	}
	return p
}

func qmslint(t *testing.T, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(args, cli.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Now: time.Now, Getenv: os.Getenv})
	if code != cli.ExitOK {
		t.Fatalf("qmslint %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.Bytes()
}

// TestReportInBrowser opens each HTML report in headless Chromium and
// fails on a console error, an uncaught exception, any request other than
// the page itself, or a section that renders empty; then it takes a
// screenshot and prints the page to PDF.
func TestReportInBrowser(t *testing.T) {
	bin := browser(t)
	for _, r := range reports {
		t.Run(r.name, func(t *testing.T) {
			if _, err := os.Stat(r.root); err != nil {
				t.Skipf("%s is not in this checkout", r.root)
			}
			dir := t.TempDir()
			root := r.root
			if len(r.edits) > 0 {
				root = filepath.Join(dir, "qms")
				if err := os.CopyFS(root, os.DirFS(r.root)); err != nil {
					t.Fatal(err)
				}
				for _, e := range r.edits {
					p := filepath.Join(root, e.file)
					b, err := os.ReadFile(p)
					if err != nil || !strings.Contains(string(b), e.old) {
						t.Fatalf("%s no longer holds %q (%v)", e.file, e.old, err)
					}
					if err := os.WriteFile(p, []byte(strings.Replace(string(b), e.old, e.new, 1)), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			page := filepath.Join(dir, "report.html")
			if err := os.WriteFile(page, qmslint(t, "report", "--date", r.date, root), 0o644); err != nil {
				t.Fatal(err)
			}
			c := open(t, bin, page, r.name)
			if r.check != nil {
				r.check(t, c)
			}
		})
	}
}

func open(t *testing.T, bin, page, name string) contents {
	problems, png, doc, c, err := inspect(bin, page, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 10_000 {
		t.Errorf("screenshot is not a PNG of a rendered page (%d bytes)", len(png))
	}
	// Each section starts a page, the summary shares the cover's.
	if pages := len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(doc, -1)); !bytes.HasPrefix(doc, []byte("%PDF")) || pages < 8 {
		t.Errorf("printed PDF has %d pages, want at least 8, one per section", pages)
	}
	if dir := os.Getenv("QMSLINT_SCREENSHOT_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
		_ = os.WriteFile(filepath.Join(dir, name+".pdf"), doc, 0o644)
	}
	return c
}

// The checks catch what they look for: a page that logs an error, throws,
// fetches an image and has an empty section fails each of them.
func TestInspectCatchesViolations(t *testing.T) {
	bin := browser(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	bad := `<!DOCTYPE html><html><head><title>bad</title></head><body>
<section id="summary"><h2>Summary</h2><p>text</p><p>more text</p></section>
<section id="empty"><h2>Empty</h2></section>
<img src="http://report-assets.invalid/logo.png" alt="">
<script>console.error("boom"); throw new Error("uncaught");</script>
</body></html>`
	if err := os.WriteFile(page, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, _, _, _, err := inspect(bin, page, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{`section "empty" renders empty`, "console error: [boom]", "uncaught exception", "requested http://report-assets.invalid/logo.png", "sections rendered"} {
		if !strings.Contains(all, want) {
			t.Errorf("inspect did not report %q; it said:\n%s", want, all)
		}
	}
}

// inspect opens page in a fresh headless browser and returns what is wrong
// with it, a screenshot, the page printed to PDF and what it shows of the
// training matrix and the audit programme.
func inspect(bin, page, profile string) (problems []string, png, doc []byte, c contents, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	b, err := cdp.Start(ctx, bin, report.BrowserFlags(profile)...)
	if err != nil {
		return nil, nil, nil, contents{}, err
	}
	defer b.Close()
	fail := func(err error) ([]string, []byte, []byte, contents, error) {
		return nil, nil, nil, contents{}, fmt.Errorf("%w\n%s", err, b.Stderr())
	}

	s, err := b.NewPage(ctx)
	if err != nil {
		return fail(err)
	}
	for _, domain := range []string{"Page", "Runtime", "Log", "Network"} {
		if err := b.Call(ctx, s, domain+".enable", struct{}{}, nil); err != nil {
			return fail(err)
		}
	}
	if err := b.Call(ctx, s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 1600, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return fail(err)
	}
	loaded := b.Expect("Page.loadEventFired")
	url := report.FileURL(page)
	if err := b.Call(ctx, s, "Page.navigate", map[string]any{"url": url}, nil); err != nil {
		return fail(err)
	}
	select {
	case <-loaded:
	case <-ctx.Done():
		return fail(fmt.Errorf("the page did not load"))
	}

	var eval struct {
		Result struct{ Value string }
	}
	// Reading the report needs no script; the test uses one to measure it.
	const check = `JSON.stringify(Array.from(document.querySelectorAll("section")).map(s => ({id: s.id, h: Math.round(s.getBoundingClientRect().height), lines: s.innerText.trim().split("\n").filter(l => l.trim()).length})))`
	if err := b.Call(ctx, s, "Runtime.evaluate", map[string]any{"expression": check, "returnByValue": true}, &eval); err != nil {
		return fail(err)
	}
	var sections []struct {
		ID    string
		H     int
		Lines int
	}
	if err := json.Unmarshal([]byte(eval.Result.Value), &sections); err != nil {
		return fail(fmt.Errorf("section check: %v (%q)", err, eval.Result.Value))
	}
	if len(sections) != 11 {
		problems = append(problems, fmt.Sprintf("%d sections rendered, want 11", len(sections)))
	}
	for _, sec := range sections {
		// A heading and at least one line of content, with some height.
		if sec.Lines < 2 || sec.H < 40 {
			problems = append(problems, fmt.Sprintf("section %q renders empty: %d lines, %d px high", sec.ID, sec.Lines, sec.H))
		}
	}

	// Every text of the charts inside its SVG, as the browser lays it out
	// with the fonts it has: a label past the edge is clipped.
	const clipped = `JSON.stringify(Array.from(document.querySelectorAll("svg.chart text")).filter(t => { const b = t.getBBox(), v = t.ownerSVGElement.viewBox.baseVal; return b.x < 0 || b.x + b.width > v.width + 0.5; }).map(t => t.textContent))`
	var clip struct {
		Result struct{ Value string }
	}
	if err := b.Call(ctx, s, "Runtime.evaluate", map[string]any{"expression": clipped, "returnByValue": true}, &clip); err != nil {
		return fail(err)
	}
	if clip.Result.Value != "[]" {
		problems = append(problems, "chart texts clipped at the SVG's edge: "+clip.Result.Value)
	}
	mp, err := mapProblems(ctx, b, s)
	if err != nil {
		return fail(err)
	}
	problems = append(problems, mp...)

	var read struct {
		Result struct{ Value string }
	}
	if err := b.Call(ctx, s, "Runtime.evaluate", map[string]any{"expression": readContents, "returnByValue": true}, &read); err != nil {
		return fail(err)
	}
	if err := json.Unmarshal([]byte(read.Result.Value), &c); err != nil {
		return fail(fmt.Errorf("reading the training matrix and audit programme: %v (%q)", err, read.Result.Value))
	}

	var shot, pdf struct{ Data string }
	if err := b.Call(ctx, s, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		return fail(err)
	}
	if err := b.Call(ctx, s, "Page.printToPDF", map[string]any{"printBackground": true, "preferCSSPageSize": true}, &pdf); err != nil {
		return fail(err)
	}
	png, _ = base64.StdEncoding.DecodeString(shot.Data)
	doc, _ = base64.StdEncoding.DecodeString(pdf.Data)

	for _, ev := range b.Events() {
		switch ev.Method {
		case "Runtime.consoleAPICalled":
			var p struct {
				Type string
				Args []struct{ Value any }
			}
			_ = json.Unmarshal(ev.Params, &p)
			if p.Type == "error" || p.Type == "assert" {
				var args []string
				for _, a := range p.Args {
					args = append(args, fmt.Sprint(a.Value))
				}
				problems = append(problems, fmt.Sprintf("console %s: %v", p.Type, args))
			}
		case "Runtime.exceptionThrown":
			problems = append(problems, fmt.Sprintf("uncaught exception: %s", ev.Params))
		case "Log.entryAdded":
			var p struct {
				Entry struct{ Level, Source, Text, URL string }
			}
			_ = json.Unmarshal(ev.Params, &p)
			if p.Entry.Level == "error" {
				problems = append(problems, fmt.Sprintf("console error (%s): %s %s", p.Entry.Source, p.Entry.Text, p.Entry.URL))
			}
		case "Network.requestWillBeSent":
			var p struct{ Request struct{ URL string } }
			_ = json.Unmarshal(ev.Params, &p)
			if p.Request.URL != url {
				problems = append(problems, fmt.Sprintf("the page requested %s: a report must not fetch anything", p.Request.URL))
			}
		}
	}
	return problems, png, doc, c, nil
}

// TestPDFFormat runs qmslint report --format pdf, the one feature that
// uses a browser, end to end, and reads the PDF's text back with
// pdftotext (Debian's poppler-utils): every page has the running header
// and "Page n of N", and no document id is broken across lines.
func TestPDFFormat(t *testing.T) {
	browser(t)
	r := reports[1]
	if _, err := os.Stat(r.root); err != nil {
		t.Skipf("%s is not in this checkout", r.root)
	}
	out := filepath.Join(t.TempDir(), "report.pdf")
	qmslint(t, "report", "--format", "pdf", "--date", r.date, "--out", out, r.root)
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("--format pdf wrote no PDF: %v", err)
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("QMSLINT_BROWSER_TEST") == "require" {
			t.Fatal("pdftotext is not on PATH: apt-get install poppler-utils, as .ci/run does")
		}
		t.Skip("no pdftotext: the PDF's text is not checked")
	}
	text, err := exec.Command(pdftotext, "-layout", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(text), "\f\n"), "\f")
	if len(pages) < 2 {
		t.Fatalf("%d page(s); the report of %s has more", len(pages), r.root)
	}
	var cover struct{ Cover struct{ Organisation string } }
	if err := json.Unmarshal(qmslint(t, "report", "--format", "json", "--date", r.date, r.root), &cover); err != nil {
		t.Fatal(err)
	}
	for i, p := range pages {
		if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if !strings.Contains(p, "Internal audit report: "+cover.Cover.Organisation) || !strings.Contains(p, "as of "+r.date) {
			t.Errorf("page %d lacks the running header (%s, as of %s)", i+1, cover.Cover.Organisation, r.date)
		}
	}
	// An id cut at its hyphen ends a line with "SOP-" or "INV-".
	broken := regexp.MustCompile(`(?m)\b[A-Z]{2,}-$`)
	if m := broken.FindAllString(string(text), 5); len(m) > 0 {
		t.Errorf("ids broken across lines: %q", m)
	}
}
