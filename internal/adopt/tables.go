package adopt

// The detection heuristics are these tables: a name or word as companies
// write it, and what qmslint reads it as. Adding a company's convention is
// adding a row.

// fieldAliases are front-matter field names seen in other QMS templates,
// lower-cased, by the qmslint field they hold.
var fieldAliases = map[string]string{
	"doc_id": "id", "document_id": "id", "docid": "id", "document_number": "id", "doc_number": "id",
	"doc_no": "id", "document_no": "id", "number": "id", "acronym": "id", "reference": "id",
	"version": "revision", "rev": "revision", "revision_number": "revision", "doc_version": "revision",
	"doc_type": "kind", "document_type": "kind", "type": "kind", "category": "kind",
	"name": "title", "document_title": "title", "doc_title": "title",
	"state": "status", "doc_status": "status", "document_status": "status",
	"document_owner": "owner", "doc_owner": "owner", "responsible": "owner", "process_owner": "owner",
	"effective_date": "effective", "date_effective": "effective", "effective_from": "effective", "valid_from": "effective", "release_date": "effective",
	"last_review": "review.last", "last_reviewed": "review.last", "review_date": "review.last", "reviewed": "review.last",
	"controls": "clauses", "iso_clauses": "clauses", "clause": "clauses", "requirements": "clauses",
}

// ownFields are qmslint's names: a file using them needs no mapping.
var ownFields = map[string]bool{
	"id": true, "kind": true, "title": true, "revision": true, "status": true, "owner": true,
	"effective": true, "review": true, "clauses": true, "references": true, "approvals": true,
}

// statusWords are status values by the qmslint status they mean.
var statusWords = map[string]string{
	"approved": "approved", "released": "approved", "effective": "approved", "active": "approved",
	"final": "approved", "published": "approved", "in force": "approved", "current": "approved",
	"draft": "draft", "wip": "draft", "work in progress": "draft", "new": "draft", "preliminary": "draft",
	"in review": "in-review", "in-review": "in-review", "review": "in-review", "under review": "in-review",
	"for review": "in-review", "pending approval": "in-review", "pending": "in-review",
	"obsolete": "obsolete", "retired": "obsolete", "superseded": "obsolete", "withdrawn": "obsolete", "archived": "obsolete",
}

// kindWords are words of a file name, title or folder by the document kind
// they suggest, tried in this order (the more specific first: a
// "procedure template" is a form).
var kindWords = []struct{ word, kind string }{
	{"work-instruction", "work-instruction"}, {"work instruction", "work-instruction"}, {"instruction", "work-instruction"},
	{"tmpl", "form"}, {"template", "form"}, {"form", "form"}, {"checklist", "form"},
	{"manual", "manual"},
	{"policy", "policy"}, {"policies", "policy"},
	{"sop", "procedure"}, {"procedure", "procedure"}, {"procedures", "procedure"}, {"process", "procedure"},
	{"plan", "plan"}, {"objectives", "plan"}, {"programme", "plan"}, {"program", "plan"}, {"strategy", "plan"},
	{"record", "record"}, {"records", "record"}, {"report", "record"}, {"list", "record"}, {"log", "record"},
	{"minutes", "record"}, {"index", "record"}, {"inventory", "record"}, {"matrix", "record"},
	{"protocol", "record"}, {"assessment", "record"}, {"evaluation", "record"}, {"register", "record"},
	{"map", "record"}, {"file", "record"}, {"analysis", "record"}, {"specification", "record"}, {"specifications", "record"},
}

// missingWords are values that mean "not known yet".
var missingWords = []string{"TBD", "TBC", "TODO", "N/A", "n.a.", "-", "?", "unknown", "none"}

// dateFormats are the date layouts tried on date fields, in the config's
// notation. Where a value reads both ways (3/10/2022), the first wins.
var dateFormats = []string{"DD.MM.YYYY", "M/D/YYYY", "D/M/YYYY", "MMM D YYYY", "MMM D, YYYY", "D MMM YYYY", "MMMM D, YYYY", "D MMMM YYYY", "YYYY/MM/DD", "DD-MM-YYYY"}

// tableFields are the header cells of a metadata table at the top of a
// document, lower-cased, by the qmslint field they hold.
var tableFields = map[string]string{
	"document number": "id", "document no.": "id", "document no": "id", "doc. no.": "id", "doc no": "id",
	"document id": "id", "doc id": "id", "document code": "id", "reference": "id",
	"revision": "revision", "rev.": "revision", "rev": "revision", "version": "revision",
	"effective date": "effective", "effective": "effective", "valid from": "effective", "date of issue": "effective",
	"owner": "owner", "document owner": "owner", "process owner": "owner",
	"status": "status", "title": "title", "document title": "title",
}

// ignoredNames are files that are not controlled documents, by why.
var ignoredNames = []struct{ glob, why string }{
	{"**/index.md", "site index page"},
	{"**/_template-*.md", "template scaffolding"},
	{"**/_*.md", "site partial"},
	{"**/_config.yml", "site configuration"},
	{"**/_toc.yml", "site table of contents"},
	{"**/mkdocs.yml", "site configuration"},
	{"**/mkdocs.yaml", "site configuration"},
	{"**/SUMMARY.md", "site table of contents"},
}
