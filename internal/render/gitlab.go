package render

import (
	"encoding/json"
	"io"
)

// GitLab Code Quality: a JSON array of issues. GitLab matches issues
// between the base and the merge request by fingerprint, so it must not
// depend on the line: it is derived from the finding id. The line must be
// at least 1, so a whole-file finding is reported at line 1. The format
// takes a column only in positions.begin, so positions is written rather
// than lines.

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path      string          `json:"path"`
	Positions gitlabPositions `json:"positions"`
}

type gitlabPositions struct {
	Begin gitlabPosition `json:"begin"`
}

type gitlabPosition struct {
	Line   int `json:"line"`
	Column int `json:"column,omitempty"`
}

var gitlabSeverity = map[string]string{"major": "major", "minor": "minor", "observation": "info"}

// GitLab writes a Code Quality report.
func GitLab(w io.Writer, r Report, o Options) error {
	return encodeList(w, len(r.Findings), func(i int) any {
		f := r.Findings[i]
		line, col := f.Line, f.Column
		if line < 1 {
			line, col = 1, 0
		}
		sev := gitlabSeverity[f.Severity]
		if sev == "" {
			sev = "info"
		}
		return gitlabIssue{
			Description: f.Rule + ": " + f.Message,
			CheckName:   f.Rule,
			Fingerprint: Fingerprint(f.ID),
			Severity:    sev,
			Location:    gitlabLocation{Path: o.path(f), Positions: gitlabPositions{Begin: gitlabPosition{Line: line, Column: col}}},
		}
	}, func(list json.RawMessage) any { return list })
}
