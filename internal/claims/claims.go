// Package claims finds the clauses a Markdown body says it addresses.
//
// Real QMS documents cite clauses in their text, not in front matter: a
// table whose header names the standard's section (the OpenRegulatory
// convention, "| ISO 13485:2016 Section | Document Section |"), "ISO
// 13485:2016 Sections 5.6.2 and 7.3.3", "Clause 4.2.4", "§7.3" or
// "(7.3.2)". A number counts only when it is a clause of the standard's
// catalog and the standard is named nearby (the same line, paragraph or
// table, or the heading above), so that "(1.2.3)" in prose or a section of
// IEC 62304 is never taken for a clause.
package claims

import (
	"regexp"
	"slices"
	"strings"

	"github.com/qmslint/qmslint/internal/model"
)

// Known reports whether number is a clause of the standard (a clause id
// prefix); catalog.Known in production.
type Known func(standard, number string) bool

var (
	clauseWordRE = regexp.MustCompile(`(?i)\bclauses?\s+`)
	sectionRE    = regexp.MustCompile(`§§?\s*`)
	headingRE    = regexp.MustCompile(`^ {0,3}#{1,6}(?:\s|$)`)
	separatorRE  = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	commentRE    = regexp.MustCompile(`<!--.*?-->`)
	// A table column of clause numbers when the heading above names the
	// standard (a mapping document's "| Section | Title | Document |").
	bareColumnRE = regexp.MustCompile(`(?i)^(?:section|sections|clause|clauses|chapter|control|controls|annex a control)$`)
	// A header naming the standard is a clause column with one of these
	// words ("ISO 13485:2016 Section"), or when it names nothing else
	// ("ISO 13485:2016" over a column of numbers, beside "21 CFR 820").
	columnWordRE = regexp.MustCompile(`(?i)\b(?:sections?|sec\.|clauses?|chapters?|para|paragraphs?|controls?)\b|§`)
	// The column of a mapping table that says where a clause is fulfilled:
	// a row whose cell there is empty maps the clause to nothing, and is
	// no claim ("| 7.5.5 | Sterile devices | |").
	fulfilledColumnRE = regexp.MustCompile(`(?i)\b(?:documents?|fulfilled|procedures?|sops?|evidence|implement(?:ed|ation)|records?|addressed|covered|where|location|references?|dokument(?:e|ation)?)\b`)
	// The column of a table that names, row by row, the standard a clause
	// number belongs to ("| Standard | Clause | Document |").
	standardColumnRE = regexp.MustCompile(`(?i)^(?:standards?|regulations?|norms?|normen|requirement source|source)$`)
	// A column or row label under which a table lists the requirements or
	// references a document meets ("Regulatory Requirement", "**Regulatory
	// References**"), as a clause column does; not "Scope" of an audit.
	referenceRE = regexp.MustCompile(`(?i)\b(?:regulatory|requirements?|references?|standards?|norms?|regulations?|compliance)\b`)
	// What a "fulfilled in" cell holds when it names nothing: dashes,
	// "TBD", line breaks.
	placeholderRE = regexp.MustCompile(`(?i)^(?:[\s\-–—?…]|<br\s*/?>|\btb[dc]\b)*$`)
	// "not applicable", "N/A", "excluded", "exclusions", "does not apply",
	// tried only where notApplicStarts finds the start of one. The last two
	// start only after \b, which the anchored expression cannot see.
	notApplicAtRE   = regexp.MustCompile(`^(?i)(?:not\s+applicable|n/a\b|exclu(?:ded|sions?)\b|does\s+not\s+apply)`)
	notApplicStarts = newFoldSet("not", "doe", "n/a", "exclu")
	// Every match of clauseWordRE has "clau", case aside: not "clause",
	// as (?i) also folds the long s (ſ) to s.
	clauseWords = newFoldSet("clau")
)

