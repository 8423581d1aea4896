package report

import (
	"math"
	"slices"
	"sort"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/run"
)

// Impact is what losing one building means: the customers cut off, the
// data to bring back and how long that takes. It is computed as
// infra.building-restore-exceeds-rto computes it (docs/backup-evidence.md):
// each lost production asset from its fastest backup outside the
// building, the largest first, Parallelism at a time, within BandwidthMbps
// together when the plan states one. The rule's finding is the judgement;
// this table shows the numbers behind it for every building.
type Impact struct {
	Building   string   `json:"building"`
	Production []string `json:"production"`
	Customers  int      `json:"customers"`
	// Named are the customer ids the inventory lists for those assets.
	Named  []string `json:"named"`
	DataGB float64  `json:"data_gb"`
	// RestoreHours is when the last restore is done; -1 when some lost
	// asset with data has no surviving backup with a measured rate.
	RestoreHours float64 `json:"restore_hours"`
	// RTOHours is the smallest rto_hours of the plans' scenarios that lose
	// the building, 0 when none does.
	RTOHours      float64 `json:"rto_hours"`
	Parallelism   float64 `json:"parallelism"`
	BandwidthMbps float64 `json:"bandwidth_mbps"`
	// Late are the customers (or assets, for a bare count) back after
	// their SLA or the RTO.
	Late []string `json:"late"`
	// Unknown are the production assets with no data_gb: their restore
	// is not in RestoreHours, so the building's time is unknown
	// (infra.building-restore-unknown).
	Unknown []string `json:"unknown"`
}

// Over reports whether the building's restore misses its RTO or an SLA.
func (i Impact) Over() bool {
	return i.RestoreHours < 0 || len(i.Late) > 0 || (i.RTOHours > 0 && i.RestoreHours > i.RTOHours)
}

// Unjudged reports whether the building's restore time is unknown where
// something (an RTO, customers) would judge it: what
// infra.building-restore-unknown reports.
func (i Impact) Unjudged() bool {
	return len(i.Unknown) > 0 && (i.RTOHours > 0 || i.Customers > 0)
}

type impactAsset struct {
	id, role, site string
	dataGB, mbps   float64
	hasGB          bool
	count          int
	customers      []impactCustomer
	backsUp        []string
}

type impactCustomer struct {
	id  string
	sla float64
}

