package load

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	goldenfile "github.com/qmslint/qmslint/internal/golden"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/yamlpos"
)

// dump is the model as the golden files show it: everything later stages
// read, with positions, and without the absolute root.
type dump struct {
	Files     []model.File    `json:"files"`
	Documents []docDump       `json:"documents"`
	Registers []regDump       `json:"registers"`
	Problems  []model.Problem `json:"problems"`
}

type docDump struct {
	File      string            `json:"file"`
	Line      int               `json:"line"`
	BodyStart int               `json:"body_start"`
	Meta      map[string]any    `json:"meta"`
	Pos       yamlpos.Positions `json:"positions"`
	Headings  []model.Heading   `json:"headings"`
	Links     []model.Link      `json:"links"`
}

type regDump struct {
	File string            `json:"file"`
	Data map[string]any    `json:"data"`
	Pos  yamlpos.Positions `json:"positions"`
}

func dumpRepo(repo *model.Repository) []byte {
	d := dump{Files: repo.Files, Problems: repo.Problems, Documents: []docDump{}, Registers: []regDump{}}
	for _, doc := range repo.Documents {
		d.Documents = append(d.Documents, docDump{doc.File, doc.Line, doc.BodyStart, doc.Meta, doc.Pos, doc.Headings, doc.Links})
	}
	for _, r := range repo.Registers {
		d.Registers = append(d.Registers, regDump{r.File, r.Data, r.Pos})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func golden(t *testing.T, path string, got []byte) {
	goldenfile.Check(t, path, got)
}

// TestGolden loads each repository under testdata/golden and compares the
// model with <case>.json beside it.
func TestGolden(t *testing.T) {
	cases := map[string]Options{
		"basic": {Ignore: []string{"archive/**"}},
		"crlf":  {},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			repo, err := Load(filepath.Join("testdata", "golden", name), opts)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "golden", name+".json"), dumpRepo(repo))
		})
	}
}
