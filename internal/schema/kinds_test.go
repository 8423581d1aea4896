package schema

import (
	"encoding/json"
	"io/fs"
	"slices"
	"testing"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/schemas"
)

// The file's kind enum is for editors that read schemas/register.schema.json
// alone; the validator uses the declared kinds. The two must not drift.
func TestRegisterSchemaListsDeclaredKinds(t *testing.T) {
	raw, err := fs.ReadFile(schemas.FS, RegisterSchema)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Properties struct {
			Kind struct{ Enum []string }
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(doc.Properties.Kind.Enum))
	if want := registerKinds(); !slices.Equal(got, want) {
		t.Errorf("schemas/%s lists kinds %v; policies/%s declares %v", RegisterSchema, got, model.RegistersFile, want)
	}
}
