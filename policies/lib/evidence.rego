package qmslint.lib

# Backup evidence: what the backup tools themselves report (restic, borg,
# pgbackrest JSON), read by the loader into each source's snapshots
# ({id, short_id, time}, oldest first). A source whose file could not be
# read has no snapshots (parse.error reports it) and is left out here, so
# no rule calls an unreadable repository empty.

evidence_sources := [s |
	some r in registers_of_kind("backup-evidence")
	some s in r.sources
	is_object(s)
	is_string(s.target)
	is_array(s.snapshots)
]

# Snapshots count as of the start of the evaluation day, and those taken
# during that day as current: a run judges a day, not an hour. Those
# taken after it are left out, as a record from the future proves nothing
# yet.
evidence_horizon := today + ((24 * 60) * 60e9)

# The snapshots of each backup target, from all its sources, each with
# time_ns and the source's path and tool.
snapshots_of := {t: snaps |
	some t in {s.target | some s in evidence_sources}
	snaps := [object.union(x, {"time_ns": n, "path": s.path, "tool": s.tool}) |
		some s in evidence_sources
		s.target == t
		some x in s.snapshots
		n := time.parse_rfc3339_ns(x.time)
		n < evidence_horizon
	]
}

# The first source of each target, where a finding about it points.
evidence_source_of := {t: [s | some s in evidence_sources; s.target == t][0] | some t in {s.target | some s in evidence_sources}}

# The latest snapshot of each target that has one.
last_snapshot := {t: latest |
	some t, snaps in snapshots_of
	count(snaps) > 0
	newest := max({x.time_ns | some x in snaps})
	latest := sort([[x.id, x] | some x in snaps; x.time_ns == newest])[0][1]
}

# The snapshot a record names: by full id, short id, or an unambiguous
# prefix of the id of at least 8 characters (what restic prints).
snapshot_named(t, name) := x if {
	matches := [x | some x in object.get(snapshots_of, t, []); snapshot_matches(x, name)]
	count({m.id | some m in matches}) == 1
	x := matches[0]
}

snapshot_matches(x, name) if x.id == name

snapshot_matches(x, name) if x.short_id == name

snapshot_matches(x, name) if {
	count(name) >= 8
	startswith(x.id, name)
}

# Age in hours as of the start of the evaluation day; 0 for a snapshot
# taken that day.
hours_before_today(ns) := max({0, (today - ns) / 3600e9})
