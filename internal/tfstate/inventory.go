package tfstate

import (
	"sort"
	"strconv"
	"strings"

	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// Kind is the register kind of a state read as inventory. Its lists are
// locations and resources, not sites and assets: their ids are not the
// repository's (a resource is known by the hand-kept inventory's id as
// well), and data.qmslint.lib merges them into the inventory's sites and
// assets, the hand-kept ones first.
const Kind = "terraform-state"

// mapping is what the repository says about resources beyond their tags.
type mapping struct {
	assets    map[string]config.TerraformAsset
	suppliers map[string]string
}

// register turns a parsed state into the register's data and the line of
// each resource (by the register's pointer, /resources/N).
func register(file string, p *parsed, t *Table, m mapping, lines map[string]yamlpos.Pos) (map[string]any, yamlpos.Positions) {
	pos := yamlpos.Positions{"": {Line: 1, Col: 1}}
	var resources []any
	sites := map[string]map[string]any{}
	for _, r := range p.Resources {
		provName, prov, res := t.resourceType(r.Type)
		if res == nil {
			continue
		}
		item := map[string]any{
			"address":            r.Address,
			"type":               r.Type,
			"class":              res.Class,
			"terraform_provider": provName,
		}
		tags := res.Tags
		if tags == nil {
			tags = prov.Tags
		}
		fields := fromTags(tags.read(r.values), t.TagKeys)
		if a, ok := m.assets[r.Address]; ok {
			fields.override(a)
		}
		item["id"] = fields.ID
		if fields.ID == "" {
			item["id"] = r.Address
		}
		if fields.Role != "" {
			item["role"] = fields.Role
		}
		if len(fields.BacksUp) > 0 {
			item["backs_up"] = anyList(fields.BacksUp)
		}
		if len(fields.MonitoredBy) > 0 {
			item["monitored_by"] = anyList(fields.MonitoredBy)
		}
		if key := locationKey(res, r.values); key != "" {
			id := provName + ":" + key
			item["location"] = key
			item["site"] = id
			if sites[id] == nil {
				sites[id] = site(id, provName, key, prov, t, m)
			}
		}
		ptr := "/resources/" + strconv.Itoa(len(resources))
		if p, ok := lines[r.Pointer]; ok {
			pos[ptr] = p
		}
		resources = append(resources, item)
	}
	ids := make([]string, 0, len(sites))
	for id := range sites {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	locations := make([]any, 0, len(ids))
	for _, id := range ids {
		locations = append(locations, sites[id])
	}
	if resources == nil {
		resources = []any{}
	}
	data := map[string]any{
		"kind":              Kind,
		"title":             "Terraform " + p.Format + " " + file,
		"format":            p.Format,
		"terraform_version": p.TerraformVersion,
		"locations":         locations,
		"resources":         resources,
	}
	return data, pos
}

// locationKey is the first location the resource's attributes give.
func locationKey(res *Resource, v values) string {
	for _, a := range res.Location {
		if k := a.read(v); k != "" {
			return k
		}
	}
	return ""
}

// site is a location of the table as an inventory site. A location the
// table does not know is still a site, with known: false and no
// building, so that infra.location-unknown can ask for it to be added.
func site(id, provName, key string, prov *Provider, t *Table, m mapping) map[string]any {
	supplier := m.suppliers[provName]
	if supplier == "" {
		supplier = prov.Supplier
	}
	if supplier == "" {
		supplier = provName
	}
	s := map[string]any{"id": id, "provider": supplier, "terraform_provider": provName, "location": key}
	loc, ok := t.locate(provName, key)
	s["known"] = ok
	for k, v := range map[string]string{
		"region": loc.Region, "campus": loc.Campus, "building": loc.Building,
		"city": loc.City, "country": loc.Country,
	} {
		if v != "" {
			s[k] = v
		}
	}
	if _, has := s["building"]; !has {
		s["building"] = ""
	}
	if loc.Lat != nil && loc.Lon != nil {
		// The inventory's own shape, so the geography rules and the map
		// read state sites as they read hand-kept ones.
		s["lat"], s["lon"] = *loc.Lat, *loc.Lon
	}
	return s
}

// assetFields are qmslint's fields of one resource.
type assetFields struct {
	ID, Role             string
	BacksUp, MonitoredBy []string
}

func fromTags(tags map[string]string, keys map[string]string) assetFields {
	return assetFields{
		ID:          strings.TrimSpace(tags[keys["id"]]),
		Role:        strings.TrimSpace(tags[keys["role"]]),
		BacksUp:     splitList(tags[keys["backs_up"]]),
		MonitoredBy: splitList(tags[keys["monitored_by"]]),
	}
}

func (f *assetFields) override(a config.TerraformAsset) {
	if a.ID != "" {
		f.ID = a.ID
	}
	if a.Role != "" {
		f.Role = a.Role
	}
	if a.BacksUp != nil {
		f.BacksUp = a.BacksUp
	}
	if a.MonitoredBy != nil {
		f.MonitoredBy = a.MonitoredBy
	}
}

// splitList splits a tag's list at commas, spaces and "+", the
// separators at least one provider's labels allow.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '+' || r == ' ' || r == '\t' })
}

func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
