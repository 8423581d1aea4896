package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qmslint/qmslint/internal/model"
	"github.com/qmslint/qmslint/internal/run"
)

// Training is the training matrix: the people who hold a role some
// document requires training for, against those documents at their current
// revision. Whether a missing record is overdue is the rules' verdict
// (training.missing), read from the findings, not judged again here.
type Training struct {
	Documents []TrainingDocument `json:"documents"`
	People    []TrainingRow      `json:"people"`
}

// TrainingDocument is a document with a training duty.
type TrainingDocument struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Revision string   `json:"revision"`
	Roles    []string `json:"roles"`
}

// TrainingRow is one person's standing on every document of the matrix,
// in the order of Documents.
type TrainingRow struct {
	ID    string         `json:"id"`
	Name  string         `json:"name"`
	Roles []string       `json:"roles"`
	Cells []TrainingCell `json:"cells"`
}

// Training cell states.
const (
	Trained     = "trained"      // a record on the current revision
	Untrained   = "missing"      // training.missing reports it
	Due         = "due"          // required, not yet recorded, still in time
	NotRequired = "not-required" // the person holds none of the roles
)

// TrainingCell is a person's standing on one document.
type TrainingCell struct {
	State string `json:"state"`
	// Date of the latest record on the current revision.
	Date string `json:"date,omitempty"`
}

type person struct {
	id, name string
	roles    []map[string]any
}

func training(res *run.Outcome) Training {
	out := Training{Documents: []TrainingDocument{}, People: []TrainingRow{}}
	people, key := peopleOf(res.Repo)
	if len(people) == 0 {
		return out
	}
	type duty struct {
		doc   TrainingDocument
		roles map[string]bool
	}
	var duties []duty
	for _, d := range res.Repo.Documents {
		t, _ := d.Meta["training"].(map[string]any)
		if t == nil || str(d.Meta, "status") != "approved" {
			continue
		}
		td := TrainingDocument{ID: str(d.Meta, "id"), Title: str(d.Meta, "title"), Revision: revision(d.Meta["revision"]), Roles: []string{}}
		roles := map[string]bool{}
		rs, _ := t["roles"].([]any)
		for _, r := range rs {
			if s, ok := r.(string); ok {
				roles[s] = true
				td.Roles = append(td.Roles, s)
			}
		}
		if td.ID == "" || len(roles) == 0 {
			continue
		}
		duties = append(duties, duty{td, roles})
	}
	sort.SliceStable(duties, func(i, j int) bool { return duties[i].doc.ID < duties[j].doc.ID })
	for _, d := range duties {
		out.Documents = append(out.Documents, d.doc)
	}

	// latest[person|document|revision] is the latest record's date.
	latest := map[string]string{}
	for _, reg := range res.Repo.Registers {
		if model.Kind(reg.Data) != "training-log" {
			continue
		}
		for _, rec := range list(reg.Data, "records") {
			date := str(rec, "date")
			if !isDate(date) || date > res.Date {
				continue
			}
			ps, _ := rec["people"].([]any)
			for _, p := range ps {
				s, _ := p.(string)
				id := key[strings.ToLower(strings.TrimSpace(s))]
				k := id + "|" + str(rec, "document") + "|" + revision(rec["revision"])
				if id != "" && date > latest[k] {
					latest[k] = date
				}
			}
		}
	}
	missing := map[string]bool{}
	for _, f := range res.Findings {
		if f.Rule == "training.missing" {
			missing[f.Subject] = true
		}
	}
	for _, p := range people {
		held := rolesOn(p, res.Date)
		row := TrainingRow{ID: p.id, Name: p.name, Roles: held, Cells: []TrainingCell{}}
		needed := false
		for _, d := range duties {
			c := TrainingCell{State: NotRequired, Date: latest[p.id+"|"+d.doc.ID+"|"+d.doc.Revision]}
			required := false
			for _, r := range held {
				required = required || d.roles[r]
			}
			switch {
			case c.Date != "":
				c.State = Trained
			case !required:
			case missing[d.doc.ID+"/"+p.id]:
				c.State = Untrained
			default:
				c.State = Due
			}
			needed = needed || required
			row.Cells = append(row.Cells, c)
		}
		if needed {
			out.People = append(out.People, row)
		}
	}
	return out
}

// peopleOf reads the people registers: every person in file order (the
// first of a duplicated id), and the id each id, name or e-mail names.
func peopleOf(repo *model.Repository) ([]person, map[string]string) {
	var people []person
	key := map[string]string{}
	for _, reg := range repo.Registers {
		if model.Kind(reg.Data) != "people" || str(reg.Data, "status") == "obsolete" {
			continue
		}
		for _, p := range list(reg.Data, "people") {
			id := str(p, "id")
			if id == "" || key[strings.ToLower(id)] != "" {
				continue
			}
			people = append(people, person{id: id, name: str(p, "name"), roles: list(p, "roles")})
			names := []string{id, str(p, "name")}
			es, _ := p["emails"].([]any)
			for _, e := range es {
				if s, ok := e.(string); ok {
					names = append(names, s)
				}
			}
			for _, n := range names {
				if k := strings.ToLower(n); n != "" && key[k] == "" {
					key[k] = id
				}
			}
		}
	}
	return people, key
}

// rolesOn lists the roles a person held on a date, sorted.
func rolesOn(p person, date string) []string {
	out := []string{}
	for _, a := range p.roles {
		from, to := str(a, "from"), str(a, "to")
		if r := str(a, "role"); r != "" && from != "" && from <= date && (to == "" || date <= to) {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// revision is a revision as Rego's sprintf("%v") writes it, so 7 and "7"
// match as they do in the rules.
func revision(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprintf("%d", int64(x))
		}
	}
	return fmt.Sprint(v)
}
