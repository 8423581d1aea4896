# METADATA
# title: Clause not in the catalog
# description: A clause number that ISO 13485 does not have.
# custom:
#   id: acme.clause
#   severity: minor
#   clauses: [ISO13485:4.9.9]
package acme.clause

deny contains "x" if false
