package cache

import (
	"reflect"
	"testing"
)

// The document-scoped rules' results come back as they were kept, and a
// damaged entry is not read as fewer results.
func TestDocResultsRoundTrip(t *testing.T) {
	s := Open(t.TempDir(), 0)
	key := [32]byte{1}
	if _, ok := s.DocResults(key); ok {
		t.Fatal("an empty store has results")
	}
	want := []DocFile{
		{Path: "a.md", Digest: "d1", Results: []DocResult{{Rule: "doc.x", Msg: "m", Subject: "A", File: "a.md", Line: 3, HasLine: true, Column: 2, Pointer: "/p", Severity: "minor"}}},
		{Path: "b.md", Digest: "d2"},
	}
	s.PutDocResults(key, want)
	got, ok := s.DocResults(key)
	if !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, %v; want %+v", got, ok, want)
	}
	b := encodeDocFiles(want)
	if _, err := decodeDocFiles(b[:len(b)-3]); err == nil {
		t.Error("a cut entry decoded")
	}
}
