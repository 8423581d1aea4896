package report

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/qmslint/qmslint/internal/run"
)

// approvalEvidence sets each approval's Evidence: the commits of the
// document's current revision that are signed by the approver or carry an
// Approved-by: trailer with one of their e-mails, as
// approval.commit-evidence looks for them. It shows what Git holds; that
// an approval lacks evidence is the rule's finding.
func approvalEvidence(res *run.Outcome, docs []Document) {
	if len(res.History) == 0 {
		return
	}
	people, key := peopleOf(res.Repo)
	emails := map[string]map[string]bool{}
	for e, id := range key {
		if strings.Contains(e, "@") {
			if emails[id] == nil {
				emails[id] = map[string]bool{}
			}
			emails[id][e] = true
		}
	}
	if len(people) == 0 {
		return
	}
	for i := range docs {
		d := &docs[i]
		commits := revisionCommits(res.History[d.ID], d.Revision)
		for j := range d.Approvals {
			a := &d.Approvals[j]
			mine := emails[key[strings.ToLower(strings.TrimSpace(a.By))]]
			if len(mine) == 0 {
				continue
			}
			for _, c := range commits {
				hash := str(c, "commit")
				if len(hash) > 8 {
					hash = hash[:8]
				}
				if signed, _ := c["signed"].(bool); signed && mine[strings.ToLower(str(c, "email"))] {
					a.Evidence = append(a.Evidence, "signed commit "+hash)
				}
				for _, t := range strs(c, "approved_by") {
					if mine[strings.ToLower(trailerEmail(t))] {
						a.Evidence = append(a.Evidence, fmt.Sprintf("Approved-by: in commit %s", hash))
					}
				}
			}
		}
	}
}

// revisionCommits are the history entries (newest first) down to the
// first that left the document at another revision.
func revisionCommits(entries any, revision string) []map[string]any {
	list, _ := entries.([]any)
	var out []map[string]any
	for _, x := range list {
		e, _ := x.(map[string]any)
		if e == nil || str(e, "revision_after") != revision {
			break
		}
		out = append(out, e)
	}
	return out
}

var angleEmail = regexp.MustCompile(`<([^>]+)>`)

// trailerEmail is the e-mail of "Name <e-mail>", else the whole value.
func trailerEmail(t string) string {
	if m := angleEmail.FindStringSubmatch(t); m != nil {
		return strings.TrimSpace(m[1])
	}
	return strings.TrimSpace(t)
}
