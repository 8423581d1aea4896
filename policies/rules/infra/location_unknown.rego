# METADATA
# title: Terraform state names a location the table does not know
# description: |
#   qmslint knows where a provider's location is (building, campus, city,
#   country) from its location table, shipped and extended by the
#   repository (terraform.locations in .qmslint.yaml). A resource at a
#   location the table does not list has no building or campus, so no
#   building check sees it share one with anything.
# custom:
#   id: infra.location-unknown
#   severity: observation
#   clauses: [ISO27001:A.5.9, ISO13485:6.3]
package qmslint.rules.infra.location_unknown

import data.qmslint.lib

deny contains f if {
	some s in lib.state_sites
	s.known == false
	at := [a | some a in lib.state_assets; a.site == s.id]
	count(at) > 0
	f := object.union(lib.where(at[0]), {
		"msg": sprintf("%s %s is at location %q of provider %s, which the location table does not know, so no building check places it: add %s under locations.%s in the repository's location table (terraform.locations in .qmslint.yaml) with its building, campus, city and country", [at[0].class, at[0].address, s.location, s.terraform_provider, s.location, s.terraform_provider]),
		"subject": s.id,
	})
}
