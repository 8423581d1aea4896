package report

import (
	"html/template"
	"slices"
	"sort"

	"github.com/qmslint/qmslint/internal/model"
)

// Infrastructure is the inventory seen by building: where each asset runs
// and how far each backup is from the production system it copies.
type Infrastructure struct {
	Buildings []Building `json:"buildings"`
	Backups   []Backup   `json:"backups"`
	// Unprotected are production assets no backup names in backs_up.
	Unprotected []string `json:"unprotected"`
	// Unplaced are assets whose site is not in the inventory.
	Unplaced []Asset `json:"unplaced"`
	// Impact is what losing each building with production means.
	Impact []Impact `json:"impact"`
	// Map is the datacenter map, an inline SVG.
	Map template.HTML `json:"-"`
}

// Building is one building with its sites and assets.
type Building struct {
	Building string   `json:"building"`
	Campus   string   `json:"campus"`
	Provider string   `json:"provider"`
	Location string   `json:"location"`
	Sites    []string `json:"sites"`
	Assets   []Asset  `json:"assets"`
}

// Asset is one inventory asset.
type Asset struct {
	ID          string   `json:"id"`
	Role        string   `json:"role"`
	Site        string   `json:"site"`
	BacksUp     []string `json:"backs_up"`
	MonitoredBy []string `json:"monitored_by"`
	// SharesBuilding lists the production assets this backup copies that
	// run in its own building: the copies a fire there destroys too.
	SharesBuilding []string `json:"shares_building"`
}

// Separation of a backup from the production system it copies, nearest
// (worst) first.
const (
	SameBuilding  = "same building"
	SameCampus    = "same campus"
	SameProvider  = "same provider"
	OtherProvider = "other provider"
	Unknown       = "unknown"
)

// Backup is one "backup X copies production Y" link.
type Backup struct {
	Production         string `json:"production"`
	ProductionBuilding string `json:"production_building"`
	Backup             string `json:"backup"`
	BackupBuilding     string `json:"backup_building"`
	Separation         string `json:"separation"`
}

type location struct{ site, building, campus, provider, location string }

func infrastructure(repo *model.Repository) Infrastructure {
	out := Infrastructure{Buildings: []Building{}, Backups: []Backup{}, Unprotected: []string{}, Unplaced: []Asset{}}
	sites := map[string]location{}
	var siteOrder []string
	var assets []Asset
	seen := map[string]bool{}
	// The hand-kept inventories first, then the Terraform states' sites and
	// resources they do not list (by id or by their terraform address), as
	// data.qmslint.lib merges them for the rules.
	claimed, used := map[string]bool{}, map[string]bool{}
	for _, reg := range registersOf(repo, "inventory") {
		for _, it := range list(reg.Data, "assets") {
			claimed[str(it, "id")] = true
			claimed[str(it, "terraform")] = true
		}
	}
	for _, reg := range registersOf(repo, "terraform-state") {
		for _, it := range list(reg.Data, "resources") {
			if !claimed[str(it, "id")] && !claimed[str(it, "address")] {
				used[str(it, "site")] = true
			}
		}
	}
	for _, reg := range slices.Concat(registersOf(repo, "inventory"), registersOf(repo, "terraform-state")) {
		siteList, assetList := "sites", "assets"
		if model.Kind(reg.Data) == "terraform-state" {
			siteList, assetList = "locations", "resources"
		}
		for _, it := range list(reg.Data, siteList) {
			id := str(it, "id")
			if _, dup := sites[id]; id == "" || dup || (siteList == "locations" && !used[id]) {
				continue
			}
			loc := str(it, "city")
			if c := str(it, "country"); c != "" {
				if loc != "" {
					loc += ", "
				}
				loc += c
			}
			sites[id] = location{site: id, building: str(it, "building"), campus: str(it, "campus"), provider: str(it, "provider"), location: loc}
			siteOrder = append(siteOrder, id)
		}
		for _, it := range list(reg.Data, assetList) {
			id := str(it, "id")
			if id == "" || seen[id] || (assetList == "resources" && claimed[str(it, "address")]) {
				continue
			}
			seen[id] = true
			assets = append(assets, Asset{
				ID: id, Role: str(it, "role"), Site: str(it, "site"),
				BacksUp: model.Strings(it["backs_up"]), MonitoredBy: model.Strings(it["monitored_by"]), SharesBuilding: []string{},
			})
		}
	}
	sort.Slice(assets, func(i, j int) bool { return assets[i].ID < assets[j].ID })
	where := map[string]location{}
	for _, a := range assets {
		if p, ok := sites[a.Site]; ok {
			where[a.ID] = p
		}
	}
	protected := map[string]bool{}
	for i, a := range assets {
		if a.Role != "backup" {
			continue
		}
		for _, pid := range a.BacksUp {
			protected[pid] = true
			b := Backup{Production: pid, Backup: a.ID, Separation: Unknown}
			pp, pok := where[pid]
			bp, bok := where[a.ID]
			b.ProductionBuilding, b.BackupBuilding = pp.building, bp.building
			if pok && bok {
				b.Separation = separation(pp, bp)
			}
			if b.Separation == SameBuilding {
				assets[i].SharesBuilding = append(assets[i].SharesBuilding, pid)
			}
			out.Backups = append(out.Backups, b)
		}
	}
	sort.SliceStable(out.Backups, func(i, j int) bool {
		a, b := out.Backups[i], out.Backups[j]
		if a.Production != b.Production {
			return a.Production < b.Production
		}
		return a.Backup < b.Backup
	})
	byBuilding := map[string]*Building{}
	sort.Strings(siteOrder)
	for _, id := range siteOrder {
		p := sites[id]
		b := byBuilding[p.building]
		if b == nil {
			b = &Building{Building: p.building, Campus: p.campus, Provider: p.provider, Location: p.location, Sites: []string{}, Assets: []Asset{}}
			byBuilding[p.building] = b
		}
		b.Sites = append(b.Sites, id)
	}
	for _, a := range assets {
		p, ok := where[a.ID]
		if !ok {
			out.Unplaced = append(out.Unplaced, a)
			continue
		}
		byBuilding[p.building].Assets = append(byBuilding[p.building].Assets, a)
		if a.Role == "production" && !protected[a.ID] {
			out.Unprotected = append(out.Unprotected, a.ID)
		}
	}
	for _, b := range byBuilding {
		out.Buildings = append(out.Buildings, *b)
	}
	sort.Slice(out.Buildings, func(i, j int) bool {
		a, b := out.Buildings[i], out.Buildings[j]
		if a.Provider != b.Provider {
			return a.Provider < b.Provider
		}
		if a.Campus != b.Campus {
			return a.Campus < b.Campus
		}
		return a.Building < b.Building
	})
	return out
}

// separation compares the places of a production asset and its backup as
// the infra rules do: by building, then campus, then provider.
func separation(p, b location) string {
	switch {
	case p.building != "" && p.building == b.building:
		return SameBuilding
	case p.campus != "" && p.campus == b.campus:
		return SameCampus
	case p.provider != "" && p.provider == b.provider:
		return SameProvider
	}
	return OtherProvider
}

func list(m map[string]any, key string) []map[string]any {
	items, _ := m[key].([]any)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		if x, ok := it.(map[string]any); ok {
			out = append(out, x)
		}
	}
	return out
}

func registersOf(repo *model.Repository, kind string) []*model.Register {
	var out []*model.Register
	for _, r := range repo.Registers {
		if model.Kind(r.Data) == kind {
			out = append(out, r)
		}
	}
	return out
}