func impacts(res run.Outcome, infra Infrastructure) []Impact {
	assets := map[string]*impactAsset{}
	building := map[string]string{}
	for _, reg := range res.Repo.Registers {
		if model.Kind(reg.Data) != "inventory" {
			continue
		}
		for _, it := range list(reg.Data, "assets") {
			id := str(it, "id")
			if id == "" || assets[id] != nil {
				continue
			}
			a := &impactAsset{id: id, role: str(it, "role"), site: str(it, "site"), backsUp: model.Strings(it["backs_up"])}
			a.dataGB, a.hasGB = number(it["data_gb"])
			a.mbps, _ = number(it["restore_mbps"])
			switch c := it["customers"].(type) {
			case []any:
				for _, x := range c {
					switch v := x.(type) {
					case string:
						a.customers = append(a.customers, impactCustomer{id: v})
					case map[string]any:
						sla, _ := number(v["sla_hours"])
						if id := str(v, "id"); id != "" {
							a.customers = append(a.customers, impactCustomer{id: id, sla: sla})
						}
					}
				}
				a.count = len(a.customers)
			default:
				if n, ok := number(c); ok {
					a.count = int(n)
				}
			}
			assets[id] = a
		}
	}
	for _, b := range infra.Buildings {
		for _, a := range b.Assets {
			building[a.ID] = b.Building
		}
	}
	backups := map[string][]string{}
	for _, a := range assets {
		for _, p := range a.backsUp {
			backups[p] = append(backups[p], a.id)
		}
	}
	par, bw := restoreParams(res)
	// Listed once, not once a building: on a large QMS listing the
	// approved documents was most of the report's own time.
	plans := approvedPlans(res.Repo)
	var out []Impact
	for _, b := range infra.Buildings {
		im := Impact{Building: b.Building, Production: []string{}, Named: []string{}, Late: []string{}, Unknown: []string{}, Parallelism: par, BandwidthMbps: bw, RTOHours: buildingRTO(plans, b.Building)}
		type restore struct {
			id    string
			hours float64
		}
		var rs []restore
		for _, x := range b.Assets {
			a := assets[x.ID]
			if a == nil || a.role != "production" {
				continue
			}
			im.Production = append(im.Production, a.id)
			im.Customers += a.count
			for _, c := range a.customers {
				im.Named = append(im.Named, c.id)
			}
			im.DataGB += a.dataGB
			if !a.hasGB {
				im.Unknown = append(im.Unknown, a.id)
			}
			best := 0.0
			for _, bid := range backups[a.id] {
				if building[bid] != b.Building && assets[bid].mbps > best {
					best = assets[bid].mbps
				}
			}
			switch {
			case best > 0 && a.dataGB > 0:
				rs = append(rs, restore{a.id, a.dataGB * 8000 / best / 3600})
			case best == 0 && a.count > 0:
				im.RestoreHours = -1
				im.Late = append(im.Late, a.id+" (no surviving measured backup)")
			}
		}
		if len(im.Production) == 0 {
			continue
		}
		sort.Slice(rs, func(i, j int) bool {
			if rs[i].hours != rs[j].hours {
				return rs[i].hours > rs[j].hours
			}
			return rs[i].id < rs[j].id
		})
		sum, gb := 0.0, 0.0
		for _, r := range rs {
			sum += r.hours
			gb += assets[r.id].dataGB
			done := max(r.hours, sum/par)
			if bw > 0 {
				done = max(done, gb*8000/bw/3600)
			}
			if im.RestoreHours >= 0 {
				im.RestoreHours = max(im.RestoreHours, done)
			}
			for _, c := range assets[r.id].customers {
				if (c.sla > 0 && done > c.sla) || (im.RTOHours > 0 && done > im.RTOHours) {
					im.Late = append(im.Late, c.id)
				}
			}
			if len(assets[r.id].customers) == 0 && im.RTOHours > 0 && done > im.RTOHours {
				im.Late = append(im.Late, r.id)
			}
		}
		im.RestoreHours = math.Round(im.RestoreHours*10) / 10
		im.DataGB = math.Round(im.DataGB*10) / 10
		sort.Strings(im.Named)
		sort.Strings(im.Unknown)
		im.Late = slices.Compact(sortedCopy(im.Late))
		out = append(out, im)
	}
	return out
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	sort.Strings(c)
	return c
}

// restoreParams are the plan's restore_parallelism and
// restore_bandwidth_mbps, read as the rule reads them: an approved
// document's parameters, else .qmslint.yaml, else 1 and none.
func restoreParams(res run.Outcome) (par, bw float64) {
	par = 1
	const rule = "infra.building-restore-exceeds-rto"
	if res.Config != nil {
		if v, ok := number(res.Config.Params[rule]["restore_parallelism"]); ok && v > 0 {
			par = v
		}
		if v, ok := number(res.Config.Params[rule]["restore_bandwidth_mbps"]); ok && v > 0 {
			bw = v
		}
	}
	for _, d := range approvedDocs(res.Repo) {
		p, _ := d.Meta["parameters"].(map[string]any)
		if v, ok := number(p["restore_parallelism"]); ok && v > 0 {
			par = v
		}
		if v, ok := number(p["restore_bandwidth_mbps"]); ok && v > 0 {
			bw = v
		}
	}
	return par, bw
}

func approvedDocs(repo *model.Repository) []*model.Document {
	var out []*model.Document
	for _, d := range repo.Documents {
		if s, _ := d.Meta["status"].(string); s == "approved" {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// approvedPlans are the approved plans, whose scenarios give a
// building's recovery time.
func approvedPlans(repo *model.Repository) []*model.Document {
	var out []*model.Document
	for _, d := range approvedDocs(repo) {
		if k, _ := d.Meta["kind"].(string); k == "plan" {
			out = append(out, d)
		}
	}
	return out
}

func buildingRTO(plans []*model.Document, building string) float64 {
	rto := 0.0
	for _, d := range plans {
		scenarios, _ := d.Meta["scenarios"].([]any)
		for _, x := range scenarios {
			s, _ := x.(map[string]any)
			if !slices.Contains(model.Strings(s["lost"]), building) {
				continue
			}
			if h, ok := number(s["rto_hours"]); ok && (rto == 0 || h < rto) {
				rto = h
			}
		}
	}
	return rto
}
