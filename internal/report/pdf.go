package report

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/qmslint/qmslint/internal/cdp"
)

// Browsers are the Chromium builds looked for on PATH, in order.
var Browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ErrNoBrowser says how to get a browser: --format pdf is the only thing
// in qmslint that needs one.
var ErrNoBrowser = errors.New("--format pdf prints the HTML report with a headless Chromium, and none of " +
	strings.Join(Browsers, ", ") + " is on PATH; install one (Debian/Ubuntu: apt-get install chromium; " +
	"Fedora: dnf install chromium; macOS: brew install --cask chromium), or write --format html and print it from any browser")

// FindBrowser returns the path of the first browser found on PATH.
func FindBrowser() (string, error) {
	for _, name := range Browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// BrowserFlags run Chromium headless with a fresh profile and nothing in
// the background that could reach the network; the report needs none.
func BrowserFlags(profile string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--disable-quic",
		"--host-resolver-rules=MAP * ~NOTFOUND",
		"--user-data-dir=" + profile,
	}
}

// PageHead is what every page of the PDF repeats: the organisation and
// the date in the running header, and the page number in the footer.
type PageHead struct {
	Organisation string
	Date         string
}

// PDF prints the HTML page with browser and writes the PDF to w. It
// drives the browser through the DevTools protocol, which prints a running
// header (organisation, as-of date) and page numbers; where the protocol
// cannot start (a Windows build cannot hand the browser its pipe) it falls
// back to the browser's --print-to-pdf, without them.
func PDF(ctx context.Context, browser string, html []byte, head PageHead, w io.Writer) error {
	dir, err := os.MkdirTemp("", "qmslint-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	pdf, err := printCDP(ctx, browser, filepath.Join(dir, "profile"), FileURL(page), head)
	if errors.Is(err, errNoProtocol) {
		pdf, err = printFlag(ctx, browser, dir, page)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(pdf)
	return err
}

var errNoProtocol = errors.New("the DevTools protocol did not start")

// Header and footer of every page. Chromium renders them apart from the
// page, at a default size too small to read, hence the explicit sizes; it
// fills the elements of class pageNumber and totalPages.
const (
	headerTemplate = `<div style="font: 8px sans-serif; color: #555; width: 100%%; margin: 0 12mm; display: flex; justify-content: space-between;"><span>Internal audit report: %s</span><span>as of %s</span></div>`
	footerTemplate = `<div style="font: 8px sans-serif; color: #555; width: 100%; text-align: center;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`
)

func printCDP(ctx context.Context, browser, profile, url string, head PageHead) ([]byte, error) {
	b, err := cdp.Start(ctx, browser, BrowserFlags(profile)...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoProtocol, err)
	}
	defer b.Close()
	fail := func(err error) ([]byte, error) {
		return nil, fmt.Errorf("%s could not print the report: %v\n%s", browser, err, lastLines(b.Stderr(), 5))
	}
	s, err := b.NewPage(ctx)
	if err != nil {
		return fail(err)
	}
	if err := b.Call(ctx, s, "Page.enable", struct{}{}, nil); err != nil {
		return fail(err)
	}
	loaded := b.Expect("Page.loadEventFired")
	if err := b.Call(ctx, s, "Page.navigate", map[string]any{"url": url}, nil); err != nil {
		return fail(err)
	}
	select {
	case <-loaded:
	case <-ctx.Done():
		return fail(errors.New("the page did not load"))
	}
	var out struct{ Data string }
	err = b.Call(ctx, s, "Page.printToPDF", map[string]any{
		"printBackground":     true,
		"preferCSSPageSize":   true,
		"displayHeaderFooter": true,
		"headerTemplate":      fmt.Sprintf(headerTemplate, html.EscapeString(head.Organisation), html.EscapeString(head.Date)),
		"footerTemplate":      footerTemplate,
	}, &out)
	if err != nil {
		return fail(err)
	}
	pdf, err := base64.StdEncoding.DecodeString(out.Data)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		return fail(fmt.Errorf("no PDF came back: %v", err))
	}
	return pdf, nil
}

func printFlag(ctx context.Context, browser, dir, page string) ([]byte, error) {
	out := filepath.Join(dir, "report.pdf")
	args := append(BrowserFlags(filepath.Join(dir, "profile-flag")),
		"--no-pdf-header-footer", "--print-to-pdf-no-header", "--print-to-pdf="+out, FileURL(page))
	cmd := exec.CommandContext(ctx, browser, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s could not print the report: %v\n%s", browser, err, lastLines(stderr.String(), 5))
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		return nil, fmt.Errorf("%s wrote no PDF\n%s", browser, lastLines(stderr.String(), 5))
	}
	return pdf, nil
}

// FileURL is the file:// URL of an absolute path.
func FileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
