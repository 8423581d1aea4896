package render

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
)

// encodeList writes, as a json.Encoder with a two-space indent and no
// HTML escaping writes it, the value outer returns, in which the list of
// n elements stands as the mark outer is given: elem(i) is each element,
// encoded as it is written. The bytes are those of the value with the
// list in place. A report of tens of thousands of findings is then never
// held whole in memory, as Go values and again as one marshalled buffer
// and once more indented (two to three times the output, at the end of a
// run when the heap is largest).
//
// The mark holds a random nonce: the rest of the value holds text of the
// repository's and its policy packs' (rule descriptions come before
// SARIF's results), which could spell any fixed mark.
func encodeList(w io.Writer, n int, elem func(i int) any, outer func(mark json.RawMessage) any) error {
	var nonce [16]byte
	rand.Read(nonce[:])
	mark := json.RawMessage(fmt.Sprintf(`"\u0000qmslint-list-%x\u0000"`, nonce))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(outer(mark)); err != nil {
		return err
	}
	if c := bytes.Count(buf.Bytes(), mark); c != 1 {
		return fmt.Errorf("internal error: the list's mark is in the value %d times", c)
	}
	head, tail, _ := bytes.Cut(buf.Bytes(), mark)
	// The list is indented one step beyond the line that holds it.
	indent := head[bytes.LastIndexByte(head, '\n')+1:]
	indent = indent[:len(indent)-len(bytes.TrimLeft(indent, " "))]
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head)
	if n == 0 {
		bw.WriteString("[]")
	} else {
		var one bytes.Buffer
		el := json.NewEncoder(&one)
		el.SetIndent(string(indent)+"  ", "  ")
		el.SetEscapeHTML(false)
		bw.WriteString("[\n")
		for i := range n {
			one.Reset()
			if err := el.Encode(elem(i)); err != nil {
				return err
			}
			bw.Write(indent)
			bw.WriteString("  ")
			bw.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
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
