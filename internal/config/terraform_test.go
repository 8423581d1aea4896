package config

import (
	"reflect"
	"testing"
)

func TestParseTerraform(t *testing.T) {
	c, err := Parse([]byte(`terraform:
  states: [infra/a.json, infra/b.json]
  locations: infra/locations.yaml
  suppliers: {hcloud: hetzner-online}
  assets:
    hcloud_server.web: {id: p-1, role: production, monitored_by: [mon-1]}
`), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Terraform{
		States:    []string{"infra/a.json", "infra/b.json"},
		Locations: "infra/locations.yaml",
		Suppliers: map[string]string{"hcloud": "hetzner-online"},
		Assets:    map[string]TerraformAsset{"hcloud_server.web": {ID: "p-1", Role: "production", MonitoredBy: []string{"mon-1"}}},
	}
	if !reflect.DeepEqual(c.Terraform, want) {
		t.Errorf("got %+v, want %+v", c.Terraform, want)
	}
	if c, _ := Parse([]byte("standards: [ISO13485:2016]\n"), "c.yaml"); c.Terraform != nil {
		t.Error("a config without terraform: reads states")
	}
}

func TestParseTerraformErrors(t *testing.T) {
	for src, want := range map[string]string{
		"terraform: infra/a.json\n":                                       "c.yaml:1: terraform: expected a mapping with states (and optionally locations, assets, suppliers)",
		"terraform: {locations: l.yaml}\n":                                "c.yaml:1: terraform: states: name at least one file of terraform show -json",
		"terraform: {states: [a.json], state: b.json}\n":                  `c.yaml:1: terraform: state: unknown setting "state"; expected states, locations, assets or suppliers`,
		"terraform: {states: [a.json], assets: {x.y: {rol: backup}}}\n":   `c.yaml:1: terraform: assets: x.y.rol: unknown field "rol"; expected id, role, backs_up or monitored_by`,
		"terraform: {states: [a.json], suppliers: {hcloud: [a]}}\n":       "c.yaml:1: terraform: suppliers: hcloud: expected a supplier id",
		"terraform: {states: [a.json], assets: {x.y: {backs_up: [1]}}}\n": "c.yaml:1: terraform: assets: x.y.backs_up: expected a list of strings; found 1",
	} {
		if _, err := Parse([]byte(src), "c.yaml"); err == nil || err.Error() != want {
			t.Errorf("Parse(%q) = %v, want %s", src, err, want)
		}
	}
}
