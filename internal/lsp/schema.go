package lsp

import (
	"encoding/json"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/schemas"
)

// fields is what completion reads from the JSON Schemas, so that it
// offers what validation accepts and nothing is listed twice: the fields
// whose values are ids, and the statuses of each kind.
type fields struct {
	idKeys   map[string]bool
	statuses map[string][]string // by kind; "" for the shared list
}

var (
	fieldsOnce sync.Once
	schemaData fields
)

func schemaFields() fields {
	fieldsOnce.Do(func() {
		schemaData = fields{idKeys: map[string]bool{}, statuses: map[string][]string{}}
		files, _ := fs.Glob(schemas.FS, "*.schema.json")
		for _, f := range files {
			raw, err := fs.ReadFile(schemas.FS, f)
			if err != nil {
				continue
			}
			var v any
			if json.Unmarshal(raw, &v) != nil {
				continue
			}
			collectIDKeys(v, schemaData.idKeys)
			kind := strings.TrimSuffix(f, ".schema.json")
			if kind == "defs" {
				kind = ""
				v = dig(v, "$defs", "control")
			}
			if enum, ok := dig(v, "properties", "status", "enum").([]any); ok {
				schemaData.statuses[kind] = model.Strings(enum)
			}
		}
		delete(schemaData.idKeys, "id")
	})
	return schemaData
}

// collectIDKeys adds every property whose schema is an id or a list of ids.
func collectIDKeys(v any, keys map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if props, ok := x["properties"].(map[string]any); ok {
			for name, p := range props {
				ref, _ := dig(p, "$ref").(string)
				if items, ok := dig(p, "items", "$ref").(string); ok {
					ref = items
				}
				if strings.HasSuffix(ref, "$defs/id") || strings.HasSuffix(ref, "$defs/ids") {
					keys[name] = true
				}
			}
		}
		for _, c := range x {
			collectIDKeys(c, keys)
		}
	case []any:
		for _, c := range x {
			collectIDKeys(c, keys)
		}
	}
}

func dig(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// kinds are every document and register kind.
func kinds() []string {
	out := append([]string{}, model.DocumentKinds...)
	for k := range model.RegisterKinds {
		if !model.BuiltKinds[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
