package backupev

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	pg := `[{"name":"main","backup":[{"label":"20261123-010000F","timestamp":{"start":1795395600,"stop":1795396200},"type":"full"}]},
	        {"name":"audit","backup":[]}]`
	cases := []struct {
		tool, stanza, src string
		want              []string // short id @ RFC 3339
		err               string
	}{
		{tool: "restic", src: `[{"time":"2026-11-23T02:00:00.123+01:00","id":"bbbb","short_id":"bb"},{"time":"2026-11-22T01:00:00Z","id":"aaaaaaaaaa"}]`,
			want: []string{"aaaaaaaa@2026-11-22T01:00:00Z", "bb@2026-11-23T01:00:00Z"}},
		{tool: "restic", src: `[]`},
		{tool: "restic", src: `{"archives":[]}`, err: "not the output of restic snapshots --json"},
		{tool: "restic", src: `[{"time":"yesterday","id":"x"}]`, err: `snapshot 1: needs an id and an RFC 3339 time, got id "x", time "yesterday"`},
		{tool: "borg", src: `{"archives":[{"id":"1f","name":"p-1-2026-11-23","start":"2026-11-23T01:00:00.000000","time":"2026-11-23T01:00:00.000000"}],"repository":{"location":"/srv/borg"}}`,
			want: []string{"p-1-2026-11-23@2026-11-23T01:00:00Z"}},
		{tool: "borg", src: `[]`, err: "not the output of borg list --json"},
		{tool: "borg", src: `{"repository":{}}`, err: "no archives list"},
		{tool: "pgbackrest", stanza: "main", src: pg, want: []string{"20261123-010000F@2026-11-23T01:10:00Z"}},
		{tool: "pgbackrest", stanza: "audit", src: pg},
		{tool: "pgbackrest", src: pg, err: "holds 2 stanzas (main, audit): name one with stanza"},
		{tool: "pgbackrest", stanza: "x", src: pg, err: `no stanza "x" in the output (it holds main, audit)`},
		{tool: "pgbackrest", src: `[{"name":"main","backup":[{"label":"L"}]}]`, err: "needs a label and a stop timestamp"},
		{tool: "tar", src: `[]`, err: `unknown tool "tar" (one of restic, borg, pgbackrest)`},
	}
	for _, c := range cases {
		got, err := Parse(c.tool, []byte(c.src), c.stanza)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %s: error %v, want %q", c.tool, c.src, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", c.tool, c.src, err)
			continue
		}
		var s []string
		for _, x := range got {
			s = append(s, x.Short+"@"+x.Time.UTC().Format(time.RFC3339))
		}
		if strings.Join(s, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s %s: %v, want %v", c.tool, c.src, s, c.want)
		}
	}
}
