// Package tfstate reads the infrastructure as Terraform or OpenTofu knows
// it: the JSON of `terraform show -json` (a state or a plan) becomes a
// register of kind terraform-state, whose resources are the servers,
// volumes, databases, buckets and backup storage the state holds, each
// placed at a site of the location table.
//
// Which resources count and where they are is data (data/providers.yaml,
// data/locations.yaml, and a repository's own table): Go only follows it.
// The state is read, never written, and no attribute the state marks
// sensitive is read at all.
package tfstate

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"sort"

	"github.com/qmslint/qmslint/internal/yamlpos"
)

//go:embed data/*.yaml
var shipped embed.FS

// Table says which resources are assets and where their locations are.
type Table struct {
	// TagKeys are the tag keys that carry qmslint's fields: id, role,
	// backs_up, monitored_by.
	TagKeys   map[string]string              `json:"tag_keys,omitempty"`
	Providers map[string]*Provider           `json:"providers,omitempty"`
	Locations map[string]map[string]Location `json:"locations,omitempty"`
}

// Provider is one Terraform provider's resources.
type Provider struct {
	Supplier  string               `json:"supplier,omitempty"`
	Tags      *Tags                `json:"tags,omitempty"`
	Resources map[string]*Resource `json:"resources,omitempty"`
}

// Tags says where a resource keeps its tags or labels.
type Tags struct {
	Attribute  string `json:"attribute"`
	Form       string `json:"form"` // map or list
	Separators string `json:"separators,omitempty"`
}

// Resource is one resource type that is an asset.
type Resource struct {
	Class    string      `json:"class"`
	Location []Attribute `json:"location"`
	Tags     *Tags       `json:"tags,omitempty"`
}

// Attribute is where a location is read: one attribute (dotted path,
// list indexes as numbers), or several joined, optionally cut by a
// pattern's first group and lowercased.
type Attribute struct {
	Attribute  string   `json:"attribute,omitempty"`
	Attributes []string `json:"attributes,omitempty"`
	Join       string   `json:"join,omitempty"`
	Pattern    string   `json:"pattern,omitempty"`
	Lower      bool     `json:"lower,omitempty"`
}