// notApplicable reports whether text declares something not applicable or
// excluded. "where applicable" and "apply" are frequent in a QMS, and
// many a line is a whole paragraph: trying the expression only where one
// of its phrases can start costs much less than searching the line with
// it. No letter of the phrases' first words folds from outside ASCII.
func notApplicable(text string) bool {
	for from := 0; ; {
		i, k := notApplicStarts.index(text, from)
		if i < 0 {
			return false
		}
		needsBoundary := k >= 2
		if (!needsBoundary || wordBoundary(text, i)) && notApplicAtRE.MatchString(text[i:]) {
			return true
		}
		from = i + 1
	}
}

// scanner holds the context a line is read in.
type scanner struct {
	m       *Matcher
	out     []model.Claim
	seen    map[claimKey]bool
	heading *mention // the standard the nearest heading names
	para    *mention // the last standard named in this paragraph or table
	prev    *mention // para of the paragraph before, nil if it named none
	// lead is the paragraph just before a list, for lists of clauses
	// introduced by "The following clauses of ISO 13485 are excluded:".
	lead, list *mention
	leadNA     bool
	listNA     bool
	paraNA     bool     // the paragraph declares something not applicable
	table      []column // clause columns of the current table
	fulfilled  []int    // columns that say where a clause is fulfilled
	standard   int      // the column naming each row's standard, -1 if none
	inTable    bool
	form       string // model.Form* of the line being read
	// refs are the columns of the current table that hold references
	// ("Regulatory Requirement"), and spans the byte ranges of the row
	// being read where a reference states what the document addresses;
	// at is where the claim being added starts in the line.
	refs  []int
	spans [][2]int
	at    int
	nums  []string // numbers' buffer
	cells []string // cells' buffer
}

type column struct {
	index int
	m     mention
	// bare is a column of numbers alone ("Section") whose standard comes
	// from the text around the table.
	bare bool
}

// claimKey is what makes a claim a duplicate of another.
type claimKey struct {
	standard, edition, clause string
	line                      int
}

// Extract returns the claims of a Markdown body whose first line is line
// first of the file, in order of appearance, for the standards of m.
func (m *Matcher) Extract(body []byte, first int) []model.Claim {
	// Every claim needs one of our standards named in the body (a number
	// counts only near such a mention), so a body that never names them
	// has none. Most documents are like that, and the regular expressions
	// below are the loader's most expensive step.
	if !m.mayNameBytes(body) {
		return nil
	}
	s := &scanner{m: m, seen: map[claimKey]bool{}, standard: -1}
	// One copy of the body rather than one per line; own copies what the
	// claims keep.
	lines := lineReader{rest: string(body)}
	fence := ""
	inComment := false
	blank := true
	for no := first; ; no++ {
		raw, ok := lines.next()
		if !ok {
			break
		}
		line := strings.TrimRight(raw, "\r")
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		// HTML comments hold template guidance, not the document's claims.
		if inComment {
			end := strings.Index(line, "-->")
			if end < 0 {
				continue
			}
			inComment = false
			line = strings.Repeat(" ", end+3) + line[end+3:]
		}
		if strings.Contains(line, "<!--") {
			line = commentRE.ReplaceAllStringFunc(line, func(c string) string { return strings.Repeat(" ", len(c)) })
		}
		if start := strings.Index(line, "<!--"); start >= 0 {
			inComment = true
			line = line[:start]
		}
		trimmed = strings.TrimSpace(line)

		if trimmed == "" {
			if !blank {
				s.endParagraph()
			}
			blank = true
			continue
		}
		startsBlock := blank
		blank = false
		if notApplicable(line) {
			s.paraNA = true
		}

		s.form = model.FormText
		switch {
		case maybeHeading(line) && headingRE.MatchString(line):
			s.endParagraph()
			s.lead, s.list = nil, nil
			ms := s.m.mentions(line)
			s.heading = lastOurs(ms)
			s.inline(line, no, ms)
			s.endParagraph()
			blank = true
			continue
		case strings.HasPrefix(trimmed, "|"):
			if next, ok := lines.peek(); ok && !s.inTable && separatorRE.MatchString(next) {
				s.startTable(line)
				s.form = model.FormTable
				s.inline(line, no, s.m.mentions(line))
				lines.next() // the separator
				no++
				continue
			}
			if s.inTable {
				s.form = model.FormTable
				if !s.row(line, no) {
					continue
				}
				s.referenceSpans(line)
			}
		default:
			if s.inTable {
				s.endParagraph()
			}
			if item, ok := listItemText(line); ok {
				if s.list == nil {
					// A list right under "The following clauses of
					// ISO 13485:2016 are excluded:", with or without a
					// blank line between.
					switch {
					case startsBlock && s.lead != nil:
						s.list, s.listNA = s.lead, s.leadNA
					case !startsBlock && s.para != nil && s.para.ours():
						s.list, s.listNA = s.para, s.paraNA
					}
				}
				if s.list != nil {
					s.listItem(item, no)
				}
				if s.list != nil || s.startsWithOurs(item) {
					s.form = model.FormList
				}
			} else if startsBlock && !strings.HasPrefix(line, " ") {
				s.list = nil
			}
		}
		s.inline(line, no, s.m.mentions(line))
	}
	own(s.out)
	return s.out
}

