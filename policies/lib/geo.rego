package qmslint.lib

# Great-circle distances between sites, from their lat and lon (decimal
# degrees). Rego has no trigonometry, so sine is its Taylor series on
# [-pi, pi] and square root and arcsine are Newton's method, unrolled a
# fixed number of times (Rego has no loops with state); each is exact to
# well under a metre at the distances between datacenters.

earth_radius_km := 6371.0088

_pi := 3.141592653589793

# x reduced to [-pi, pi].
_wrap(x) := x - ((2 * _pi) * round(x / (2 * _pi)))

sin(x) := s if {
	y := _wrap(x)
	y2 := y * y
	t8 := 1 - (y2 / 272)
	t7 := 1 - ((y2 / 210) * t8)
	t6 := 1 - ((y2 / 156) * t7)
	t5 := 1 - ((y2 / 110) * t6)
	t4 := 1 - ((y2 / 72) * t5)
	t3 := 1 - ((y2 / 42) * t4)
	t2 := 1 - ((y2 / 20) * t3)
	t1 := 1 - ((y2 / 6) * t2)
	s := y * t1
}

cos(x) := sin(x + (_pi / 2))

_newton_sqrt(x, g) := (g + (x / g)) / 2

sqrt(x) := 0 if x <= 0

else := g if {
	g0 := (x + 1) / 2
	g1 := _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, g0)))))
	g2 := _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, g1)))))
	g3 := _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, g2)))))
	g4 := _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, g3)))))
	g := _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, _newton_sqrt(x, g4)))))
}

_newton_asin(x, y) := y - ((sin(y) - x) / cos(y))

# Arcsine on [0, 1); values are capped just below 1, half a world away.
asin(x) := y if {
	v := min({x, 0.9999})
	y := _newton_asin(v, _newton_asin(v, _newton_asin(v, _newton_asin(v, _newton_asin(v, _newton_asin(v, _newton_asin(v, _newton_asin(v, v))))))))
}

_rad(d) := (d * _pi) / 180

# Haversine distance in km between two {lat, lon} objects.
distance_km(a, b) := d if {
	dphi := _rad(b.lat - a.lat)
	dlambda := _rad(b.lon - a.lon)
	s1 := sin(dphi / 2)
	s2 := sin(dlambda / 2)
	h := (s1 * s1) + (((cos(_rad(a.lat)) * cos(_rad(b.lat))) * s2) * s2)
	d := ((2 * earth_radius_km) * asin(sqrt(h)))
}

# Sites with coordinates.
has_coordinates(s) if {
	is_number(s.lat)
	is_number(s.lon)
}

# The main backup of each production asset: the backup the plan restores
# it from, by default its fastest (highest restore_mbps, then lowest id;
# a backup without a measured rate counts as 0).
main_backup := {pid: bid |
	some pid, bids in backups_of
	ranked := sort([[0 - object.get(asset_by_id[b], "restore_mbps", 0), b] | some b in bids; is_number(object.get(asset_by_id[b], "restore_mbps", 0))])
	count(ranked) > 0
	bid := ranked[0][1]
}
