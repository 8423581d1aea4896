# METADATA
# title: Unknown severity and clause
# custom:
#   id: acme.bad
#   severity: critical
#   clauses: [ISO13485:4.2.4]
package acme.bad

deny contains "x" if false
