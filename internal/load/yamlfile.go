package load

import (
	"regexp"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// parseYAML reads a register or a YAML document. YAML without a top-level
// kind is not part of the QMS (CI configs, tool settings) and is left alone.
func parseYAML(rel string, src []byte, r result) result {
	v, pos, err := yamlpos.Decode(src, 0)
	if err != nil {
		if hasKindLine.Match(src) {
			// A register or YAML document, not some tool's settings.
			r.failed(rel, src)
		}
		return yamlFailure(r, rel, err, 1)
	}
	data, ok := v.(map[string]any)
	if !ok {
		return r
	}
	if _, hasKind := data["kind"]; !hasKind {
		return r
	}
	kind := model.Kind(data)
	r.file.Controlled = true
	r.file.Kind = kind
	if isDocumentKind(kind) {
		r.doc = &model.Document{File: rel, Line: 1, Meta: data, Pos: pos}
		return r
	}
	r.reg = &model.Register{File: rel, Data: data, Pos: pos}
	return r
}

func isDocumentKind(kind string) bool {
	for _, k := range model.DocumentKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// hasKindLine tells a QMS YAML file that fails to parse from other YAML:
// only the first is known by an id.
var hasKindLine = regexp.MustCompile(`(?m)^kind:`)
