package tfstate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/golden"
	"github.com/qmslint/qmslint/internal/model"
)

// providers are the fixture states, one per provider of the shipped
// table, written in the documented format of terraform show -json.
var fixtures = []string{"hcloud", "aws", "google", "azurerm", "ovh", "scaleway", "plan"}

// repoWith copies the named fixtures into a temporary repository with a
// .git and a .qmslint.yaml naming them.
func repoWith(t *testing.T, cfgText string, files ...string) (string, *config.Config) {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "infra"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "infra", f), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	name := filepath.Join(dir, ".qmslint.yaml")
	if err := os.WriteFile(name, []byte(cfgText), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(dir, name)
	if err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

// view is what a golden file shows of a register: its data, and the
// line and column of every resource.
func view(t *testing.T, r *model.Register) []byte {
	t.Helper()
	type at struct {
		Line, Col int
	}
	lines := map[string]at{}
	for k, p := range r.Pos {
		if strings.HasPrefix(k, "/resources/") {
			lines[k] = at{p.Line, p.Col}
		}
	}
	out, err := json.MarshalIndent(map[string]any{"file": r.File, "data": r.Data, "positions": lines}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

func TestFixtureStatesGiveAssetsAndLocations(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			dir, cfg := repoWith(t, "terraform:\n  states: [infra/"+name+".json]\n", name+".json")
			regs, files, problems := Load(dir, cfg)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if len(regs) != 1 || len(files) != 1 || files[0].Path != "infra/"+name+".json" || files[0].SHA256 == "" {
				t.Fatalf("got %d registers, files %+v", len(regs), files)
			}
			golden.Check(t, filepath.Join("testdata", name+".golden.json"), view(t, regs[0]))
		})
	}
}

// The fixtures hide secrets in attributes the state marks sensitive
// (user_data, passwords, a label); none may reach the register.
func TestSensitiveValuesNeverReachTheRegister(t *testing.T) {
	var names []string
	for _, f := range fixtures {
		names = append(names, f+".json")
	}
	dir, cfg := repoWith(t, "terraform:\n  states: [infra/"+strings.Join(names, ", infra/")+"]\n", names...)
	regs, _, problems := Load(dir, cfg)
	if len(problems) > 0 || len(regs) != len(fixtures) {
		t.Fatalf("registers %d, problems %v", len(regs), problems)
	}
	all, _ := json.Marshal(regs)
	for _, secret := range []string{"SECRET", "hunter2", "deploy-token"} {
		if strings.Contains(string(all), secret) {
			t.Errorf("the registers hold %q:\n%s", secret, all)
		}
	}
	// The fixtures do hold them: the test would catch a leak.
	src, _ := os.ReadFile(filepath.Join("testdata", "hcloud.json"))
	if !strings.Contains(string(src), "hunter2-SECRET") || !strings.Contains(string(src), "tok-SECRET-LABEL") {
		t.Fatal("the hcloud fixture lost its secrets")
	}
}

