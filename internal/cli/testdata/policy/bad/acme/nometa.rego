package acme.nometa

deny contains "x" if false
