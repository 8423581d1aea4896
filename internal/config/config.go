// Package config finds and reads .qmslint.yaml, the per-repository settings.
//
// Configuration errors are usage errors (exit 2): a typo in the config must
// never silently change which rules run, so unknown keys are rejected.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/bytesize"
	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/dialect"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// FileNames are the names looked for, in order, in each directory.
var FileNames = []string{".qmslint.yaml", ".qmslint.yml"}

// DefaultStandards are the standards of a repository whose configuration
// does not list them: the shipped catalogs marked default.
func DefaultStandards() []string { return catalog.Defaults() }

// Severities, most severe first. The words are the ones auditors use.
var Severities = []string{"major", "minor", "observation"}

// Config is the parsed .qmslint.yaml. The zero value plus Defaults() is what
// a repository without a config file gets.
type Config struct {
	// File is the config file read, "" when none was found.
	File string `json:"-"`
	// Dir is the directory relative paths in the config are resolved from.
	Dir string `json:"-"`

	Standards []string `json:"standards"`
	// Catalogs are the in-repository catalog files of standards the
	// shipped ones lack, as written (relative to Dir).
	Catalogs []string `json:"catalogs,omitempty"`
	// Added are the catalogs read from Catalogs, which the run hands to
	// Rego as data.
	Added []*catalog.Catalog `json:"-"`
	// Known is the catalogs this configuration knows: the shipped ones
	// and those it adds (Catalogs, its packs'). Each configuration has
	// its own, as the sides of a comparison may hold two versions of
	// one; nil means the shipped ones.
	Known    *catalog.Set          `json:"-"`
	Policies []string              `json:"policies"`
	Ignore   []string              `json:"ignore"`
	FailOn   string                `json:"fail_on,omitempty"`
	Rules    map[string]RuleConfig `json:"rules"`
	// PolicyPins holds the sha256 a policies: entry was pinned to, by its
	// path as written ({path: packs/acme.tar.gz, sha256: ...}).
	PolicyPins map[string]string `json:"-"`
	// MaxMemory is max_memory in bytes, 0 when not set: it may only lower
	// the memory budget (lint.Run), as the repository is not trusted.
	MaxMemory int64 `json:"-"`
	// Params holds every rule's settings other than severity and disabled,
	// handed to Rego as input.config.rules[id].
	Params map[string]map[string]any `json:"-"`
	// Dialect maps the company's own front matter onto qmslint's fields;
	// nil when the documents use qmslint's.
	Dialect *dialect.Dialect `json:"-"`
	// Terraform names the Terraform/OpenTofu states read as inventory;
	// nil when none.
	Terraform *Terraform `json:"-"`
}

