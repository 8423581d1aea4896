package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/qmslint/qmslint/internal/cdp"
	"github.com/qmslint/qmslint/internal/report"
)

// mapFacts is what the browser shows of the datacenter map: the buildings
// labelled, those marked as holding a backup beside its production, and
// every text that the layout pushed past its building's box or the SVG's
// edge, as the browser measures them with the fonts it has.
const mapFacts = `JSON.stringify((() => {
  const svg = document.querySelector("svg.dcmap");
  if (!svg) return {maps: 0};
  const v = svg.viewBox.baseVal;
  const out = {maps: document.querySelectorAll("svg.dcmap").length, labelled: [], marked: [], clipped: []};
  for (const g of svg.querySelectorAll("g.dc-building")) {
    const label = g.querySelector("text.building-label");
    if (label && label.firstChild && label.firstChild.textContent.trim() === g.dataset.building) out.labelled.push(g.dataset.building);
    if (g.classList.contains("colocated") && g.querySelector(".pair")) out.marked.push(g.dataset.building);
    const r = g.querySelector("rect").getBBox();
    for (const t of g.querySelectorAll("text")) {
      const b = t.getBBox();
      if (b.x < r.x || b.x + b.width > r.x + r.width + 0.5 || b.y < r.y || b.y + b.height > r.y + r.height + 0.5) out.clipped.push(t.textContent);
    }
  }
  for (const t of svg.querySelectorAll("text")) {
    const b = t.getBBox();
    if (b.x < 0 || b.x + b.width > v.width + 0.5 || b.y < 0 || b.y + b.height > v.height + 0.5) out.clipped.push(t.textContent);
  }
  return out;
})())`

type mapSeen struct {
	Maps     int
	Labelled []string
	Marked   []string
	Clipped  []string
}

func readMap(ctx context.Context, b *cdp.Browser, s string) (mapSeen, error) {
	var eval struct {
		Result struct{ Value string }
	}
	if err := b.Call(ctx, s, "Runtime.evaluate", map[string]any{"expression": mapFacts, "returnByValue": true}, &eval); err != nil {
		return mapSeen{}, err
	}
	var m mapSeen
	if err := json.Unmarshal([]byte(eval.Result.Value), &m); err != nil {
		return mapSeen{}, fmt.Errorf("map check: %v (%q)", err, eval.Result.Value)
	}
	return m, nil
}

// mapProblems are the map's texts that do not fit; what it shows is
// compared with the inventory by TestMapInBrowser.
func mapProblems(ctx context.Context, b *cdp.Browser, s string) ([]string, error) {
	m, err := readMap(ctx, b, s)
	if err != nil {
		return nil, err
	}
	if len(m.Clipped) > 0 {
		return []string{"datacenter map texts past their box or the SVG's edge: " + strings.Join(m.Clipped, " | ")}, nil
	}
	return nil, nil
}

// TestMapInBrowser opens the report of each example and checks the map
// against the report's own JSON: one map, every building labelled with
// its name, and exactly the buildings where a backup shares the building
// with the production it copies marked (sxb-1 the day before the fire,
// none after).
func TestMapInBrowser(t *testing.T) {
	bin := browser(t)
	for _, r := range []struct{ name, root, date string }{
		{"before", "../../examples/datacenter-fire/before", "2026-03-09"},
		{"after", "../../examples/datacenter-fire/after", "2026-11-24"},
	} {
		t.Run(r.name, func(t *testing.T) {
			var rep struct {
				Infrastructure struct {
					Buildings []struct {
						Building string
						Assets   []struct {
							SharesBuilding []string `json:"shares_building"`
						}
					}
				}
			}
			if err := json.Unmarshal(qmslint(t, "report", "--format", "json", "--date", r.date, r.root), &rep); err != nil {
				t.Fatal(err)
			}
			var buildings, colocated []string
			for _, b := range rep.Infrastructure.Buildings {
				buildings = append(buildings, b.Building)
				for _, a := range b.Assets {
					if len(a.SharesBuilding) > 0 && !slices.Contains(colocated, b.Building) {
						colocated = append(colocated, b.Building)
					}
				}
			}
			if r.name == "before" && !slices.Equal(colocated, []string{"sxb-1"}) {
				t.Fatalf("before/ should have bk-1 beside p-1 in sxb-1; the report says %v", colocated)
			}
			page := filepath.Join(t.TempDir(), "report.html")
			if err := os.WriteFile(page, qmslint(t, "report", "--date", r.date, r.root), 0o644); err != nil {
				t.Fatal(err)
			}
			m := seeMap(t, bin, page)
			sort.Strings(buildings)
			sort.Strings(m.Labelled)
			sort.Strings(m.Marked)
			if m.Maps != 1 {
				t.Errorf("%d datacenter maps, want 1", m.Maps)
			}
			if !slices.Equal(m.Labelled, buildings) {
				t.Errorf("buildings labelled on the map %v, want %v", m.Labelled, buildings)
			}
			if !slices.Equal(m.Marked, colocated) && !(len(m.Marked) == 0 && len(colocated) == 0) {
				t.Errorf("buildings marked as holding a backup beside production %v, want %v", m.Marked, colocated)
			}
			if len(m.Clipped) > 0 {
				t.Errorf("map texts past their box: %q", m.Clipped)
			}
		})
	}
}

// The map check sees a label pushed out of its box and an unmarked pair.
func TestMapCheckCatchesViolations(t *testing.T) {
	bin := browser(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	bad := `<!DOCTYPE html><html><body><svg class="dcmap" viewBox="0 0 200 100" width="200" height="100">
<g class="dc-building colocated" data-building="sxb-1"><rect x="10" y="10" width="60" height="40"/><text x="15" y="30" class="building-label">sxb-1 with a long label</text></g>
<g class="dc-building" data-building="fra-3"><rect x="100" y="10" width="60" height="40"/><text x="105" y="30" class="building-label">fra-9</text></g>
</svg></body></html>`
	if err := os.WriteFile(page, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	m := seeMap(t, bin, page)
	if len(m.Clipped) == 0 || !strings.Contains(m.Clipped[0], "long label") {
		t.Errorf("clipped = %q, want the long label", m.Clipped)
	}
	if len(m.Labelled) != 0 {
		t.Errorf("labelled = %q, want none (one label is not its building's name alone, the other names another)", m.Labelled)
	}
	if len(m.Marked) != 0 {
		t.Errorf("marked = %q, want none (no .pair mark)", m.Marked)
	}
}

func seeMap(t *testing.T, bin, page string) mapSeen {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	b, err := cdp.Start(ctx, bin, report.BrowserFlags(t.TempDir())...)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, err := b.NewPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, domain := range []string{"Page", "Runtime"} {
		if err := b.Call(ctx, s, domain+".enable", struct{}{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	loaded := b.Expect("Page.loadEventFired")
	if err := b.Call(ctx, s, "Page.navigate", map[string]any{"url": report.FileURL(page)}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-loaded:
	case <-ctx.Done():
		t.Fatal("the page did not load")
	}
	m, err := readMap(ctx, b, s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
