package review

// CutChange makes ChangeInput cut the sides' documents always (true) or
// never (false) until the returned function restores the default.
func CutChange(always bool) func() {
	old := changeMode
	changeMode = cutNever
	if always {
		changeMode = cutAlways
	}
	return func() { changeMode = old }
}
