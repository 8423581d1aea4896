# METADATA
# title: Owner missing
# description: Every document names an owner, so someone keeps it current.
# custom:
#   id: acme.owner
#   severity: minor
#   clauses: [ISO13485:4.2.4]
package acme.owner

import data.qmslint.lib

deny contains f if {
	some d in lib.documents
	object.get(d, "owner", "") == ""
	f := {"msg": sprintf("%s names no owner", [lib.name(d)]), "subject": d.id}
}
