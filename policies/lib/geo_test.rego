package qmslint.lib_test

import data.qmslint.lib

close_to(x, want, tolerance) if abs(x - want) <= tolerance

test_sine_and_cosine if {
	close_to(lib.sin(0), 0, 1e-12)
	close_to(lib.sin(3.141592653589793 / 6), 0.5, 1e-9)
	close_to(lib.sin(-3.141592653589793 / 2), -1, 1e-9)
	close_to(lib.cos(3.141592653589793), -1, 1e-9)
	close_to(lib.sin(7), 0.6569865987187891, 1e-9)
}

test_square_root if {
	lib.sqrt(0) == 0
	close_to(lib.sqrt(2), 1.4142135623730951, 1e-12)
	close_to(lib.sqrt(1e-8), 1e-4, 1e-12)
	close_to(lib.sqrt(0.25), 0.5, 1e-12)
}

test_arcsine if {
	close_to(lib.asin(0.5), 3.141592653589793 / 6, 1e-9)
	close_to(lib.asin(0.001), 0.0010000001666667, 1e-12)
}

# Reference distances from the haversine formula on the same radius.
test_distance if {
	paris := {"lat": 48.8566, "lon": 2.3522}
	london := {"lat": 51.5074, "lon": -0.1278}
	close_to(lib.distance_km(paris, london), 343.557, 0.001)
	strasbourg := {"lat": 48.5734, "lon": 7.7521}
	frankfurt := {"lat": 50.1109, "lon": 8.6821}
	close_to(lib.distance_km(strasbourg, frankfurt), 183.76, 0.01)
	lib.distance_km(paris, paris) == 0
	sydney := {"lat": -33.8688, "lon": 151.2093}
	close_to(lib.distance_km(london, sydney), 16993.96, 0.05)
}
