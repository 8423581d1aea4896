package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmslint/qmslint/internal/gitrepo/gittest"
)

const gitPeople = `id: PEOPLE
kind: people
title: People
people:
  - {id: ann, name: Ann Weber, emails: [ann@example.com], roles: [{role: qa-manager, from: 2025-01-01}]}
  - {id: ben, name: Ben Adler, emails: [ben@example.com], roles: [{role: developer, from: 2025-01-01}]}
  - {id: cem, name: Cem Kaya, emails: [cem@example.com], roles: [{role: qa-manager, from: 2025-01-01}]}
  - {id: dana, name: Dana Roth, emails: [dana@example.com], roles: [{role: qa-manager, from: 2025-01-01}]}
`

func sop1(rev, status, approvals, body string) string {
	return "---\nid: SOP-1\nkind: procedure\ntitle: Documents\nrevision: " + rev + "\nstatus: " + status +
		"\nowner: qa-manager\napprovals: [" + approvals + "]\neffective: 2026-02-05\n---\n\n# Documents\n\n" + body + "\n"
}

// TestApprovalsJudgedFromGit: in a real repository, whoever wrote a
// commit of the current revision may not approve it (their e-mail mapped
// by the people register, no author field needed), and where commits are
// signatures an approval needs the approver's signed commit or
// Approved-by: trailer; history shows both kinds of evidence.
func TestApprovalsJudgedFromGit(t *testing.T) {
	t.Parallel()
	g := gittest.New(t)
	ben := gittest.As{Name: "Ben Adler", Email: "ben@example.com"}
	at := func(as gittest.As, msg string) gittest.As { as.Message = msg; return as }
	g.CommitAs("2026-01-10", at(ben, "SOP-1 revision 1"), map[string]string{
		"qms/.qmslint.yaml":         "rules:\n  approval.commit-evidence: {required: true}\n",
		"qms/registers/people.yaml": gitPeople,
		"qms/SOP-1.md":              sop1("1", "draft", "", "Documents are approved before use."),
	})
	// Ann writes revision 2 under her Git identity (another name on the
	// commit than in the register: the e-mail decides).
	g.CommitAs("2026-02-01", gittest.As{Name: "aweber", Email: "Ann@Example.com", Message: "SOP-1 revision 2"}, map[string]string{
		"qms/SOP-1.md": sop1("2", "draft", "", "Documents are approved by QA before use."),
	})
	// Ben records her approval: control fields only.
	g.CommitAs("2026-02-02", at(ben, "Approve SOP-1"), map[string]string{
		"qms/SOP-1.md": sop1("2", "approved", "{by: Ann Weber, date: 2026-02-02}", "Documents are approved by QA before use."),
	})
	root := filepath.Join(g.Dir, "qms")
	approvals := func() []string { return lintIDs(t, root, "2026-03-01", "approval.") }
	want := "approval.commit-evidence:SOP-1/Ann Weber approval.self-approved:SOP-1/Ann Weber"
	if got := strings.Join(approvals(), " "); got != want {
		t.Fatalf("after Ann approved her own revision: %s\nwant %s", got, want)
	}

	// Cem approves instead, in a signed commit: neither finding.
	g.CommitAs("2026-02-03", gittest.As{Name: "Cem Kaya", Email: "cem@example.com", Message: "Approve SOP-1 revision 2",
		Signature: "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----\n"},
		map[string]string{"qms/SOP-1.md": sop1("2", "approved", "{by: Cem Kaya, date: 2026-02-03}", "Documents are approved by QA before use.")})
	if got := approvals(); len(got) != 0 {
		t.Fatalf("after Cem's signed approval: %v", got)
	}

	// Dana's approval recorded by Ben: evidenced by her trailer only.
	withDana := sop1("2", "approved", "{by: Cem Kaya, date: 2026-02-03}, {by: Dana Roth, date: 2026-02-04}", "Documents are approved by QA before use.")
	g.CommitAs("2026-02-04", at(ben, "Record Dana's approval\n\nApproved-by: Dana Roth <dana@example.com>\n"), map[string]string{"qms/SOP-1.md": withDana})
	if got := approvals(); len(got) != 0 {
		t.Fatalf("after Dana's trailer: %v", got)
	}
	// The report shows the evidence beside each approval.
	o := run(t, "report", "--format", "json", "--date", "2026-03-01", root)
	var rep struct {
		Documents []struct {
			ID        string
			Approvals []struct {
				By       string
				Evidence []string
			}
		}
	}
	if err := json.Unmarshal([]byte(o.stdout), &rep); err != nil {
		t.Fatalf("report: %v %s", err, o.stderr)
	}
	evidence := map[string]string{}
	for _, d := range rep.Documents {
		for _, a := range d.Approvals {
			evidence[d.ID+"/"+a.By] = strings.Join(a.Evidence, "; ")
		}
	}
	if !strings.HasPrefix(evidence["SOP-1/Cem Kaya"], "signed commit ") || !strings.HasPrefix(evidence["SOP-1/Dana Roth"], "Approved-by: in commit ") {
		t.Errorf("report evidence: %v", evidence)
	}

	o = run(t, "history", "SOP-1", root)
	if o.code != 0 {
		t.Fatalf("history: exit %d %s", o.code, o.stderr)
	}
	for _, want := range []string{"Approve SOP-1 revision 2 [signed]", "Record Dana's approval [Approved-by: Dana Roth <dana@example.com>]"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("history lacks %q:\n%s", want, o.stdout)
		}
	}
	o = run(t, "history", "--format", "markdown", "SOP-1", root)
	if !strings.Contains(o.stdout, "| Approval evidence |") || !strings.Contains(o.stdout, "| signed |") {
		t.Errorf("markdown history lacks the evidence column:\n%s", o.stdout)
	}
}
