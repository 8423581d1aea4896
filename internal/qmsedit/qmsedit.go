// Package qmsedit makes random edits of a QMS of the kinds people make (a
// date, a section dropped, an id renamed, a status flipped, a register
// value or line changed, a file deleted, copied or restored), for the
// tests that hold each cached path of a run to what the same run prints
// without the cache. Only tests import it.
package qmsedit

import (
	"fmt"
	"math/rand/v2"
	"path"
	"regexp"
	"slices"
	"strings"
)

var (
	dateRE    = regexp.MustCompile(`\b20[0-9]{2}-[01][0-9]-[0-3][0-9]\b`)
	headingRE = regexp.MustCompile(`(?m)^#{1,3} .*\n`)
	idRE      = regexp.MustCompile(`(?m)^(  - |)id: [A-Za-z0-9-]+`)
	numberRE  = regexp.MustCompile(`(?m)^( *[a-z_]+: )([0-9]+)$`)
	lineRE    = regexp.MustCompile(`(?m)^ .*\n`)
)

// Random makes one random edit of the QMS in current (paths to contents,
// of which the .md and .yaml files other than .qmslint.yaml are edited):
// the files it changes, "" for one it deletes, and what it did, for a
// failure message. original is what a restore puts back.
func Random(rng *rand.Rand, current, original map[string]string) (map[string]string, string) {
	paths := slices.Sorted(func(yield func(string) bool) {
		for p := range current {
			if (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".yaml")) && !strings.HasSuffix(p, ".qmslint.yaml") && !yield(p) {
				return
			}
		}
	})
	if len(paths) == 0 {
		return map[string]string{}, "nothing left to edit"
	}
	for {
		p := paths[rng.IntN(len(paths))]
		s := current[p]
		// replace changes a random match of re in s to f of its groups.
		replace := func(re *regexp.Regexp, f func(m []string) string) (string, bool) {
			ms := re.FindAllStringSubmatchIndex(s, -1)
			if len(ms) == 0 {
				return "", false
			}
			m := ms[rng.IntN(len(ms))]
			var parts []string
			for i := 0; i < len(m); i += 2 {
				if m[i] < 0 {
					parts = append(parts, "")
				} else {
					parts = append(parts, s[m[i]:m[i+1]])
				}
			}
			return s[:m[0]] + f(parts) + s[m[1]:], true
		}
		var next, what string
		ok := true
		switch op := rng.IntN(9); op {
		case 0:
			day := fmt.Sprintf("202%d-%02d-%02d", 5+rng.IntN(2), 1+rng.IntN(12), 1+rng.IntN(28))
			next, ok = replace(dateRE, func([]string) string { return day })
			what = "a date of " + p + " set to " + day
		case 1:
			next, ok = replace(headingRE, func([]string) string { return "" })
			what = "a heading of " + p + " dropped"
		case 2:
			next, ok = replace(idRE, func(m []string) string { return m[0] + "X" })
			what = "an id of " + p + " renamed"
		case 3:
			switch {
			case strings.Contains(s, "status: approved"):
				next, what = strings.Replace(s, "status: approved", "status: draft", 1), p+" made a draft"
			case strings.Contains(s, "status: draft"):
				next, what = strings.Replace(s, "status: draft", "status: approved", 1), p+" approved"
			default:
				ok = false
			}
		case 4:
			next, ok = replace(numberRE, func(m []string) string { return m[1] + fmt.Sprint(rng.IntN(30)) })
			what = "a number of " + p + " changed"
		case 5:
			next, ok = replace(lineRE, func([]string) string { return "" })
			what = "an indented line of " + p + " deleted"
		case 6:
			return map[string]string{p: ""}, p + " deleted"
		case 7:
			ext := path.Ext(p)
			cp := strings.TrimSuffix(p, ext) + "-copy" + ext
			if _, taken := current[cp]; taken {
				ok = false
				break
			}
			return map[string]string{cp: s}, p + " copied to " + cp
		case 8:
			// Back as it was: a restored file, or a deleted one again.
			var changed []string
			for q, o := range original {
				if current[q] != o && (strings.HasSuffix(q, ".md") || strings.HasSuffix(q, ".yaml")) {
					changed = append(changed, q)
				}
			}
			if len(changed) == 0 {
				ok = false
				break
			}
			slices.Sort(changed)
			q := changed[rng.IntN(len(changed))]
			return map[string]string{q: original[q]}, q + " restored"
		}
		if ok && next != s && next != "" {
			return map[string]string{p: next}, what
		}
	}
}
