package claims_test

import (
	"fmt"
	"strings"
	"testing"
)

// benchBodies are document bodies that name one of the standards, the only
// ones Extract reads line by line: most like the lint benchmark corpus's
// (a mapping table, one sentence of clauses, then sections of prose with
// links and lists that claim nothing), a few like real templates (an
// exclusion list, Annex A under a heading, clauses in prose and comments).
func benchBodies() [][]byte {
	sections := []string{"Purpose", "Scope", "Responsibilities", "Procedure", "Records"}
	var bodies [][]byte
	for i := range 20 {
		var b strings.Builder
		fmt.Fprintf(&b, "\n# procedure %d\n\n", i)
		b.WriteString("| ISO 13485:2016 Section | Document Section |\n|---|---|\n| 4.2.4 | 2 |\n| 7.3.2 | 3 |\n\n")
		b.WriteString("This procedure also implements ISO/IEC 27001:2022 clause 7.5.3 (A.5.1).\n\n")
		for j, s := range sections {
			fmt.Fprintf(&b, "## %d. %s\n\n", j+1, s)
			fmt.Fprintf(&b, "This section of SOP-%05d explains the %s for the team. It refers to the\n", i, strings.ToLower(s))
			fmt.Fprintf(&b, "[related document](../../records/%03d/REC-%05d.md) and to [the risk register](/registers/risks.yaml),\n", i, i*7)
			b.WriteString("with **emphasis**, `code` and a list:\n\n- first step, checked by the *owner*\n- second step, recorded on the form\n\n")
		}
		bodies = append(bodies, []byte(b.String()))
	}
	bodies = append(bodies, []byte(`# Quality Manual

## Scope and exclusions

The following sections of ISO 13485:2016 are excluded:

- 7.5.5 Particular requirements for sterile medical devices
- 7.5.9.2 Implantable devices

Software is developed under IEC 62304:2006 (5.1.1), not under this manual.

## ISO/IEC 27001:2022 Annex A

| Control | Document | Status |
| --- | --- | --- |
| A.5.1 | [Information security policy](POL-001.md) | implemented |
| A.8.13 | [Backup procedure](SOP-010.md) | implemented |
| A.7.4 | - | not applicable: no physical premises |

<!-- Template guidance: cite ISO 13485, para. 4.2.4 where it applies. -->

1. Management review follows Clause 5.6 of ISO 13485 and §9.3 of ISO 27001.
2. Records are controlled (4.2.5); see the [records procedure](SOP-003.md).
3. Customer data is handled as GDPR and ISO 27001:2022 A.5.34 require.
`))
	return bodies
}

// BenchmarkExtract times claim extraction over the bodies of documents that
// name a standard, the loader's most expensive step per such document.
func BenchmarkExtract(b *testing.B) {
	bodies := benchBodies()
	var n int64
	for _, body := range bodies {
		n += int64(len(body))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			matcher.Extract(body, 20)
		}
	}
}