// RuleConfig re-grades or disables one rule.
type RuleConfig struct {
	Severity string `json:"severity,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// Default is the configuration of a repository without .qmslint.yaml.
func Default() *Config {
	return &Config{
		Standards: DefaultStandards(),
		Rules:     map[string]RuleConfig{},
		Params:    map[string]map[string]any{},
	}
}

// Find looks for a config file in dir and its parents, stopping at the
// directory that holds .git (the repository root) so that a config in a
// user's home never leaks into a checkout.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range FileNames {
			p := filepath.Join(abs, name)
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				return p, nil
			}
		}
		if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

// Load reads the config for root: explicit when file is not "", else the one
// Find locates, else Default().
func Load(root, file string) (*Config, error) {
	if file == "" {
		found, err := Find(root)
		if err != nil {
			return nil, err
		}
		if found == "" {
			c := Default()
			abs, _ := filepath.Abs(root)
			c.Dir = abs
			return c, nil
		}
		file = found
	}
	src, err := os.ReadFile(file)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		return nil, fmt.Errorf("config %s: %w", file, err)
	}
	c, err := Parse(src, file)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// AddsRules reports whether the configuration for root (file, or the one
// Find locates) lists policy packs or catalogs, by its top-level keys
// alone: nothing it names is read or registered, so a caller may ask
// before the run loads the configuration for itself (a catalog
// registered from the work tree would stand in the way of another
// version of it on a side of a comparison). A configuration that cannot
// be read says yes.
func AddsRules(root, file string) bool {
	if file == "" {
		found, err := Find(root)
		if err != nil {
			return true
		}
		if found == "" {
			return false
		}
		file = found
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return true
	}
	v, _, err := yamlpos.Decode(src, 0)
	if err != nil {
		return true
	}
	if v == nil {
		return false
	}
	top, ok := v.(map[string]any)
	if !ok {
		return true
	}
	_, packs := top["policies"]
	_, catalogs := top["catalogs"]
	return packs || catalogs
}

// Parse reads config text; file is used in messages and to resolve paths.
func Parse(src []byte, file string) (*Config, error) {
	c := Default()
	c.File = file
	if abs, err := filepath.Abs(filepath.Dir(file)); err == nil {
		c.Dir = abs
	}
	v, pos, err := yamlpos.Decode(src, 0)
	if err != nil {
		var ye *yamlpos.Error
		if errors.As(err, &ye) {
			return nil, fmt.Errorf("%s:%d: %s", file, ye.Line, ye.Msg)
		}
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if v == nil {
		return c, nil
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s:1: expected a mapping of settings (standards, policies, ignore, fail_on, rules)", file)
	}
	at := func(ptr string) string {
		p, _ := pos.Lookup(ptr)
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	// The standards a repository adds are known before standards: and
	// dialect: name them.
	if err := c.addCatalogs(top, at); err != nil {
		return nil, err
	}
	for _, key := range sortedKeys(top) {
		val := top[key]
		ptr := yamlpos.Pointer(key)
		switch key {
		case "catalogs":
			// read by addCatalogs
		case "standards":
			list, err := stringList(val)
			if err != nil {
				return nil, fmt.Errorf("%s: standards: %v", at(ptr), err)
			}
			for _, s := range list {
				if !slices.Contains(c.Known.IDs(), s) {
					return nil, fmt.Errorf("%s: standards: unknown standard %q; known: %s (a catalog under catalogs: or in a policy pack adds one)", at(ptr), s, strings.Join(c.Known.IDs(), ", "))
				}
			}
			c.Standards = list
		case "policies":
			list, pins, err := policyList(val)
			if err != nil {
				return nil, fmt.Errorf("%s: policies: %v", at(ptr), err)
			}
			c.Policies, c.PolicyPins = list, pins
		case "ignore":
			list, err := stringList(val)
			if err != nil {
				return nil, fmt.Errorf("%s: ignore: %v", at(ptr), err)
			}
			c.Ignore = list
		case "fail_on":
			s, _ := val.(string)
			if !validFailOn(s) {
				return nil, fmt.Errorf("%s: fail_on: expected one of major, minor, observation, never; got %v", at(ptr), val)
			}
			c.FailOn = s
		case "rules":
			m, ok := val.(map[string]any)
			if !ok && val != nil {
				return nil, fmt.Errorf("%s: rules: expected a mapping of rule id to settings", at(ptr))
			}
			for _, id := range sortedKeys(m) {
				rc, params, err := ruleConfig(m[id])
				if err != nil {
					return nil, fmt.Errorf("%s: rules.%s: %v", at(yamlpos.Pointer(key, id)), id, err)
				}
				c.Rules[id] = rc
				if len(params) > 0 {
					c.Params[id] = params
				}
			}
		case "dialect":
			d, err := parseDialect(val, c.Known)
			if err != nil {
				return nil, fmt.Errorf("%s: dialect: %v", at(ptr), err)
			}
			c.Dialect = d
		case "terraform":
			t, err := parseTerraform(val)
			if err != nil {
				return nil, fmt.Errorf("%s: terraform: %v", at(ptr), err)
			}
			c.Terraform = t
		case "max_memory":
			n, err := bytesize.Parse(fmt.Sprint(val))
			if err != nil {
				return nil, fmt.Errorf("%s: max_memory: %v", at(ptr), err)
			}
			c.MaxMemory = n
		default:
			return nil, fmt.Errorf("%s: unknown setting %q; expected standards, catalogs, policies, ignore, fail_on, max_memory, rules, dialect or terraform", at(ptr), key)
		}
	}
	return c, nil
}

func ruleConfig(v any) (RuleConfig, map[string]any, error) {
	var rc RuleConfig
	if v == nil {
		return rc, nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return rc, nil, errors.New("expected a mapping such as {severity: major} or {disabled: true}")
	}
	params := map[string]any{}
	for _, k := range sortedKeys(m) {
		val := m[k]
		switch k {
		case "severity":
			s, _ := val.(string)
			if !slices.Contains(Severities, s) {
				return rc, nil, fmt.Errorf("severity: expected major, minor or observation; got %v", val)
			}
			rc.Severity = s
		case "disabled":
			b, ok := val.(bool)
			if !ok {
				return rc, nil, fmt.Errorf("disabled: expected true or false; got %v", val)
			}
			rc.Disabled = b
		default:
			params[k] = val
		}
	}
	return rc, params, nil
}

func validFailOn(s string) bool { return s == "never" || slices.Contains(Severities, s) }

// ValidFailOn reports whether s is a valid --fail-on / fail_on value.
func ValidFailOn(s string) bool { return validFailOn(s) }

func stringList(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok {
		return []string{s}, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errors.New("expected a list of strings")
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("expected a list of strings; found %v", e)
		}
		out = append(out, s)
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// PolicyDirs returns the configured policy locations as absolute paths.
func (c *Config) PolicyDirs() []string {
	out := make([]string, 0, len(c.Policies))
	for _, p := range c.Policies {
		if !filepath.IsAbs(p) {
			p = filepath.Join(c.Dir, p)
		}
		out = append(out, p)
	}
	return out
}

// PolicyRef is one policy pack to load: a directory or an OPA bundle, and
// the sha256 it is pinned to ("" when not pinned).
type PolicyRef struct {
	Path   string
	SHA256 string
}

// PolicyRefs returns the configured packs with absolute paths and pins.
func (c *Config) PolicyRefs() []PolicyRef {
	dirs := c.PolicyDirs()
	out := make([]PolicyRef, len(dirs))
	for i, d := range dirs {
		out[i] = PolicyRef{Path: d, SHA256: c.PolicyPins[c.Policies[i]]}
	}
	return out
}

// policyList reads policies: entries, each a path or {path, sha256}.
func policyList(v any) ([]string, map[string]string, error) {
	if s, ok := v.(string); ok {
		return []string{s}, nil, nil
	}
	list, ok := v.([]any)
	if !ok && v != nil {
		return nil, nil, errors.New("expected a list of paths or {path, sha256} entries")
	}
	var paths []string
	pins := map[string]string{}
	for _, e := range list {
		switch t := e.(type) {
		case string:
			paths = append(paths, t)
		case map[string]any:
			p, _ := t["path"].(string)
			if p == "" {
				return nil, nil, fmt.Errorf("entry %v: expected path: <directory or .tar.gz>", e)
			}
			for _, k := range sortedKeys(t) {
				if k != "path" && k != "sha256" {
					return nil, nil, fmt.Errorf("entry for %s: unknown key %q; expected path and sha256", p, k)
				}
			}
			if sum, has := t["sha256"]; has {
				s, _ := sum.(string)
				hex := strings.TrimPrefix(s, "sha256:")
				if len(hex) != 64 || strings.Trim(strings.ToLower(hex), "0123456789abcdef") != "" {
					return nil, nil, fmt.Errorf("entry for %s: sha256: expected 64 hexadecimal digits (sha256sum prints them), got %v", p, sum)
				}
				pins[p] = s
			}
			paths = append(paths, p)
		default:
			return nil, nil, fmt.Errorf("expected a path or {path, sha256}; found %v", e)
		}
	}
	return paths, pins, nil
}
