//go:build race

package main

// The race detector multiplies memory use; peak RSS is not measured then.
const raceEnabled = true
