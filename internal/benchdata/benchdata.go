// Package benchdata writes large, realistic QMS repositories for
// benchmarks: an infrastructure inventory of thousands of assets across
// providers, campuses and buildings, with the restore-test, monitoring and
// DR records that the resilience rules join against it.
//
// The rules must index registers (maps keyed by id, building, provider)
// rather than compare every asset with every other; these repositories are
// big enough that a pairwise scan shows up as seconds instead of
// milliseconds.
package benchdata

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Shape of a generated landscape. Each unit is one production asset with
// its backups and monitor, so a repository of n assets has n/UnitSize units.
const (
	Providers          = 5
	CampusesPerVendor  = 2
	BuildingsPerCampus = 5
	BackupsPerUnit     = 3
	UnitSize           = BackupsPerUnit + 2 // production, backups, monitor
	// Date is the --date the generated records are current for.
	Date = "2026-11-24"
)

// Buildings is the number of buildings (one site each).
const Buildings = Providers * CampusesPerVendor * BuildingsPerCampus

// Write generates a repository with about assets assets under dir. Every
// tenth unit keeps a backup in its production building and every seventh
// backup misses its restore test, so the rules have findings to report.
func Write(dir string, assets int) error {
	units := assets / UnitSize
	if units < 1 {
		return fmt.Errorf("benchdata: %d assets is less than one unit of %d", assets, UnitSize)
	}
	files := map[string]string{
		"registers/inventory.yaml":       inventory(units),
		"registers/suppliers.yaml":       suppliers(),
		"records/restore-tests.yaml":     restoreTests(units),
		"records/monitoring-checks.yaml": monitoringChecks(units),
		"records/dr-exercises.yaml":      drExercises(),
		"plans/PLN-001-dr.md":            plan(),
		"procedures/SOP-010-backup.md":   procedure(),
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func building(i int) int { return i % Buildings }

func backupBuilding(unit, k int) int {
	if unit%10 == 0 && k == 0 {
		return building(unit) // the flaw the rules should find
	}
	// Offsets that are not multiples of Providers land with another provider.
	return (unit + 7 + 12*k) % Buildings
}

func siteID(b int) string { return fmt.Sprintf("site-%02d", b) }

func buildingName(b int) string { return fmt.Sprintf("bld-%02d", b) }

func provider(b int) string { return fmt.Sprintf("prov-%d", b%Providers) }

func campus(b int) string {
	return fmt.Sprintf("%s-campus-%d", provider(b), (b/Providers)%CampusesPerVendor)
}

func header(id, kind, title string) string {
	return fmt.Sprintf("id: %s\nkind: %s\ntitle: %s\nstatus: approved\nowner: ops\n", id, kind, title)
}

func inventory(units int) string {
	var b strings.Builder
	b.WriteString(header("INV-001", "inventory", "Infrastructure inventory"))
	b.WriteString("sites:\n")
	for i := 0; i < Buildings; i++ {
		fmt.Fprintf(&b, "  - {id: %s, provider: %s, campus: %s, building: %s}\n", siteID(i), provider(i), campus(i), buildingName(i))
	}
	b.WriteString("assets:\n")
	for u := 0; u < units; u++ {
		fmt.Fprintf(&b, "  - {id: p-%d, role: production, site: %s, data_gb: %d, customers: %d, monitored_by: [m-%d]}\n",
			u, siteID(building(u)), 5+u%40, 1+u%60, u)
		for k := 0; k < BackupsPerUnit; k++ {
			fmt.Fprintf(&b, "  - {id: b-%d-%d, role: backup, site: %s, backs_up: [p-%d], restore_mbps: %d}\n",
				u, k, siteID(backupBuilding(u, k)), u, 40+30*k)
		}
		fmt.Fprintf(&b, "  - {id: m-%d, role: monitoring, site: %s}\n", u, siteID((u+3)%Buildings))
	}
	return b.String()
}

func suppliers() string {
	var b strings.Builder
	b.WriteString(header("SUP-001", "suppliers", "Suppliers"))
	b.WriteString("suppliers:\n")
	for p := 0; p < Providers; p++ {
		fmt.Fprintf(&b, "  - {id: prov-%d, name: Provider %d, status: approved, evaluated: 2026-06-01, reevaluate_months: 12}\n", p, p)
	}
	return b.String()
}

func restoreTests(units int) string {
	var b strings.Builder
	b.WriteString(header("LOG-001", "record-log", "Restore tests"))
	b.WriteString("type: restore-test\nentries:\n")
	n := 0
	for u := 0; u < units; u++ {
		for k := 0; k < BackupsPerUnit; k++ {
			n++
			date := "2026-11-20"
			if n%7 == 0 {
				date = "2026-10-01"
			}
			fmt.Fprintf(&b, "  - {date: %s, subject: [b-%d-%d], result: pass, duration_minutes: 30}\n", date, u, k)
		}
	}
	return b.String()
}

func monitoringChecks(units int) string {
	var b strings.Builder
	b.WriteString(header("LOG-002", "record-log", "Monitoring checks"))
	b.WriteString("type: monitoring-check\nentries:\n")
	for u := 0; u < units; u++ {
		fmt.Fprintf(&b, "  - {date: 2026-11-2%d, subject: [m-%d], result: pass}\n", u%4, u)
	}
	return b.String()
}

func drExercises() string {
	return header("LOG-003", "record-log", "DR exercises") +
		"type: dr-exercise\nentries:\n  - {date: 2026-06-01, subject: [PLN-001], result: pass}\n"
}

func plan() string {
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString(header("PLN-001", "plan", "Disaster recovery plan"))
	// The plan restores a building's systems together, as many at once as a
	// building holds, so that no building's restore outlasts its RTO: the
	// corpus plants other flaws.
	b.WriteString("approvals: [{by: Ops Lead, date: 2026-01-05}]\neffective: 2026-01-06\nparameters: {restore_parallelism: 32}\nscenarios:\n")
	// Every other building has a whole-building scenario.
	for i := 0; i < Buildings; i += 2 {
		fmt.Fprintf(&b, "  - {id: dr-%02d, title: Building %s lost, lost: [%s], rto_hours: 4, rpo_hours: 24}\n", i, buildingName(i), buildingName(i))
	}
	b.WriteString("---\n\n# Disaster recovery plan\n")
	return b.String()
}

func procedure() string {
	return "---\n" + header("SOP-010", "procedure", "Backup and restore") +
		"approvals: [{by: Ops Lead, date: 2026-01-05}]\neffective: 2026-01-06\n" +
		"parameters: {restore_test_max_age_days: 7, backup_min_copies: 2}\n---\n\n" +
		"# Backup and restore\n\n## Purpose\n\nKeep copies.\n\n## Scope\n\nAll production.\n\n## Responsibilities\n\nOperations.\n"
}
