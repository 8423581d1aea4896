package main

import (
	"os"
	"testing"
)

// TestMain lets a test run this very binary as qmslint: the resource tests
// measure a child process (its peak RSS, its wall time), which an
// in-process call cannot show.
func TestMain(m *testing.M) {
	if os.Getenv("QMSLINT_TEST_AS_MAIN") == "1" {
		os.Args = append([]string{"qmslint"}, os.Args[1:]...)
		main()
		return
	}
	os.Exit(m.Run())
}
