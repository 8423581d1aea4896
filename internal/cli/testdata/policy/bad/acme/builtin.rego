# METADATA
# title: Collides with a built-in rule
# description: Uses the id of a built-in rule.
# custom:
#   id: doc.review-overdue
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package acme.builtin

deny contains "x" if false
