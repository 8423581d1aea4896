// Package backupev reads what backup tools report about their
// repositories (restic snapshots --json, borg list --json, pgbackrest info
// --output=json) into one shape, so that rules judge the backups that
// exist rather than a hand-kept claim about them.
//
// Each tool's JSON is read only for the fields the rules need (an id, a
// name, a time); everything else, file lists and sizes included, is
// dropped here and never reaches the policy input.
package backupev

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Tools are the values a backup-evidence source's tool may take.
var Tools = []string{"restic", "borg", "pgbackrest"}

// Snapshot is one restorable point of a repository.
type Snapshot struct {
	// ID is the tool's id: restic's snapshot id, borg's archive id,
	// pgbackrest's backup label.
	ID string
	// Short is what people write in records: restic's short_id, borg's
	// archive name, pgbackrest's label.
	Short string
	Time  time.Time
}

// Parse reads one tool's JSON. stanza selects one stanza of pgbackrest's
// output ("" when the output holds only one); the other tools ignore it.
// Snapshots come back oldest first, ties by id, whatever the tool's order.
func Parse(tool string, src []byte, stanza string) ([]Snapshot, error) {
	var out []Snapshot
	var err error
	switch tool {
	case "restic":
		out, err = restic(src)
	case "borg":
		out, err = borg(src)
	case "pgbackrest":
		out, err = pgbackrest(src, stanza)
	default:
		return nil, fmt.Errorf("unknown tool %q (one of %s)", tool, strings.Join(Tools, ", "))
	}
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.Before(out[j].Time)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func restic(src []byte) ([]Snapshot, error) {
	var list []struct {
		ID      string `json:"id"`
		ShortID string `json:"short_id"`
		Time    string `json:"time"`
	}
	if err := json.Unmarshal(src, &list); err != nil {
		return nil, fmt.Errorf("not the output of restic snapshots --json (a list of snapshots): %v", jsonErr(err))
	}
	out := make([]Snapshot, 0, len(list))
	for i, s := range list {
		t, err := time.Parse(time.RFC3339Nano, s.Time)
		if err != nil || s.ID == "" {
			return nil, fmt.Errorf("snapshot %d: needs an id and an RFC 3339 time, got id %q, time %q", i+1, s.ID, s.Time)
		}
		short := s.ShortID
		if short == "" && len(s.ID) >= 8 {
			short = s.ID[:8]
		}
		out = append(out, Snapshot{ID: s.ID, Short: short, Time: t})
	}
	return out, nil
}

// borgTime is borg's format: local time without a zone. It is read as
// UTC; capture the output with TZ=UTC for exact ages.
const borgTime = "2006-01-02T15:04:05.999999"

func borg(src []byte) ([]Snapshot, error) {
	var doc struct {
		Archives *[]struct {
			ID    string `json:"id"`
			Name  string `json:"name"`
			Start string `json:"start"`
			Time  string `json:"time"`
		} `json:"archives"`
	}
	if err := json.Unmarshal(src, &doc); err != nil || doc.Archives == nil {
		if err == nil {
			return nil, fmt.Errorf("not the output of borg list --json: no archives list")
		}
		return nil, fmt.Errorf("not the output of borg list --json: %v", jsonErr(err))
	}
	out := make([]Snapshot, 0, len(*doc.Archives))
	for i, a := range *doc.Archives {
		when := a.Start
		if when == "" {
			when = a.Time
		}
		t, err := time.Parse(borgTime, when)
		if err != nil {
			// borg info --json and newer versions may write a zone.
			t, err = time.Parse(time.RFC3339Nano, when)
		}
		if err != nil || a.Name == "" {
			return nil, fmt.Errorf("archive %d: needs a name and a start time, got name %q, start %q", i+1, a.Name, when)
		}
		id := a.ID
		if id == "" {
			id = a.Name
		}
		out = append(out, Snapshot{ID: id, Short: a.Name, Time: t.UTC()})
	}
	return out, nil
}

func pgbackrest(src []byte, stanza string) ([]Snapshot, error) {
	var stanzas []struct {
		Name   string `json:"name"`
		Backup []struct {
			Label     string `json:"label"`
			Timestamp struct {
				Start int64 `json:"start"`
				Stop  int64 `json:"stop"`
			} `json:"timestamp"`
		} `json:"backup"`
	}
	if err := json.Unmarshal(src, &stanzas); err != nil {
		return nil, fmt.Errorf("not the output of pgbackrest info --output=json (a list of stanzas): %v", jsonErr(err))
	}
	var names []string
	for _, s := range stanzas {
		names = append(names, s.Name)
	}
	for _, s := range stanzas {
		if s.Name != stanza && (stanza != "" || len(stanzas) != 1) {
			continue
		}
		out := make([]Snapshot, 0, len(s.Backup))
		for i, b := range s.Backup {
			if b.Label == "" || b.Timestamp.Stop <= 0 {
				return nil, fmt.Errorf("stanza %s, backup %d: needs a label and a stop timestamp", s.Name, i+1)
			}
			// A backup is restorable from when it stopped.
			out = append(out, Snapshot{ID: b.Label, Short: b.Label, Time: time.Unix(b.Timestamp.Stop, 0).UTC()})
		}
		return out, nil
	}
	if stanza == "" {
		return nil, fmt.Errorf("the output holds %d stanzas (%s): name one with stanza", len(stanzas), strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("no stanza %q in the output (it holds %s)", stanza, strings.Join(names, ", "))
}

// jsonErr keeps encoding/json's message without its Go type names.
func jsonErr(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("a %s where the tool writes something else (at byte %d)", te.Value, te.Offset)
	}
	return err.Error()
}
