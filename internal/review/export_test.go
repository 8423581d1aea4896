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

// IndexChange sets whether ChangeInput gives the sides their index, until
// the returned function restores it.
func IndexChange(on bool) func() {
	old := indexChange
	indexChange = on
	return func() { indexChange = old }
}
