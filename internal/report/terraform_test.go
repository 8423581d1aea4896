package report

import (
	"os"
	"path/filepath"
	"testing"
)

// With the hand-kept inventory removed, the report's infrastructure
// comes from the Terraform state beside it: the same buildings, and the
// backup in production's building.
func TestInfrastructureFromTerraformState(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples/datacenter-fire/before")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "registers", "inventory.yaml")); err != nil {
		t.Fatal(err)
	}
	in := build(t, dir, "2026-03-09").Infrastructure
	got := map[string]string{}
	for _, b := range in.Buildings {
		for _, a := range b.Assets {
			got[a.ID] = b.Building
		}
	}
	want := map[string]string{"p-1": "sxb-1", "bk-1": "sxb-1", "p-2": "sxb-2", "st-1": "sxb-2", "mon-1": "sxb-2", "bk-2": "fra-3", "bk-3": "prg-a"}
	for id, b := range want {
		if got[id] != b {
			t.Errorf("%s in building %q, want %q (all: %v)", id, got[id], b, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("assets %v, want %v", got, want)
	}
	for _, b := range in.Backups {
		if b.Backup == "bk-1" && b.Production == "p-1" && b.Separation != SameBuilding {
			t.Errorf("bk-1/p-1: %s, want %s", b.Separation, SameBuilding)
		}
	}
}

// Beside the hand-kept inventory, the state adds no asset twice.
func TestInfrastructureWithBothListsEachAssetOnce(t *testing.T) {
	in := build(t, "../../examples/datacenter-fire/before", "2026-03-09").Infrastructure
	n := 0
	for _, b := range in.Buildings {
		n += len(b.Assets)
	}
	if n != 7 || len(in.Unplaced) != 0 {
		t.Errorf("%d placed assets and unplaced %v, want the 7 of the inventory", n, in.Unplaced)
	}
}
