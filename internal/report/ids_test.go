package report

import "testing"

func TestKeepIDs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<p>see SOP-012 and CAPA-2026-001.</p>`, `<p>see <span class="id">SOP-012</span> and <span class="id">CAPA-2026-001</span>.</p>`},
		{`<td>RI-07, REC-004</td>`, `<td><span class="id">RI-07</span>, <span class="id">REC-004</span></td>`},
		// Not ids: no number, or a clause.
		{`<p>E-MAIL, A.8.13, ISO 27001</p>`, `<p>E-MAIL, A.8.13, ISO 27001</p>`},
		// Left alone: the head, code, charts and attributes.
		{`<head><title>SOP-1</title></head>`, `<head><title>SOP-1</title></head>`},
		{`<code>SOP-1</code> SOP-2`, `<code>SOP-1</code> <span class="id">SOP-2</span>`},
		{`<svg><text>SOP-1</text></svg><a href="#SOP-3" title="SOP-4">x</a>`, `<svg><text>SOP-1</text></svg><a href="#SOP-3" title="SOP-4">x</a>`},
		{`<br/>INV-001`, `<br/><span class="id">INV-001</span>`},
	} {
		if got := keepIDs(tc.in); got != tc.want {
			t.Errorf("keepIDs(%s)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}
