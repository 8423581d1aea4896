package policyinput_test

import (
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/qmslint/qmslint/internal/load"
	"github.com/qmslint/qmslint/internal/policyinput"
)

// A digest names what rules see of a part of the input: two documents
// share one exactly when their converted values are equal. The reference
// QMS's documents, each against every other and against itself changed
// in each way a document changes, hold that both ways.
func TestDigestIsTheValue(t *testing.T) {
	repo, err := load.Load("../../qms", load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Each document also as changed: its prose alone (which rules do not
	// see), a field, the line of a heading, the file it is in.
	n := len(repo.Documents)
	for i := range n {
		d := *repo.Documents[i]
		prose := d
		prose.Body = append(append([]byte{}, d.Body...), "\nOne more sentence.\n"...)
		field := d
		field.Meta = map[string]any{}
		for k, v := range d.Meta {
			field.Meta[k] = v
		}
		field.Meta["owner"] = "someone else"
		moved := d
		moved.File = "moved/" + d.File
		repo.Documents = append(repo.Documents, &prose, &field, &moved)
		if len(d.Headings) > 0 {
			heading := d
			heading.Headings = append(heading.Headings[:0:0], d.Headings...)
			heading.Headings[0].Line++
			repo.Documents = append(repo.Documents, &heading)
		}
	}
	in := policyinput.Build(repo, policyinput.Options{Date: "2026-11-24"})
	docs := in["documents"].([]any)
	ds := policyinput.Digests(docs, nil)
	sums := ds.Sums
	if !ds.OK {
		t.Fatal("a document of the reference QMS cannot be named")
	}
	value, err := policyinput.Value(in)
	if err != nil {
		t.Fatal(err)
	}
	values := policyinput.Field(value, "documents").(*ast.Array)
	for i := range docs {
		for j := range docs {
			same := values.Elem(i).Value.Compare(values.Elem(j).Value) == 0
			if (sums[i] == sums[j]) != same {
				t.Fatalf("documents %d and %d (%s, %s): equal digests %v, equal values %v", i, j, repo.Documents[i].File, repo.Documents[j].File, sums[i] == sums[j], same)
			}
		}
	}
	// Every part of the input can be named, and naming it twice gives the
	// same digest.
	for key, v := range in {
		a, ok := policyinput.Digest(v)
		b, _ := policyinput.Digest(v)
		if !ok || a != b {
			t.Errorf("input.%s: digest %x (named %v), again %x", key, a, ok, b)
		}
	}
}

// The digests a run keeps name the next run's items without computing
// them: an item's digest depends only on what it was converted from.
func TestDigestsKept(t *testing.T) {
	repo, err := load.Load("../../qms", load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs := policyinput.Build(repo, policyinput.Options{Date: "2026-11-24", Memo: "TestDigestsKept"})["documents"].([]any)
	first := policyinput.Digests(docs, nil)
	if !first.OK || first.Fresh != len(docs) || len(first.Kept) != len(docs) {
		t.Fatalf("first run: named %v, %d computed, %d kept; want all %d", first.OK, first.Fresh, len(first.Kept), len(docs))
	}
	kept, ok := policyinput.DecodeKept(first.Kept.Encode())
	if !ok || len(kept) != len(first.Kept) {
		t.Fatalf("kept %d digests, read back %d (%v)", len(first.Kept), len(kept), ok)
	}
	if _, ok := policyinput.DecodeKept([]byte("short")); ok {
		t.Error("bytes it did not write read back")
	}
	policyinput.ResetMemo() // a new process
	next := policyinput.Digests(docs, kept)
	if next.Fresh != 0 || !slices.Equal(next.Sums, first.Sums) {
		t.Errorf("next run: %d computed, same digests %v; want none computed", next.Fresh, slices.Equal(next.Sums, first.Sums))
	}
	policyinput.ResetMemo()
	if again := policyinput.Digests(docs, nil); again.Fresh != len(docs) || !slices.Equal(again.Sums, first.Sums) {
		t.Errorf("without the kept digests: %d computed, same digests %v", again.Fresh, slices.Equal(again.Sums, first.Sums))
	}
}
