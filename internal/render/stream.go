package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// listMark stands in a value for the list that encodeList writes element
// by element. No finding can produce it: a string holding NUL is escaped.
var listMark = json.RawMessage(`"\u0000qmslint-list\u0000"`)

// encodeList writes v as a json.Encoder with a two-space indent and no
// HTML escaping writes it, where v holds listMark once, in place of a
// list of n elements: elem(i) is each, encoded as it is written. The
// bytes are the same as for v with the list in place. A report of tens of
// thousands of findings is then never held whole in memory, as Go values
// and again as one marshalled buffer and once more indented (two to three
// times the output, at the end of a run when the heap is largest).
func encodeList(w io.Writer, v any, n int, elem func(i int) any) error {
	var outer bytes.Buffer
	enc := json.NewEncoder(&outer)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	head, tail, found := bytes.Cut(outer.Bytes(), listMark)
	if !found {
		return fmt.Errorf("internal error: no list in the value to encode")
	}
	// The list is indented one step beyond the line that holds it.
	indent := head[bytes.LastIndexByte(head, '\n')+1:]
	indent = indent[:len(indent)-len(bytes.TrimLeft(indent, " "))]
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head)
	if n == 0 {
		bw.WriteString("[]")
	} else {
		var buf bytes.Buffer
		el := json.NewEncoder(&buf)
		el.SetIndent(string(indent)+"  ", "  ")
		el.SetEscapeHTML(false)
		bw.WriteString("[\n")
		for i := range n {
			buf.Reset()
			if err := el.Encode(elem(i)); err != nil {
				return err
			}
			bw.Write(indent)
			bw.WriteString("  ")
			bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
			if i < n-1 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
		}
		bw.Write(indent)
		bw.WriteByte(']')
	}
	bw.Write(tail)
	return bw.Flush()
}
