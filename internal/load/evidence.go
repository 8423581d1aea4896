package load

import (
	"crypto/sha256"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/qmslint/qmslint/internal/backupev"
	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/safepath"
)

// EvidenceKind is the register kind whose sources name backup tools' JSON
// output; the loader reads each one into the source's snapshots.
const EvidenceKind = "backup-evidence"

// MaxEvidenceSize bounds one tool output: a restic repository with years
// of hourly snapshots writes a few megabytes.
const MaxEvidenceSize = MaxFileSize

// readEvidence fills in the snapshots of every source of a backup-evidence
// register from the file it names (relative to the register, inside the
// root). A source that cannot be read becomes a parse.error problem at its
// path and gets no snapshots, so the rules that judge snapshots say
// nothing about it rather than call it empty.
func readEvidence(root string, reg *model.Register, blobs map[string]Blob) ([]model.File, []model.Problem) {
	if model.Kind(reg.Data) != EvidenceKind {
		return nil, nil
	}
	sources, _ := reg.Data["sources"].([]any)
	var problems []model.Problem
	var read []model.File
	for i, raw := range sources {
		src, ok := raw.(map[string]any)
		if !ok {
			continue
		}
		delete(src, "snapshots")
		ptr := fmt.Sprintf("/sources/%d", i)
		p, _ := src["path"].(string)
		tool, _ := src["tool"].(string)
		if p == "" || tool == "" {
			// The schema reports the missing field.
			continue
		}
		snaps, file, err := readSource(root, reg.File, p, tool, stringField(src, "stanza"), blobs)
		if file.Path != "" {
			read = append(read, file)
		}
		if err != nil {
			line := 1
			if pos, ok := reg.Pos.Lookup(ptr + "/path"); ok {
				line = pos.Line
			}
			problems = append(problems, model.Problem{Rule: model.RuleParseError, File: reg.File, Line: line, Subject: reg.File + ptr, Msg: fmt.Sprintf("backup evidence %s: %v", p, err)})
			continue
		}
		list := make([]any, len(snaps))
		for j, s := range snaps {
			list[j] = map[string]any{"id": s.ID, "short_id": s.Short, "time": s.Time.UTC().Format("2006-01-02T15:04:05Z")}
		}
		src["snapshots"] = list
	}
	return read, problems
}

func readSource(root, regFile, p, tool, stanza string, blobs map[string]Blob) ([]backupev.Snapshot, model.File, error) {
	rel := path.Join(path.Dir(regFile), filepath.ToSlash(p))
	var none model.File
	if path.IsAbs(p) {
		return nil, none, fmt.Errorf("an absolute path; name the file relative to %s, inside the repository", regFile)
	}
	var src []byte
	var size int64
	if b, ok := blobs[rel]; ok && rel != ".." && !strings.HasPrefix(rel, "../") {
		// A file the copy of a Git tree leaves out (a .yaml output): its
		// blob, as the file would read.
		src, size, err := b.Read(MaxEvidenceSize)
		return evidenceFrom(rel, tool, stanza, src, size, err)
	}
	real, err := safepath.Within(root, filepath.FromSlash(rel))
	if err != nil {
		return nil, none, fmt.Errorf("not read: %v", err)
	}
	src, size, err = readFile(real, MaxEvidenceSize)
	return evidenceFrom(rel, tool, stanza, src, size, err)
}

func evidenceFrom(rel, tool, stanza string, src []byte, size int64, err error) ([]backupev.Snapshot, model.File, error) {
	var none model.File
	if err != nil {
		return nil, none, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	if src == nil && size > MaxEvidenceSize {
		return nil, none, fmt.Errorf("file is %.1f MB, over the %d MB limit; not read", float64(size)/(1<<20), MaxEvidenceSize>>20)
	}
	file := model.File{Path: rel, Format: "json", SHA256: fmt.Sprintf("%x", sha256.Sum256(src))}
	snaps, err := backupev.Parse(tool, src, stanza)
	return snaps, file, err
}

func stringField(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}