// Location is one place a provider names.
type Location struct {
	In       string   `json:"in,omitempty"`
	Region   string   `json:"region,omitempty"`
	Campus   string   `json:"campus,omitempty"`
	Building string   `json:"building,omitempty"`
	City     string   `json:"city,omitempty"`
	Country  string   `json:"country,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
}

// Classes are the asset classes a resource type may have.
var Classes = []string{"server", "volume", "database", "bucket", "backup-storage"}

// Shipped is the table qmslint ships.
func Shipped() (*Table, error) {
	t := &Table{}
	for _, name := range []string{"data/providers.yaml", "data/locations.yaml"} {
		src, err := shipped.ReadFile(name)
		if err != nil {
			return nil, err
		}
		more, err := ParseTable(src, "internal/tfstate/"+name)
		if err != nil {
			return nil, err
		}
		t.Merge(more)
	}
	return t, nil
}

// ParseTable reads a table (YAML or JSON). Unknown keys are errors: a
// misspelt attribute would otherwise place nothing, silently.
func ParseTable(src []byte, name string) (*Table, error) {
	v, _, err := yamlpos.Decode(src, 0)
	if err != nil {
		var ye *yamlpos.Error
		if errors.As(err, &ye) {
			return nil, fmt.Errorf("%s:%d: %s", name, ye.Line, ye.Msg)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	t := &Table{}
	if err := dec.Decode(t); err != nil {
		return nil, fmt.Errorf("%s: %v (expected tag_keys, providers and locations as docs/infrastructure.md describes)", name, err)
	}
	return t, t.check(name)
}

func (t *Table) check(name string) error {
	for _, p := range sortedKeys(t.Providers) {
		prov := t.Providers[p]
		if prov == nil {
			continue
		}
		if err := prov.Tags.check(); err != nil {
			return fmt.Errorf("%s: providers.%s.tags: %v", name, p, err)
		}
		for _, r := range sortedKeys(prov.Resources) {
			res := prov.Resources[r]
			where := fmt.Sprintf("%s: providers.%s.resources.%s", name, p, r)
			if res == nil || !contains(Classes, res.Class) {
				return fmt.Errorf("%s: class must be one of %v", where, Classes)
			}
			if len(res.Location) == 0 {
				return fmt.Errorf("%s: location names no attribute", where)
			}
			for i, a := range res.Location {
				if (a.Attribute == "") == (len(a.Attributes) == 0) {
					return fmt.Errorf("%s: location[%d]: give attribute or attributes", where, i)
				}
				if _, err := a.compile(); err != nil {
					return fmt.Errorf("%s: location[%d]: pattern: %v", where, i, err)
				}
			}
			if err := res.Tags.check(); err != nil {
				return fmt.Errorf("%s.tags: %v", where, err)
			}
		}
	}
	for _, p := range sortedKeys(t.Locations) {
		for _, k := range sortedKeys(t.Locations[p]) {
			if in := t.Locations[p][k].In; in != "" {
				if _, ok := t.Locations[p][in]; !ok {
					return fmt.Errorf("%s: locations.%s.%s: in: %q is not a location of %s", name, p, k, in, p)
				}
			}
		}
	}
	return nil
}

func (g *Tags) check() error {
	if g == nil {
		return nil
	}
	if g.Attribute == "" || (g.Form != "map" && g.Form != "list") {
		return errors.New("give attribute and form (map or list)")
	}
	if g.Form == "list" && g.Separators == "" {
		return errors.New("a list of tags needs separators")
	}
	return nil
}

// Merge adds another table's entries: a resource type, a location or a
// tag key it names replaces this table's.
func (t *Table) Merge(o *Table) {
	if t.TagKeys == nil {
		t.TagKeys = map[string]string{}
	}
	maps.Copy(t.TagKeys, o.TagKeys)
	if t.Providers == nil {
		t.Providers = map[string]*Provider{}
	}
	for name, p := range o.Providers {
		if p == nil {
			continue
		}
		cur := t.Providers[name]
		if cur == nil {
			cur = &Provider{Resources: map[string]*Resource{}}
			t.Providers[name] = cur
		}
		if p.Supplier != "" {
			cur.Supplier = p.Supplier
		}
		if p.Tags != nil {
			cur.Tags = p.Tags
		}
		if cur.Resources == nil {
			cur.Resources = map[string]*Resource{}
		}
		maps.Copy(cur.Resources, p.Resources)
	}
	if t.Locations == nil {
		t.Locations = map[string]map[string]Location{}
	}
	for name, ls := range o.Locations {
		if t.Locations[name] == nil {
			t.Locations[name] = map[string]Location{}
		}
		maps.Copy(t.Locations[name], ls)
	}
}

// resourceType finds the provider and entry of a resource type. Types
// begin with their provider's name, but a repository's table may name
// any, so every provider is asked, in name order.
func (t *Table) resourceType(typ string) (string, *Provider, *Resource) {
	for _, name := range sortedKeys(t.Providers) {
		if r, ok := t.Providers[name].Resources[typ]; ok && r != nil {
			return name, t.Providers[name], r
		}
	}
	return "", nil, nil
}

// locate resolves a location key of a provider, its in: chain inherited.
// ok is false for a key the table does not know.
func (t *Table) locate(provider, key string) (Location, bool) {
	ls := t.Locations[provider]
	loc, ok := ls[key]
	if !ok {
		return Location{}, false
	}
	seen := map[string]bool{key: true}
	for parent := loc.In; parent != "" && !seen[parent]; {
		seen[parent] = true
		p, ok := ls[parent]
		if !ok {
			break
		}
		loc = inherit(loc, p)
		parent = p.In
	}
	loc.In = ""
	return loc, true
}

func inherit(l, p Location) Location {
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	l.Region, l.Campus, l.Building = pick(l.Region, p.Region), pick(l.Campus, p.Campus), pick(l.Building, p.Building)
	l.City, l.Country = pick(l.City, p.City), pick(l.Country, p.Country)
	if l.Lat == nil && l.Lon == nil {
		l.Lat, l.Lon = p.Lat, p.Lon
	}
	return l
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
