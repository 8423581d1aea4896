package acme.bad_test

test_nothing if true
