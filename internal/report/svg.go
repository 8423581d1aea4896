package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// maxLabel is the longest group label, in characters, the chart shows
// whole: clause group titles are shorter.
const maxLabel = 60

// The charts are inline SVG written here rather than in the template:
// they are geometry, computed from counts. Every text is escaped; numbers
// are formatted with fixed precision so output is byte-stable.

func esc(s string) string { return template.HTMLEscapeString(s) }

// Severity colours, shared with the CSS.
const (
	colMajor       = "#b3261e"
	colMinor       = "#c77700"
	colObservation = "#4a6fa5"
)

// groupChart is a horizontal stacked bar per clause group: findings by
// severity.
func groupChart(groups []GroupCount, groupLabel func(string) string) template.HTML {
	if len(groups) == 0 {
		return ""
	}
	most := 0
	for _, g := range groups {
		most = max(most, g.Total())
	}
	// The label column is as wide as the longest label set in the CSS's
	// 12px (svg text), so none is clipped at the left edge; a title longer
	// than maxLabel characters is shortened first.
	const barW, rowH, top, labelPx, gap = 230, 22, 24, 12, 8
	labels := make([]string, len(groups))
	labelW := 120
	for i, g := range groups {
		label := groupLabel(g.Group)
		if g.Title != "" {
			label += " " + g.Title
		}
		if len([]rune(label)) > maxLabel {
			label = string([]rune(label)[:maxLabel-1]) + "…"
		}
		labels[i] = label
		labelW = max(labelW, int(math.Ceil(textWidth(label, labelPx)))+2*gap)
	}
	// Room right of the longest bar for its total, four digits at most.
	w := labelW + barW + 8 + int(math.Ceil(textWidth("0000", labelPx)))
	h := top + rowH*len(groups) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="chart-groups-title">`, w, h, w, h)
	b.WriteString(`<title id="chart-groups-title">Findings per clause group, by severity</title>`)
	legend := []struct{ label, col string }{{"major", colMajor}, {"minor", colMinor}, {"observation", colObservation}}
	for i, l := range legend {
		x := labelW + i*80 - 100
		fmt.Fprintf(&b, `<rect x="%d" y="4" width="12" height="12" fill="%s"/><text x="%d" y="14" class="legend">%s</text>`, x, l.col, x+16, l.label)
	}
	for i, g := range groups {
		y := top + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" class="label">%s</text>`, labelW-gap, y+15, esc(labels[i]))
		x := float64(labelW)
		for _, part := range []struct {
			n   int
			col string
		}{{g.Major, colMajor}, {g.Minor, colMinor}, {g.Observation, colObservation}} {
			if part.n == 0 {
				continue
			}
			pw := float64(barW) * float64(part.n) / float64(most)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="16" fill="%s"><title>%d %s</title></rect>`, x, y+3, pw, part.col, part.n, esc(groupLabel(g.Group)))
			x += pw
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="value">%d</text>`, x+6, y+15, g.Total())
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// heatMap is a 5×5 grid of risk counts, likelihood up and severity right,
// each cell shaded by its score against the acceptance threshold.
func heatMap(id, caption string, h Heat, acceptance float64) template.HTML {
	const cell, left, top = 44, 46, 26
	w, ht := left+5*cell+8, top+5*cell+34
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="heat" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s">`, w, ht, w, ht, esc(id))
	fmt.Fprintf(&b, `<title id="%s">%s</title>`, esc(id), esc(caption))
	fmt.Fprintf(&b, `<text x="%d" y="16" class="caption">%s</text>`, left, esc(caption))
	for l := 5; l >= 1; l-- {
		y := top + (5-l)*cell
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" class="axis">%d</text>`, left-6, y+cell/2+4, l)
		for s := 1; s <= 5; s++ {
			x := left + (s-1)*cell
			n := h[l-1][s-1]
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#fff" stroke-width="2"><title>likelihood %d × severity %d = %d: %d risk(s)</title></rect>`,
				x, y, cell, cell, zone(l*s, acceptance), l, s, l*s, n)
			if n > 0 {
				fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="count">%d</text>`, x+cell/2, y+cell/2+5, n)
			}
		}
	}
	for s := 1; s <= 5; s++ {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="axis">%d</text>`, left+(s-1)*cell+cell/2, top+5*cell+14, s)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="axis">severity →</text>`, left+5*cell/2, top+5*cell+30)
	fmt.Fprintf(&b, `<text x="12" y="%d" text-anchor="middle" class="axis" transform="rotate(-90 12 %d)">likelihood →</text>`, top+5*cell/2, top+5*cell/2)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// zone shades a score: above acceptance red, from half of it amber, else
// green. Without a threshold, qmslint's own bands (above 12, above 6).
func zone(score int, acceptance float64) string {
	high, mid := acceptance, acceptance/2
	if acceptance == 0 {
		high, mid = 12, 6
	}
	switch {
	case float64(score) > high:
		return "#e8a39c"
	case float64(score) > mid:
		return "#f5d49a"
	}
	return "#bfe0c0"
}

// meter is a bar showing a percentage.
func meter(p float64) template.HTML {
	w := p * 2
	if w < 0 {
		w = 0
	}
	col := "#2e7d32"
	switch {
	case p < 80:
		col = colMajor
	case p < 100:
		col = colMinor
	}
	return template.HTML(fmt.Sprintf(`<svg class="meter" viewBox="0 0 200 12" width="200" height="12" role="img" aria-label="%.1f%%"><rect width="200" height="12" rx="3" fill="#e4e7eb"/><rect width="%.1f" height="12" rx="3" fill="%s"/></svg>`, p, w, col))
}
