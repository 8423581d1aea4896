package config

import (
	"errors"
	"fmt"
)

// Terraform is the terraform: setting: the `terraform show -json` files
// whose resources are inventory (docs/infrastructure.md). Paths are as
// written, relative to the config's directory; they must lie inside the
// repository and are read, never written.
type Terraform struct {
	// States are the JSON files of `terraform show -json` (state or plan).
	States []string
	// Locations is the repository's own location table, added to the
	// shipped one; "" when none.
	Locations string
	// Assets gives resources, by address, what their tags cannot say:
	// id, role, backs_up, monitored_by.
	Assets map[string]TerraformAsset
	// Suppliers maps a provider of the location table (hcloud) to the id
	// of its supplier in the supplier list.
	Suppliers map[string]string
}

// TerraformAsset is one resource's mapping.
type TerraformAsset struct {
	ID          string
	Role        string
	BacksUp     []string
	MonitoredBy []string
}

func parseTerraform(v any) (*Terraform, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("expected a mapping with states (and optionally locations, assets, suppliers)")
	}
	t := &Terraform{Assets: map[string]TerraformAsset{}, Suppliers: map[string]string{}}
	for _, key := range sortedKeys(m) {
		val := m[key]
		var err error
		switch key {
		case "states":
			t.States, err = stringList(val)
		case "locations":
			s, ok := val.(string)
			if !ok || s == "" {
				err = errors.New("expected the path of a location table")
			}
			t.Locations = s
		case "assets":
			err = t.parseAssets(val)
		case "suppliers":
			sm, ok := val.(map[string]any)
			if !ok {
				err = errors.New("expected a mapping of provider to supplier id")
			}
			for _, p := range sortedKeys(sm) {
				s, ok := sm[p].(string)
				if !ok || s == "" {
					err = fmt.Errorf("%s: expected a supplier id", p)
					break
				}
				t.Suppliers[p] = s
			}
		default:
			err = fmt.Errorf("unknown setting %q; expected states, locations, assets or suppliers", key)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", key, err)
		}
	}
	if len(t.States) == 0 {
		return nil, errors.New("states: name at least one file of terraform show -json")
	}
	return t, nil
}

func (t *Terraform) parseAssets(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return errors.New("expected a mapping of resource address to {id, role, backs_up, monitored_by}")
	}
	for _, addr := range sortedKeys(m) {
		fields, ok := m[addr].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: expected a mapping such as {role: backup}", addr)
		}
		var a TerraformAsset
		for _, f := range sortedKeys(fields) {
			var err error
			switch f {
			case "id":
				a.ID, _ = fields[f].(string)
			case "role":
				a.Role, _ = fields[f].(string)
			case "backs_up":
				a.BacksUp, err = stringList(fields[f])
			case "monitored_by":
				a.MonitoredBy, err = stringList(fields[f])
			default:
				err = fmt.Errorf("unknown field %q; expected id, role, backs_up or monitored_by", f)
			}
			if err != nil {
				return fmt.Errorf("%s.%s: %v", addr, f, err)
			}
		}
		t.Assets[addr] = a
	}
	return nil
}
