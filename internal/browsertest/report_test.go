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
// use.
var reports = []struct{ name, root, date string }{
	{"before", "../../examples/datacenter-fire/before", "2026-03-09"},
	{"qms", "../../qms", "2026-12-15"},
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
			page := filepath.Join(dir, "report.html")
			if err := os.WriteFile(page, qmslint(t, "report", "--date", r.date, r.root), 0o644); err != nil {
				t.Fatal(err)
			}
			open(t, bin, page, r.name)
		})
	}
}

func open(t *testing.T, bin, page, name string) {
	problems, png, doc, err := inspect(bin, page, t.TempDir())
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
	problems, _, _, err := inspect(bin, page, t.TempDir())
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
// with it, a screenshot and the page printed to PDF.
func inspect(bin, page, profile string) (problems []string, png, doc []byte, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	b, err := cdp.Start(ctx, bin, report.BrowserFlags(profile)...)
	if err != nil {
		return nil, nil, nil, err
	}
	defer b.Close()
	fail := func(err error) ([]string, []byte, []byte, error) {
		return nil, nil, nil, fmt.Errorf("%w\n%s", err, b.Stderr())
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
	return problems, png, doc, nil
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
