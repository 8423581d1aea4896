// Package schemas embeds the JSON Schemas of every document and register
// kind, so the binary validates without reading anything from disk.
package schemas

import "embed"

// FS holds <kind>.schema.json for every kind, plus the shared definitions.
//
//go:embed *.schema.json
var FS embed.FS

// BaseURL is the $id prefix of every schema; $refs between them resolve
// inside FS, never over the network.
const BaseURL = "https://qmslint.dev/schemas/"
