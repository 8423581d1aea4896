package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
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

// PDF prints the HTML page with browser and writes the PDF to w.
func PDF(ctx context.Context, browser string, html []byte, w io.Writer) error {
	dir, err := os.MkdirTemp("", "qmslint-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "report.html")
	out := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	args := append(BrowserFlags(filepath.Join(dir, "profile")),
		"--no-pdf-header-footer", "--print-to-pdf-no-header", "--print-to-pdf="+out, FileURL(page))
	cmd := exec.CommandContext(ctx, browser, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s could not print the report: %v\n%s", browser, err, lastLines(stderr.String(), 5))
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		return fmt.Errorf("%s wrote no PDF\n%s", browser, lastLines(stderr.String(), 5))
	}
	_, err = w.Write(pdf)
	return err
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
