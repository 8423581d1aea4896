package main

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// goreleaserConfig is the part of GoReleaser v2's configuration that
// .goreleaser.yaml uses, field for field: decoding with KnownFields
// rejects a misspelt or v1-only key (format: instead of formats:,
// builds: ids under archives as builds:), which goreleaser check would.
type goreleaserConfig struct {
	Version     int    `yaml:"version"`
	ProjectName string `yaml:"project_name"`
	Before      struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
	Builds []struct {
		ID           string   `yaml:"id"`
		Main         string   `yaml:"main"`
		Binary       string   `yaml:"binary"`
		Env          []string `yaml:"env"`
		Flags        []string `yaml:"flags"`
		Ldflags      []string `yaml:"ldflags"`
		Goos         []string `yaml:"goos"`
		Goarch       []string `yaml:"goarch"`
		ModTimestamp string   `yaml:"mod_timestamp"`
	} `yaml:"builds"`
	Archives []struct {
		ID              string   `yaml:"id"`
		IDs             []string `yaml:"ids"`
		NameTemplate    string   `yaml:"name_template"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		Files []string `yaml:"files"`
	} `yaml:"archives"`
	Release struct {
		GitHub struct {
			Owner string `yaml:"owner"`
			Name  string `yaml:"name"`
		} `yaml:"github"`
	} `yaml:"release"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
	Changelog struct {
		Sort    string `yaml:"sort"`
		Filters struct {
			Exclude []string `yaml:"exclude"`
		} `yaml:"filters"`
	} `yaml:"changelog"`
}

// TestGoreleaserConfig checks .goreleaser.yaml without goreleaser, so that
// make test catches a broken release file on any machine (.ci/run also
// runs goreleaser check): v2 keys only,
// archives for Linux, macOS and Windows (zip there) with checksums, a
// reproducible build (-trimpath, commit time) whose version is the tag,
// set through the variable the Makefile sets.
func TestGoreleaserConfig(t *testing.T) {
	b, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var c goreleaserConfig
	if err := dec.Decode(&c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if c.Version != 2 {
		t.Errorf("version: %d, want 2 (GoReleaser v2)", c.Version)
	}
	if len(c.Builds) != 1 {
		t.Fatalf("%d builds, want 1", len(c.Builds))
	}
	bd := c.Builds[0]
	if _, err := os.Stat("../../" + strings.TrimPrefix(bd.Main, "./") + "/main.go"); err != nil {
		t.Errorf("builds[0].main %q: %v", bd.Main, err)
	}
	for _, os := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(bd.Goos, os) {
			t.Errorf("builds[0].goos lacks %s", os)
		}
	}
	if !slices.Contains(bd.Flags, "-trimpath") {
		t.Errorf("builds[0].flags lack -trimpath: %v", bd.Flags)
	}
	if !slices.Contains(bd.Env, "CGO_ENABLED=0") {
		t.Errorf("builds[0].env lacks CGO_ENABLED=0: the archives must run without a C library")
	}
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	sym := regexp.MustCompile(`-X (\S+)=\$\(VERSION\)`).FindSubmatch(mk)
	if sym == nil {
		t.Fatal("Makefile: no -X ...=$(VERSION) in LDFLAGS")
	}
	want := "-X " + string(sym[1]) + "={{ .Tag }}"
	if !strings.Contains(strings.Join(bd.Ldflags, " "), want) {
		t.Errorf("builds[0].ldflags %v: want %q, the variable make build sets", bd.Ldflags, want)
	}
	if len(c.Archives) != 1 || !slices.Contains(c.Archives[0].IDs, bd.ID) {
		t.Fatalf("archives: want one, of build %q", bd.ID)
	}
	a := c.Archives[0]
	if !slices.Contains(a.Formats, "tar.gz") {
		t.Errorf("archives[0].formats %v: want tar.gz", a.Formats)
	}
	zip := false
	for _, o := range a.FormatOverrides {
		zip = zip || o.Goos == "windows" && slices.Contains(o.Formats, "zip")
	}
	if !zip {
		t.Error("archives[0]: Windows users get a zip")
	}
	// goreleaser check fails in a clone without a GitHub remote unless the
	// release names its repository; it must be the module's.
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if want := "module github.com/" + c.Release.GitHub.Owner + "/" + c.Release.GitHub.Name + "\n"; !bytes.HasPrefix(gomod, []byte(want)) {
		t.Errorf("release.github %+v: want the module's repository (go.mod starts %q)", c.Release.GitHub, strings.SplitN(string(gomod), "\n", 2)[0])
	}
	if c.Checksum.NameTemplate == "" || c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum: %+v, want a sha256 checksums file", c.Checksum)
	}
}
