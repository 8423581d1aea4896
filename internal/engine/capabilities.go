package engine

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Denied lists the builtins removed from every policy's capabilities.
//
// Policies are untrusted: a rule arriving in a pull request runs in CI with
// the repository and its secrets at hand. Anything that reaches the network
// or the host, or that makes output differ between two runs, is removed so
// the compiler rejects a policy that calls it.
var Denied = []string{
	"http.send",          // network
	"net.lookup_ip_addr", // DNS: a covert channel even with HTTP closed
	"opa.runtime",        // exposes environment variables (CI secrets)
	"json.match_schema",  // follows file:// $refs: reads any file
	"json.verify_schema", // same loader as json.match_schema
	"rand.intn",          // nondeterministic
	"uuid.rfc4122",       // nondeterministic
	"trace",              // writes to the tracer; output must be reproducible
	// Signing draws randomness; certificate verification reads the wall
	// clock (a policy could learn the real date behind --date).
	"io.jwt.encode_sign",
	"io.jwt.encode_sign_raw",
	"crypto.x509.parse_and_verify_certificates",
	"crypto.x509.parse_and_verify_certificates_with_options",
}

// Capabilities returns this OPA version's capabilities less Denied, with no
// host allowed on the network. AllowNet must be empty, not nil: nil means
// "every host".
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0:0]
	for _, b := range caps.Builtins {
		if !slices.Contains(Denied, b.Name) {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}
