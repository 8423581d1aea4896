package report

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	svgSize = regexp.MustCompile(`<svg class="chart" viewBox="0 0 (\d+) (\d+)"`)
	svgText = regexp.MustCompile(`<text x="([\d.]+)" y="[\d.]+"( text-anchor="end")? class="(label|value|legend)">([^<]*)</text>`)
)

// TestGroupChartLabelsFit: in the SVG's geometry, measured with the
// widest face of the report's fonts, every label of "Findings per clause
// group" starts inside the chart and every total ends inside it; group
// titles are shown whole.
func TestGroupChartLabelsFit(t *testing.T) {
	groups := []GroupCount{
		{Group: "ISO13485:8", Title: "Measurement, analysis and improvement", Major: 2, Minor: 1},
		{Group: "ISO27001:A.5", Title: "Organizational controls", Minor: 1200, Observation: 3},
		{Group: "ISO13485:7", Title: "Product realization", Observation: 1},
		{Group: "ISO27001:A.8", Title: "Technological controls (WWW MMM)", Major: 1},
		{Group: "", Title: "", Minor: 1},
	}
	svg := string(groupChart(groups, (&Report{}).groupLabel))
	m := svgSize.FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no chart:\n%s", svg)
	}
	width, _ := strconv.ParseFloat(m[1], 64)
	texts := svgText.FindAllStringSubmatch(svg, -1)
	labels := 0
	for _, tx := range texts {
		x, _ := strconv.ParseFloat(tx[1], 64)
		s := html.UnescapeString(tx[4])
		w := textWidth(s, 12)
		if tx[3] == "legend" {
			w = textWidth(s, 11)
		}
		left, right := x, x+w
		if tx[2] != "" {
			left, right = x-w, x
		}
		if left < 0 || right > width {
			t.Errorf("%s %q spans %.1f to %.1f, outside the chart's 0 to %.0f", tx[3], s, left, right, width)
		}
		if tx[3] == "label" {
			labels++
			if strings.HasSuffix(s, "…") {
				t.Errorf("label %q shortened", s)
			}
		}
	}
	if labels != len(groups) {
		t.Errorf("%d labels for %d groups:\n%s", labels, len(groups), svg)
	}
}

func TestTextWidth(t *testing.T) {
	// DejaVu Sans at 2048 units per em: "i" is 569, "W" 2025.
	if got := textWidth("iW", 2048); got != 569+2025 {
		t.Errorf("textWidth(iW) = %v", got)
	}
	if textWidth("é", 12) != 12 {
		t.Error("a character outside ASCII counts as a full em")
	}
}
