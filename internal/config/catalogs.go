package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qmslint/qmslint/internal/catalog"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// addCatalogs adds to c.Known the standards the repository adds: the catalog
// files listed under catalogs: and the catalogs of the policy packs that
// are directories (data/qmslint/catalogs/<name>/data.json, where the pack's
// Rego reads them too). An OPA bundle's catalogs reach its Rego only.
func (c *Config) addCatalogs(top map[string]any, at func(string) string) error {
	if v, ok := top["catalogs"]; ok {
		ptr := yamlpos.Pointer("catalogs")
		list, err := stringList(v)
		if err != nil {
			return fmt.Errorf("%s: catalogs: %v", at(ptr), err)
		}
		for _, p := range list {
			full, err := c.inside(p)
			if err != nil {
				return fmt.Errorf("%s: catalogs: %v", at(ptr), err)
			}
			raw, err := os.ReadFile(full)
			if err != nil {
				return fmt.Errorf("%s: catalogs: %s: %v", at(ptr), p, unwrapPath(err))
			}
			cat, err := catalog.Parse(raw, p)
			if err == nil {
				c.Known, err = c.Known.With(cat)
			}
			if err != nil {
				return fmt.Errorf("%s: %v", at(ptr), err)
			}
			c.Added = append(c.Added, cat)
		}
		c.Catalogs = list
	}
	if v, ok := top["policies"]; ok {
		list, _, err := policyList(v)
		if err != nil {
			return nil // reported with policies:
		}
		for _, p := range list {
			dir := p
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(c.Dir, dir)
			}
			if fi, err := os.Stat(filepath.Join(dir, catalog.Dir)); err != nil || !fi.IsDir() {
				continue
			}
			cats, err := catalog.Load(os.DirFS(dir), p)
			if err == nil {
				c.Known, err = c.Known.With(cats...)
			}
			if err != nil {
				return fmt.Errorf("%s: policies: %v", at(yamlpos.Pointer("policies")), err)
			}
		}
	}
	return nil
}

// inside resolves a path of the configuration that must stay within the
// repository: a catalog is read on the repository's say.
func (c *Config) inside(p string) (string, error) {
	if p == "" || filepath.IsAbs(p) {
		return "", fmt.Errorf("%q: expected a path relative to %s", p, filepath.Base(c.File))
	}
	clean := filepath.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%q is outside the repository", p)
	}
	full := filepath.Join(c.Dir, clean)
	if real, err := filepath.EvalSymlinks(full); err == nil {
		if base, err := filepath.EvalSymlinks(c.Dir); err == nil {
			if rel, err := filepath.Rel(base, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return "", fmt.Errorf("%q links outside the repository", p)
			}
		}
	}
	return full, nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
