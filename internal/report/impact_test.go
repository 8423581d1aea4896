package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The impact table computes in Go what infra.building-restore-exceeds-rto
// and infra.building-restore-unknown compute in Rego (the report renders
// a lint's outcome and runs no policy). The two must agree: the rules
// fire for exactly the buildings the table marks over the RTO or
// unknown, and the restore time the rule states is the table's.
func TestImpactAgreesWithRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, root, date string
		over, unjudged   []string
	}{
		{"datacenter fire", "../../examples/datacenter-fire/before", "2026-03-09", nil, nil},
		{"restore exceeds RTO", "", "", []string{"sxb-3"}, nil},
		{"restore unknown", "", "", nil, []string{"sxb-3"}},
	}
	cases[1].root, cases[1].date = exampleRepo(t, "infra.building-restore-exceeds-rto")
	cases[2].root, cases[2].date = exampleRepo(t, "infra.building-restore-unknown")
	hours := regexp.MustCompile(`leaves [0-9.]+ GB to restore, ([0-9.]+) h at`)
	for _, c := range cases {
		r := build(t, c.root, c.date)
		var over, unjudged []string
		restore := map[string]string{}
		for _, im := range r.Infrastructure.Impact {
			if im.Over() {
				over = append(over, im.Building)
			}
			if im.Unjudged() {
				unjudged = append(unjudged, im.Building)
			}
			restore[im.Building] = strconv.FormatFloat(im.RestoreHours, 'f', -1, 64)
		}
		fired, compared := map[string][]string{}, 0
		for _, g := range r.Findings {
			for _, b := range g.Rules {
				for _, f := range b.Findings {
					if !slices.Contains(fired[f.Rule], f.Subject) {
						fired[f.Rule] = append(fired[f.Rule], f.Subject)
					}
					if m := hours.FindStringSubmatch(f.Message); f.Rule == "infra.building-restore-exceeds-rto" && m != nil {
						compared++
						if m[1] != restore[f.Subject] {
							t.Errorf("%s: the rule restores %s in %s h, the table in %s h", c.name, f.Subject, m[1], restore[f.Subject])
						}
					}
				}
			}
		}
		if len(c.over) > 0 && compared == 0 {
			t.Errorf("%s: no restore time found in the rule's message", c.name)
		}
		for _, x := range []struct {
			rule        string
			table, want []string
		}{
			{"infra.building-restore-exceeds-rto", over, c.over},
			{"infra.building-restore-unknown", unjudged, c.unjudged},
		} {
			rule := sortedCopy(fired[x.rule])
			if !slices.Equal(rule, sortedCopy(x.table)) || !slices.Equal(rule, sortedCopy(x.want)) {
				t.Errorf("%s: %s fires for %v, the table marks %v, want %v", c.name, x.rule, rule, x.table, x.want)
			}
		}
	}
}

// exampleRepo writes policies/examples/<rule>.txtar to a folder and
// returns it with the example's date.
func exampleRepo(t *testing.T, rule string) (dir, date string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("../../policies/examples", rule+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	var name string
	files := map[string][]string{}
	for _, line := range strings.Split(string(src), "\n") {
		switch {
		case strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --"):
			name = strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --")
		case name == "" && strings.HasPrefix(line, "date: "):
			date = strings.TrimPrefix(line, "date: ")
		case name != "":
			files[name] = append(files[name], line)
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Join(files[n], "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if date == "" {
		t.Fatalf("%s.txtar names no date", rule)
	}
	return dir, date
}

// A building with a production asset of unknown volume says so in both
// renderings instead of a restore time that leaves the asset out.
func TestImpactShowsUnknownVolume(t *testing.T) {
	t.Parallel()
	root, date := exampleRepo(t, "infra.building-restore-unknown")
	html, md, js := render(t, build(t, root, date))
	for name, out := range map[string]string{"HTML": string(html), "Markdown": string(md)} {
		if !strings.Contains(out, "no data_gb for p-2; the others 1.5 h") {
			t.Errorf("%s does not say p-2's volume is unknown", name)
		}
	}
	var doc struct {
		Infrastructure struct {
			Impact []Impact `json:"impact"`
		} `json:"infrastructure"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	if ims := doc.Infrastructure.Impact; len(ims) != 1 || !slices.Equal(ims[0].Unknown, []string{"p-2"}) {
		t.Errorf("JSON impact %+v, want p-2 unknown", ims)
	}
}
