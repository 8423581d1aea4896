package report

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/model"
)

// The datacenter map: every campus a box, west to east by its sites'
// longitude where the inventory gives coordinates (else by provider and
// name), holding its buildings, each listing its assets by role. Boxes are
// sized from the measured width of their labels, so nothing is clipped,
// and drawn from the inventory alone: no tiles, no request. A building
// where a backup shares the building with the production asset it copies
// is outlined in red and its pair named.

const (
	mapPx      = 12.0 // label size, as .dcmap text in the CSS
	mapTitlePx = 13.0
	mapPad     = 10.0
	mapRow     = 18.0
	mapGap     = 16.0
	mapMaxRow  = 1100.0 // wrap campuses to a new row past this width
	// bold widens DejaVu Sans, which textWidth measures in its regular
	// weight, by under 12%: headings and marked pairs are set bold.
	bold = 1.12
)

var roleColour = map[string]string{
	"production": "#1f5fa8",
	"backup":     "#2e7d32",
	"monitoring": "#7b3fa0",
}

type mapCampus struct {
	name, label string
	lon         float64
	hasLon      bool
	buildings   []Building
}

func siteLongitudes(repo *model.Repository) map[string]float64 {
	out := map[string]float64{}
	for _, reg := range repo.Registers {
		if model.Kind(reg.Data) != "inventory" {
			continue
		}
		for _, it := range list(reg.Data, "sites") {
			if lon, ok := number(it["lon"]); ok {
				if _, dup := out[str(it, "id")]; !dup {
					out[str(it, "id")] = lon
				}
			}
		}
	}
	return out
}

func assetLine(a Asset) string {
	s := a.ID + " · " + a.Role
	if len(a.BacksUp) > 0 {
		s += " · copies " + strings.Join(a.BacksUp, ", ")
	}
	if len(a.MonitoredBy) > 0 {
		s += " · watched by " + strings.Join(a.MonitoredBy, ", ")
	}
	return s
}

func datacenterMap(repo *model.Repository, infra Infrastructure) template.HTML {
	if len(infra.Buildings) == 0 {
		return ""
	}
	lons := siteLongitudes(repo)
	byName := map[string]*mapCampus{}
	var campuses []*mapCampus
	for _, b := range infra.Buildings {
		name := b.Campus
		if name == "" {
			name = "building " + b.Building
		}
		c := byName[name]
		if c == nil {
			label := name
			if b.Location != "" {
				label += " · " + b.Location
			}
			c = &mapCampus{name: name, label: label + " · " + b.Provider}
			byName[name] = c
			campuses = append(campuses, c)
		}
		c.buildings = append(c.buildings, b)
		for _, s := range b.Sites {
			if lon, ok := lons[s]; ok && !c.hasLon {
				c.lon, c.hasLon = lon, true
			}
		}
	}
	sort.SliceStable(campuses, func(i, j int) bool {
		a, b := campuses[i], campuses[j]
		if a.hasLon != b.hasLon {
			return a.hasLon
		}
		if a.hasLon && a.lon != b.lon {
			return a.lon < b.lon
		}
		return a.name < b.name
	})

	var b strings.Builder
	x, y, rowH, width := mapGap, mapGap+22, 0.0, 0.0
	var body strings.Builder
	pairs := 0
	for _, c := range campuses {
		// Width: the widest of the campus label and its buildings' lines.
		bw := 0.0
		for _, bl := range c.buildings {
			bw = max(bw, bold*(textWidth(bl.Building, mapTitlePx)+textWidth(" ⚠ backup and production together", mapPx)))
			for _, a := range bl.Assets {
				bw = max(bw, 14+bold*textWidth(assetLine(a), mapPx))
			}
		}
		bw = math.Ceil(bw + 2*mapPad)
		cw := math.Ceil(max(bw+2*mapPad, bold*textWidth(c.label, mapTitlePx)+2*mapPad))
		ch := 28.0
		for _, bl := range c.buildings {
			ch += 26 + mapRow*float64(max(1, len(bl.Assets))) + mapPad
		}
		ch += mapPad / 2
		if x > mapGap && x+cw > mapMaxRow {
			x, y = mapGap, y+rowH+mapGap
			rowH = 0
		}
		fmt.Fprintf(&body, `<g class="dc-campus"><rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" rx="6" fill="#f4f6f8" stroke="#9aa5b1"/>`, x, y, cw, ch)
		fmt.Fprintf(&body, `<text x="%.0f" y="%.0f" class="campus-label">%s</text>`, x+mapPad, y+19, esc(c.label))
		by := y + 28
		for _, bl := range c.buildings {
			bh := 26 + mapRow*float64(max(1, len(bl.Assets))) + mapPad/2
			together := false
			for _, a := range bl.Assets {
				if len(a.SharesBuilding) > 0 {
					together = true
				}
			}
			stroke, cls := "#52606d", "dc-building"
			if together {
				stroke, cls = colMajor, "dc-building colocated"
				pairs++
			}
			fmt.Fprintf(&body, `<g class="%s" data-building="%s"><rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" rx="4" fill="#fff" stroke="%s"%s/>`, cls, esc(bl.Building), x+mapPad, by, bw, bh, stroke, dash(together))
			fmt.Fprintf(&body, `<text x="%.0f" y="%.0f" class="building-label">%s`, x+2*mapPad, by+18, esc(bl.Building))
			if together {
				fmt.Fprintf(&body, `<tspan class="pair"> ⚠ backup and production together</tspan>`)
			}
			body.WriteString(`</text>`)
			ay := by + 26
			if len(bl.Assets) == 0 {
				fmt.Fprintf(&body, `<text x="%.0f" y="%.0f" class="muted">no assets</text>`, x+2*mapPad, ay+12)
			}
			for _, a := range bl.Assets {
				col := roleColour[a.Role]
				if col == "" {
					col = "#7b8794"
				}
				fmt.Fprintf(&body, `<circle cx="%.0f" cy="%.0f" r="5" fill="%s"/>`, x+2*mapPad+4, ay+8, col)
				cls := "asset"
				if len(a.SharesBuilding) > 0 {
					cls = "asset pair"
				}
				fmt.Fprintf(&body, `<text x="%.0f" y="%.0f" class="%s">%s</text>`, x+2*mapPad+14, ay+12, cls, esc(assetLine(a)))
				ay += mapRow
			}
			body.WriteString(`</g>`)
			by += bh + mapPad/2
		}
		body.WriteString(`</g>`)
		x += cw + mapGap
		width = max(width, x)
		rowH = max(rowH, ch)
	}
	h := y + rowH + mapGap
	w := math.Max(width, 420)
	fmt.Fprintf(&b, `<svg class="dcmap" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="dcmap-title">`, w, h, w, h)
	fmt.Fprintf(&b, `<title id="dcmap-title">Datacenter map: %d campus(es), %d building(s), %d with a backup beside the production it copies</title>`, len(campuses), len(infra.Buildings), pairs)
	x = mapGap
	for _, l := range []struct{ role, label string }{{"production", "production"}, {"backup", "backup"}, {"monitoring", "monitoring"}} {
		fmt.Fprintf(&b, `<circle cx="%.0f" cy="16" r="5" fill="%s"/><text x="%.0f" y="20" class="legend">%s</text>`, x+5, roleColour[l.role], x+14, l.label)
		x += 28 + textWidth(l.label, mapPx)
	}
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func dash(on bool) string {
	if on {
		return ` stroke-width="2" stroke-dasharray="6 3"`
	}
	return ""
}
