package review

import "encoding/json"

// toMap turns a value into plain JSON values, as Rego sees them.
func toMap(v any) map[string]any {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}
