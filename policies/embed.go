// Package policies embeds qmslint's built-in rules: one Rego package per
// rule under rules/, with its _test.rego beside it, shared functions under
// lib/, and reference data (clause catalogs) as data.json files.
package policies

import "embed"

// FS is the built-in policy tree.
//
//go:embed lib rules data examples
var FS embed.FS
