// Package sariftest validates SARIF logs against the official SARIF 2.1.0
// schema (OASIS), kept here so every test that emits SARIF checks it the
// way GitHub code scanning would receive it.
package sariftest

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed sarif-schema-2.1.0.json
var schemaJSON []byte

const schemaURL = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"

var (
	once   sync.Once
	schema *jsonschema.Schema
	err    error
)

func compiled() (*jsonschema.Schema, error) {
	once.Do(func() {
		doc, e := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
		if e != nil {
			err = e
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err = c.AddResource(schemaURL, doc); err != nil {
			return
		}
		schema, err = c.Compile(schemaURL)
	})
	return schema, err
}

// Check returns why log is not a SARIF 2.1.0 log the schema accepts, or
// nil.
func Check(log []byte) error {
	sch, err := compiled()
	if err != nil {
		return fmt.Errorf("SARIF schema: %w", err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return sch.Validate(v)
}

// Validate fails t unless log is a SARIF 2.1.0 log the schema accepts.
func Validate(t testing.TB, log []byte) {
	t.Helper()
	if err := Check(log); err != nil {
		t.Errorf("SARIF does not validate against the 2.1.0 schema: %v", err)
	}
}
