package main

import (
	"slices"
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int{"1k": 1000, "10K": 10000, "40k": 40000, "2500": 2500} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "k", "-1k", "ten"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) gave no error", in)
		}
	}
}

// Time and memory are medians each on their own: the slowest run need not
// be the largest.
func TestMedian(t *testing.T) {
	s := []sample{{3 * time.Second, 10}, {1 * time.Second, 30}, {2 * time.Second, 20}}
	if w, r := median(s); w != 2*time.Second || r != 20 {
		t.Errorf("median = %v, %d; want 2s, 20", w, r)
	}
	if w, r := median(s[:2]); w != 2*time.Second || r != 20 {
		t.Errorf("median of two = %v, %d; want 2s, 20", w, r)
	}
}

func TestSplitNames(t *testing.T) {
	got := splitNames("parse floor,lint, Git repository,editor")
	want := []string{"parse floor", "lint, Git repository", "editor"}
	if !slices.Equal(got, want) {
		t.Errorf("splitNames = %q, want %q", got, want)
	}
}