// lineReader yields the lines of a text as strings.Split(text, "\n")
// would, without the slice.
type lineReader struct {
	rest string
	done bool
}

func (r *lineReader) next() (string, bool) {
	if r.done {
		return "", false
	}
	line, rest, found := strings.Cut(r.rest, "\n")
	r.rest, r.done = rest, !found
	return line, true
}

func (r *lineReader) peek() (string, bool) {
	if r.done {
		return "", false
	}
	line, _, _ := strings.Cut(r.rest, "\n")
	return line, true
}

// numbers is numberList into a buffer of the scanner, as numbers are read
// on most lines and used at once: the next call overwrites them.
func (s *scanner) numbers(text string) ([]string, int) {
	var end int
	s.nums, end = numberList(s.nums[:0], text)
	return s.nums, end
}

// rowCells is cells into a buffer of the scanner: the next call
// overwrites them.
func (s *scanner) rowCells(line string) []string {
	s.cells = cells(s.cells[:0], line)
	return s.cells
}

func (s *scanner) endParagraph() {
	if s.list == nil {
		s.lead, s.leadNA = nil, false
		if s.para != nil && s.para.ours() {
			s.lead, s.leadNA = s.para, s.paraNA
		}
	}
	s.prev = s.para
	s.para, s.paraNA = nil, false
	s.inTable, s.table, s.fulfilled, s.standard, s.refs = false, nil, nil, -1, nil
}

func (s *scanner) startTable(header string) {
	// A table of bare numbers takes its standard from the paragraph or
	// bold line right above it ("**ISO 13485:2016**"), else the heading.
	above := s.para
	if above == nil {
		above = s.prev
	}
	if above == nil {
		above = s.heading
	}
	s.endParagraph()
	s.lead, s.list = nil, nil
	s.inTable = true
	for i, cell := range s.rowCells(header) {
		c := strings.TrimSpace(stripEmphasis(strings.TrimSpace(cell)))
		switch m := s.m.lastOurMention(c); {
		case m != nil && (columnWordRE.MatchString(c) || onlyMention(c, m)):
			s.table = append(s.table, column{index: i, m: *m})
		case bareColumnRE.MatchString(c):
			// Without a standard of ours above, the column may still
			// take each row's from a Standard column: kept for now.
			col := column{index: i, bare: true}
			if above != nil {
				col.m = *above
			}
			s.table = append(s.table, col)
		case standardColumnRE.MatchString(c):
			s.standard = i
		case fulfilledColumnRE.MatchString(c):
			s.fulfilled = append(s.fulfilled, i)
		}
		if referenceRE.MatchString(c) {
			s.refs = append(s.refs, i)
		}
	}
	if s.standard < 0 {
		s.table = slices.DeleteFunc(s.table, func(c column) bool { return c.bare && !c.m.ours() })
	}
}

