package bytesize

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]int64{"1GiB": 1 << 30, "512MiB": 512 << 20, "2G": 2 << 30, "800M": 800 << 20, "4096": 4096, " 3 GB ": 3 << 30} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-1G", "0", "1T", "lots", "99999999999999999G"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	if got := Format(1536 << 20); got != "1.5GiB" {
		t.Errorf("Format = %s", got)
	}
}
