package report

// dejaVuSans are the advance widths of the printable ASCII characters
// (space to tilde) in DejaVu Sans, in 1/2048 em. It is the widest face of
// the report's font stack and the one Debian's Chromium prints with, so a
// label measured with it fits in any of the others.
var dejaVuSans = [95]int{
	651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690,
	1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087,
	2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
	1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024,
	1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253,
	1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
}

// textWidth is the width in pixels of s set at size px: every character
// outside ASCII counts as a full em, more than any letter takes.
func textWidth(s string, px float64) float64 {
	units := 0
	for _, r := range s {
		if r >= ' ' && r <= '~' {
			units += dejaVuSans[r-' ']
		} else {
			units += 2048
		}
	}
	return float64(units) * px / 2048
}