// onlyMention reports whether a header cell is the standard's name and
// nothing else ("ISO 13485:2016", "ISO/IEC 27001:2022:").
func onlyMention(cell string, m *mention) bool {
	return strings.Trim(cell[:m.start]+cell[m.end:], " \t:.,;()") == ""
}

// startsWithOurs reports whether a list item starts with the name of one
// of our standards: an entry of a list of references
// ("**ISO 13485:2016, Clause 4.1.6** — Software validation").
func (s *scanner) startsWithOurs(item string) bool {
	ms := s.m.ourMentions(strings.TrimSpace(stripEmphasis(item)))
	return len(ms) > 0 && ms[0].start == 0
}

// row reads the clause columns of a table row. It returns false for a
// row of a mapping table that maps its clause to nothing (an empty
// "fulfilled in" cell): the row claims nothing, in any column.
func (s *scanner) row(line string, no int) bool {
	if len(s.table) == 0 {
		return true
	}
	cs := s.rowCells(line)
	if s.unfulfilled(cs) {
		return false
	}
	// The row's own standard, when a column names it, wins over the
	// column's: "| IEC 62304 | 5.1 |" is not clause 5.1 of ours.
	var own *mention
	if s.standard >= 0 && s.standard < len(cs) {
		if ms := s.m.mentions(cs[s.standard]); len(ms) > 0 {
			own = &ms[len(ms)-1]
		}
	}
	na := notApplicable(line)
	for _, col := range s.table {
		if col.index >= len(cs) {
			continue
		}
		m := col.m
		if own != nil && col.bare {
			m = *own
		}
		if !m.ours() {
			continue
		}
		text := strings.TrimSpace(stripEmphasis(cs[col.index]))
		s.cellNumbers(m, text, no, na)
	}
	return true
}

// unfulfilled reports whether every "fulfilled in" cell of a row is empty
// or a placeholder. A table without such a column is not a mapping.
func (s *scanner) unfulfilled(cs []string) bool {
	if len(s.fulfilled) == 0 {
		return false
	}
	for _, i := range s.fulfilled {
		if i < len(cs) && !placeholderRE.MatchString(stripEmphasis(cs[i])) {
			return false
		}
	}
	return true
}

// cellNumbers claims the clause numbers of a table cell for m: those at its
// start ("4.2.1 b), 8.5.3", "6.1/6.2", "8.5.1-3") and, further on, numbers
// with a dot, up to the first other standard the cell names ("7.3 / MDR
// Annex II / 21 CFR 820.30" is clause 7.3 alone). A later mention of ours
// takes over again.
func (s *scanner) cellNumbers(m mention, text string, no int, na bool) {
	ms := s.m.mentions(text)
	cur, k := &m, 0
	for i := 0; i < len(text); {
		for k < len(ms) && ms[k].start <= i {
			cur = &ms[k]
			i = max(i, ms[k].end)
			k++
		}
		if i >= len(text) {
			break
		}
		limit := len(text)
		if k < len(ms) {
			limit = ms[k].start
		}
		c := text[i]
		atNumber := (isDigit(c) || c == 'A') && (i == 0 || !isWordChar(text[i-1]) && text[i-1] != '.')
		if !cur.ours() || !atNumber {
			i++
			continue
		}
		nums, end := s.numbers(text[i:limit])
		if end == 0 {
			i++
			continue
		}
		for _, n := range nums {
			// Past the start, a number without a dot is more likely a
			// count or a step than clause 5 of ISO/IEC 27001.
			if i == 0 || strings.Contains(n, ".") {
				s.add(*cur, n, no, "table", text, na)
			}
		}
		i += end
	}
}

