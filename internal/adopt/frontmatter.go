package adopt

import (
	"bytes"
	"regexp"

	"gopkg.in/yaml.v3"
)

// fieldOrder is the order import writes qmslint's fields in, the order of
// docs/format.md; the company's other fields follow as they were written.
var fieldOrder = []string{"id", "kind", "title", "revision", "status", "owner", "effective", "review", "approvals", "clauses", "references", "superseded_by"}

var isoDateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// field is one key and value of front matter, in the order written.
type field struct {
	key   string
	value any
	// node, when set, is the value as the company wrote it: order of keys,
	// style and comments kept.
	node *yaml.Node
}

// valueNodes returns the value node of each top-level key of a header.
func valueNodes(src []byte) map[string]*yaml.Node {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := doc.Content[0]
	out := make(map[string]*yaml.Node, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		out[m.Content[i].Value] = m.Content[i+1]
	}
	return out
}

// encodeFields writes fields as YAML: dates plain as docs/format.md
// writes them, clause lists on one line.
func encodeFields(fields []field) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range fields {
		k := &yaml.Node{}
		if err := k.Encode(f.key); err != nil {
			return nil, err
		}
		v := f.node
		if v == nil {
			v = &yaml.Node{}
			if err := v.Encode(f.value); err != nil {
				return nil, err
			}
			plainDates(v)
			if f.key == "clauses" || f.key == "references" {
				v.Style = yaml.FlowStyle
			}
		}
		doc.Content = append(doc.Content, k, v)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// plainDates unquotes YYYY-MM-DD strings: qmslint reads them as the
// date strings they are either way, and people write them plain.
func plainDates(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && isoDateRE.MatchString(n.Value) {
		n.Tag, n.Style = "!!timestamp", 0
	}
	for _, c := range n.Content {
		plainDates(c)
	}
}