func TestSensitivePathsAreNotRead(t *testing.T) {
	v := values{
		attrs: map[string]any{
			"zone":     "fr-par-1",
			"settings": []any{map[string]any{"zone": "secret-zone", "open": "x"}},
			"labels":   map[string]any{"role": "backup", "token": "t"},
		},
		sensitive: map[string]any{"settings": []any{map[string]any{"zone": true}}, "labels": map[string]any{"token": true}},
	}
	for path, want := range map[string]string{"zone": "fr-par-1", "settings.0.zone": "", "settings.0.open": "x", "labels.role": "backup", "labels.token": ""} {
		if got := v.str(path); got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
	if _, ok := v.get("settings"); ok {
		t.Error("a list holding a sensitive value was read whole")
	}
	if v.sensitive = true; v.str("zone") != "" {
		t.Error("a resource marked sensitive as a whole was read")
	}
	tags := (&Tags{Attribute: "labels", Form: "map"}).read(values{attrs: v.attrs, sensitive: map[string]any{"labels": map[string]any{"token": true}}})
	if tags["role"] != "backup" || tags["token"] != "" {
		t.Errorf("tags %v: want role and not the sensitive token", tags)
	}
}

// One bad file is a problem naming it; the others are still read.
func TestBadStatesAreProblems(t *testing.T) {
	dir, cfg := repoWith(t, "terraform:\n  states: [infra/hcloud.json, infra/missing.json, infra/bad.json, ../outside.json, infra/notstate.json]\n", "hcloud.json")
	os.WriteFile(filepath.Join(dir, "infra", "bad.json"), []byte("{\n  \"format_version\": \"1.0\",\n  oops\n}"), 0o644)
	os.WriteFile(filepath.Join(dir, "infra", "notstate.json"), []byte(`{"name": "package.json"}`), 0o644)
	regs, _, problems := Load(dir, cfg)
	if len(regs) != 1 || regs[0].File != "infra/hcloud.json" {
		t.Fatalf("registers %v", regs)
	}
	got := make([]string, len(problems))
	for i, p := range problems {
		got[i] = p.Rule + " " + p.File + ": " + p.Msg
	}
	want := []string{
		`parse.skipped infra/missing.json: terraform.states: cannot read "infra/missing.json": no such file or directory`,
		`parse.error infra/bad.json: not the JSON of terraform show -json: line 3: invalid character 'o' looking for beginning of object key string`,
		`parse.skipped ../outside.json: terraform.states: "../outside.json" is outside the repository; not read`,
		`parse.error infra/notstate.json: not a state of terraform show -json: unexpected state input, format version is missing`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A repository's own table adds a provider and its locations, and maps a
// resource the tags do not describe.
func TestRepositoryTableAndMapping(t *testing.T) {
	cfgText := `terraform:
  states: [infra/own.json]
  locations: infra/locations.yaml
  suppliers: {nordhost: nh}
  assets:
    nordhost_server.db: {id: db-1, role: production}
`
	dir, cfg := repoWith(t, cfgText)
	os.MkdirAll(filepath.Join(dir, "infra"), 0o755)
	os.WriteFile(filepath.Join(dir, "infra", "locations.yaml"), []byte(`providers:
  nordhost:
    resources:
      nordhost_server: {class: server, location: [{attribute: dc}]}
locations:
  nordhost:
    sxb: {campus: nordhost-sxb, city: Strasbourg, country: FR, lat: 48.58, lon: 7.75}
    sxb-1: {in: sxb, building: sxb-1}
`), 0o644)
	os.WriteFile(filepath.Join(dir, "infra", "own.json"), []byte(`{"format_version": "1.0", "values": {"root_module": {"resources": [
 {"address": "nordhost_server.db", "mode": "managed", "type": "nordhost_server", "name": "db", "values": {"dc": "sxb-1"}}]}}}`), 0o644)
	regs, _, problems := Load(dir, cfg)
	if len(problems) > 0 || len(regs) != 1 {
		t.Fatalf("registers %d, problems %v", len(regs), problems)
	}
	res := regs[0].Data["resources"].([]any)[0].(map[string]any)
	site := regs[0].Data["locations"].([]any)[0].(map[string]any)
	if res["id"] != "db-1" || res["role"] != "production" || res["site"] != "nordhost:sxb-1" {
		t.Errorf("resource %v", res)
	}
	if site["building"] != "sxb-1" || site["campus"] != "nordhost-sxb" || site["provider"] != "nh" || site["country"] != "FR" || site["known"] != true {
		t.Errorf("site %v", site)
	}
	if p := regs[0].Pos["/resources/0"]; p.Line != 2 || p.Col != 2 {
		t.Errorf("resource at %+v, want line 2 column 2", p)
	}
}

func TestBadRepositoryTableIsAProblem(t *testing.T) {
	dir, cfg := repoWith(t, "terraform:\n  states: [infra/hcloud.json]\n  locations: infra/locations.yaml\n", "hcloud.json")
	os.WriteFile(filepath.Join(dir, "infra", "locations.yaml"), []byte("providers:\n  x:\n    resources:\n      x_server: {class: server, locaton: [{attribute: dc}]}\n"), 0o644)
	regs, _, problems := Load(dir, cfg)
	if len(regs) != 1 || len(problems) != 1 || !strings.Contains(problems[0].Msg, `unknown field "locaton"`) || problems[0].File != "infra/locations.yaml" {
		t.Fatalf("registers %d, problems %v", len(regs), problems)
	}
}

func TestShippedTableIsConsistent(t *testing.T) {
	tbl, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"hcloud", "aws", "google", "azurerm", "ovh", "scaleway"} {
		if len(tbl.Providers[p].Resources) == 0 || len(tbl.Locations[p]) == 0 {
			t.Errorf("provider %s has no resources or locations", p)
		}
		for k := range tbl.Locations[p] {
			loc, _ := tbl.locate(p, k)
			if loc.Country == "" && k != "eu" {
				t.Errorf("%s location %s has no country", p, k)
			}
		}
	}
}

// A state over the size limit is not read at all.
func TestOversizedStateIsNotRead(t *testing.T) {
	dir, cfg := repoWith(t, "terraform:\n  states: [infra/hcloud.json]\n", "hcloud.json")
	_, src, err := read(dir, cfg, "infra/hcloud.json", 100)
	if err == nil || src != nil || !strings.Contains(err.Error(), `"infra/hcloud.json" is 0.0 MB, over the 0 MB limit; not read`) {
		t.Errorf("read = %d bytes, %v; want refused", len(src), err)
	}
	if _, src, err := read(dir, cfg, "infra/hcloud.json", MaxStateSize); err != nil || len(src) == 0 {
		t.Errorf("read within the limit: %v", err)
	}
}

// A symbolic link inside the repository to a file outside it is refused.
func TestStateLinkedOutsideIsNotRead(t *testing.T) {
	dir, cfg := repoWith(t, "terraform:\n  states: [infra/link.json]\n", "hcloud.json")
	outside := filepath.Join(t.TempDir(), "secret.json")
	os.WriteFile(outside, []byte(`{"format_version": "1.0"}`), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "infra", "link.json")); err != nil {
		t.Skip(err)
	}
	regs, _, problems := Load(dir, cfg)
	if len(regs) != 0 || len(problems) != 1 || !strings.Contains(problems[0].Msg, "outside the repository") {
		t.Errorf("registers %d, problems %v", len(regs), problems)
	}
}