func (s *scanner) listItem(text string, no int) {
	text = strings.TrimSpace(stripEmphasis(text))
	n, ok := number(text)
	if !ok {
		return
	}
	// "7.5.5 Particular requirements ...", not "4.2 MB of logs".
	rest := strings.TrimSpace(text[len(n):])
	if rest != "" && (!isUpper(rest[0]) || len(rest) > 1 && isUpper(rest[1])) {
		return
	}
	s.add(*s.list, n, no, "list", text, s.listNA || notApplicable(text))
}

// inline reads the patterns that may stand anywhere in a line.
func (s *scanner) inline(line string, no int, ms []mention) {
	for _, m := range ms {
		if !m.ours() {
			continue
		}
		if m.Edition != "" {
			s.at = m.start
			s.add(m, "", no, "mention", m.Text, false)
		}
		rest := line[m.end:]
		if m.Edition == "" && strings.HasPrefix(rest, ":") {
			// The qmslint id form written in prose: ISO13485:4.2.4.
			nums, end := s.numbers(rest[1:])
			s.at = m.start
			for _, n := range nums {
				s.add(m, n, no, "reference", line[m.start:m.end+1+end], false)
			}
			continue
		}
		skip := len(rest) - len(strings.TrimPrefix(strings.TrimLeft(rest, " \t"), ","))
		nums, end := s.numbers(rest[skip:])
		// Without "Section" or "Clause", a bare "7" after the name is
		// more likely "ISO 13485:2016 7 days" than clause 7.
		if len(nums) > 0 && !strings.Contains(nums[0], ".") && !keywordRE.MatchString(strings.TrimLeft(rest[skip:], " \t")) {
			continue
		}
		s.at = m.start
		for _, n := range nums {
			s.add(m, n, no, "reference", line[m.start:m.end+skip+end], false)
		}
	}
	for _, p := range []struct {
		re     *regexp.Regexp
		source string
		may    bool // false where re cannot match; § has no other case
	}{{clauseWordRE, "clause", clauseWords.in(line)}, {sectionRE, "section-sign", strings.Contains(line, "§")}} {
		if !p.may {
			continue
		}
		for _, ix := range p.re.FindAllStringIndex(line, -1) {
			nums, end := s.numbers(line[ix[1]:])
			if len(nums) == 0 {
				continue
			}
			if m := s.context(line, ix[0], ms); m != nil {
				s.at = ix[0]
				for _, n := range nums {
					s.add(*m, n, no, p.source, line[ix[0]:ix[1]+end], false)
				}
			}
		}
	}
	if parenNumber(line) {
		s.parenthesised(line, no, ms)
	}
	if m := lastMention(ms); m != nil {
		s.para = m
	}
}

// parenthesised claims the numbers in parentheses: "(7.3.2)", and lists
// and ranges, "(6.1/6.2)", "(8.5.1-3)". The first number needs a dot, as a
// bare "(8)" is more often a footnote or a count.
func (s *scanner) parenthesised(line string, no int, ms []mention) {
	for i := 0; i < len(line); i++ {
		if line[i] != '(' {
			continue
		}
		inner := line[i+1:]
		lead := len(inner) - len(strings.TrimLeft(inner, " \t"))
		n, ok := number(inner[lead:])
		if !ok || !strings.Contains(n, ".") {
			continue
		}
		nums, end := s.numbers(inner)
		close := end + len(inner[end:]) - len(strings.TrimLeft(inner[end:], " \t"))
		if close >= len(inner) || inner[close] != ')' {
			continue
		}
		if m := s.context(line, i, ms); m != nil {
			s.at = i
			text := line[i : i+close+2]
			for _, n := range nums {
				s.add(*m, n, no, "parenthesis", text, false)
			}
		}
		i += close + 1
	}
}

// context resolves the standard a clause number at pos belongs to: the
// nearest standard named before it on the line, else the first after it
// ("Clause 7.3 of ISO 13485"), else the paragraph's, else the heading's.
// Another standard named in between wins, and then the number is not ours.
func (s *scanner) context(line string, pos int, ms []mention) *mention {
	var before, after *mention
	for i := range ms {
		if ms[i].end <= pos {
			before = &ms[i]
		} else if after == nil && ms[i].start >= pos {
			after = &ms[i]
		}
	}
	for _, m := range []*mention{before, after, s.para, s.heading} {
		if m != nil {
			if m.ours() {
				return m
			}
			return nil
		}
	}
	return nil
}

