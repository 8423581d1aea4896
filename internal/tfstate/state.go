package tfstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/qmslint/qmslint/internal/yamlpos"
)

// resource is one managed resource of a state or plan, as read: its
// attributes stay behind values, which refuses sensitive paths.
type resource struct {
	Address, Type, ProviderName string
	values                      values
	// Pointer is where it stands in the JSON (/values/root_module/resources/0).
	Pointer string
}

// parsed is what one file of `terraform show -json` holds.
type parsed struct {
	// Format is state or plan.
	Format           string
	TerraformVersion string
	Resources        []resource
}

// parse reads the JSON of `terraform show -json`. A plan's resources are
// its planned values: what will exist once it is applied.
func parse(src []byte) (*parsed, error) {
	var probe struct {
		Planned json.RawMessage `json:"planned_values"`
	}
	if err := json.Unmarshal(src, &probe); err != nil {
		return nil, fmt.Errorf("not the JSON of terraform show -json: %v", jsonError(src, err))
	}
	if len(probe.Planned) > 0 {
		var p tfjson.Plan
		if err := json.Unmarshal(src, &p); err != nil {
			return nil, fmt.Errorf("not a plan of terraform show -json: %v", err)
		}
		out := &parsed{Format: "plan", TerraformVersion: p.TerraformVersion}
		if p.PlannedValues != nil {
			out.walk(p.PlannedValues.RootModule, "/planned_values/root_module")
		}
		return out, nil
	}
	var s tfjson.State
	if err := json.Unmarshal(src, &s); err != nil {
		return nil, fmt.Errorf("not a state of terraform show -json: %v", err)
	}
	if s.FormatVersion == "" {
		return nil, errors.New("not a state of terraform show -json: no format_version")
	}
	out := &parsed{Format: "state", TerraformVersion: s.TerraformVersion}
	if s.Values != nil {
		out.walk(s.Values.RootModule, "/values/root_module")
	}
	return out, nil
}

func (p *parsed) walk(m *tfjson.StateModule, ptr string) {
	if m == nil {
		return
	}
	for i, r := range m.Resources {
		if r == nil || r.Mode != tfjson.ManagedResourceMode {
			continue
		}
		var sens any
		if len(r.SensitiveValues) > 0 {
			// Unreadable marks are taken as "all of it is sensitive".
			if err := json.Unmarshal(r.SensitiveValues, &sens); err != nil {
				sens = true
			}
		}
		p.Resources = append(p.Resources, resource{
			Address:      r.Address,
			Type:         r.Type,
			ProviderName: r.ProviderName,
			values:       values{attrs: r.AttributeValues, sensitive: sens},
			Pointer:      ptr + "/resources/" + strconv.Itoa(i),
		})
	}
	for i, c := range m.ChildModules {
		p.walk(c, ptr+"/child_modules/"+strconv.Itoa(i))
	}
}

// jsonError says where a syntax error is, by line.
func jsonError(src []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("line %d: %v", lineAt(src, se.Offset), se)
	}
	return err
}

func lineAt(src []byte, off int64) int { return pos(src, off).Line }

// pos is the position of an offset: `terraform show -json` writes one
// line, where only the column tells resources apart.
func pos(src []byte, off int64) yamlpos.Pos {
	if off > int64(len(src)) {
		off = int64(len(src))
	}
	before := src[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	p := yamlpos.Pos{Line: bytes.Count(before, []byte("\n")) + 1, Col: len(before) - start + 1}
	if text := before[start:]; !isASCII(text) {
		p.Col16 = len(utf16.Encode([]rune(string(text)))) + 1
	}
	return p
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// resourceLines maps the pointer of every object in a resources list to
// the position of its opening brace, so a finding about a resource points at
// it. The JSON has already been decoded whole (which bounds its nesting).
func resourceLines(src []byte) map[string]yamlpos.Pos {
	lines := map[string]yamlpos.Pos{}
	dec := json.NewDecoder(bytes.NewReader(src))
	var value func(ptr string) error
	value = func(ptr string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return nil
		}
		switch d {
		case '{':
			if isResource(ptr) {
				lines[ptr] = pos(src, dec.InputOffset()-1)
			}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				if err := value(ptr + "/" + escape(key)); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := value(ptr + "/" + strconv.Itoa(i)); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token()
		return err
	}
	_ = value("")
	return lines
}

func isResource(ptr string) bool {
	i := strings.LastIndexByte(ptr, '/')
	if i < 0 {
		return false
	}
	if _, err := strconv.Atoi(ptr[i+1:]); err != nil {
		return false
	}
	return strings.HasSuffix(ptr[:i], "/resources")
}

func escape(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}