func (s *scanner) add(m mention, clause string, line int, source, text string, na bool) {
	if clause != "" && !s.m.known(m.Standard, clause) {
		return
	}
	key := claimKey{m.Standard, m.Edition, clause, line}
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	if len(text) > 120 {
		text = text[:120]
	}
	s.out = append(s.out, model.Claim{
		Standard: m.Standard, Edition: m.Edition, Adoption: m.Adoption,
		Clause: clause, Line: line, Source: source, Text: strings.TrimSpace(text), NotApplicable: na,
		Form: s.formOf(source),
	})
}

// formOf is the form of a claim of the line being read. In a table only
// a clause column states what the document addresses: a reference in
// another cell ("Scope: ISO13485 4.2, 6.2" in an audit programme) names
// a clause the row is about, as prose would.
func (s *scanner) formOf(source string) string {
	if s.form != model.FormTable || source == "table" {
		return s.form
	}
	for _, sp := range s.spans {
		if s.at >= sp[0] && s.at < sp[1] {
			return model.FormTable
		}
	}
	return model.FormText
}

// referenceSpans sets s.spans for a table row: the whole row when its
// first cell is a reference label, else the cells of reference columns.
func (s *scanner) referenceSpans(line string) {
	s.spans = s.spans[:0]
	var bounds [][2]int
	start := strings.IndexByte(line, '|') + 1
	for i := start; i <= len(line); i++ {
		if i == len(line) || line[i] == '|' && line[i-1] != '\\' {
			if i > start || i < len(line) {
				bounds = append(bounds, [2]int{start, i})
			}
			start = i + 1
		}
	}
	if len(bounds) > 0 && referenceRE.MatchString(stripEmphasis(line[bounds[0][0]:bounds[0][1]])) {
		s.spans = append(s.spans, [2]int{0, len(line)})
		return
	}
	for _, c := range s.refs {
		if c < len(bounds) {
			s.spans = append(s.spans, bounds[c])
		}
	}
}

// own copies the strings of claims, slices of the whole body until then,
// into one allocation: claims then keep a few bytes alive, not the body.
func own(claims []model.Claim) {
	n := 0
	for _, c := range claims {
		n += len(c.Edition) + len(c.Clause) + len(c.Text)
	}
	var b strings.Builder
	b.Grow(n)
	for _, c := range claims {
		b.WriteString(c.Edition)
		b.WriteString(c.Clause)
		b.WriteString(c.Text)
	}
	all := b.String()
	next := func(s string) string {
		s, all = all[:len(s)], all[len(s):]
		return s
	}
	for i := range claims {
		c := &claims[i]
		c.Edition, c.Clause, c.Text = next(c.Edition), next(c.Clause), next(c.Text)
	}
}

// cells splits a table row on unescaped pipes, without the outer ones,
// and appends the cells to out.
func cells(out []string, line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	if !strings.Contains(line, `\|`) {
		// Cells without escapes are slices of the row, not copies.
		for {
			cell, rest, found := strings.Cut(line, "|")
			out = append(out, cell)
			if !found {
				return out
			}
			line = rest
		}
	}
	return splitEscaped(out, line)
}

// splitEscaped splits the inside of a row on pipes, "\|" standing for a
// pipe in a cell, and appends the cells to out.
func splitEscaped(out []string, line string) []string {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			b.WriteByte('|')
			i++
		case line[i] == '|':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(line[i])
		}
	}
	return append(out, b.String())
}

func lastOurs(ms []mention) *mention {
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].ours() {
			return &ms[i]
		}
	}
	return nil
}

func lastMention(ms []mention) *mention {
	if len(ms) == 0 {
		return nil
	}
	return &ms[len(ms)-1]
}
