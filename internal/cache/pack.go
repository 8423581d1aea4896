package cache

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// Parsed files are kept in packs: one file per run that parsed anything,
// holding all of that run's new entries behind an index. A QMS of 10,000
// documents would otherwise cost 10,000 files written on a cold run and
// 10,000 opened on a warm one, which on a busy machine took longer than
// parsing them. Packs are written whole to a temporary file and renamed
// into place, never changed after; when there are more than maxPacks,
// a run merges them into one.
//
// A pack: packMagic, the number of entries n (uint32), n index records
// (key, offset, length, CRC-32C of the entry), the CRC-32C of the index,
// then the entries.

var packMagic = []byte("QLP\x01")

const (
	recordSize = 32 + 8 + 4 + 4
	maxPacks   = 8
)

type loc struct {
	pack     int
	off      int64
	n, check uint32
}

// openPacks reads the index of every pack, newest last so that a newer
// copy of an entry (one rewritten after a damaged one) wins. A pack that
// does not read back whole is skipped; the next merge removes it.
func (s *Store) openPacks() {
	s.index = map[[32]byte]loc{}
	if s.dir == "" {
		return
	}
	names, _ := filepath.Glob(filepath.Join(s.dir, "packs", "*.pack"))
	sort.Strings(names)
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		recs, ok := readIndex(f)
		if !ok {
			f.Close()
			s.broken = append(s.broken, name)
			continue
		}
		s.packs = append(s.packs, f)
		s.whole = append(s.whole, &wholePack{})
		s.packNames = append(s.packNames, name)
		for k, l := range recs {
			l.pack = len(s.packs) - 1
			s.index[k] = l
		}
	}
}

func readIndex(f *os.File) (map[[32]byte]loc, bool) {
	fi, err := f.Stat()
	if err != nil {
		return nil, false
	}
	head := make([]byte, len(packMagic)+4)
	if _, err := io.ReadFull(f, head); err != nil || string(head[:len(packMagic)]) != string(packMagic) {
		return nil, false
	}
	n := int64(binary.LittleEndian.Uint32(head[len(packMagic):]))
	if n*recordSize+4 > fi.Size() {
		return nil, false
	}
	idx := make([]byte, n*recordSize+4)
	if _, err := io.ReadFull(f, idx); err != nil {
		return nil, false
	}
	if crc32.Checksum(idx[:n*recordSize], crcTable) != binary.LittleEndian.Uint32(idx[n*recordSize:]) {
		return nil, false
	}
	out := make(map[[32]byte]loc, n)
	for i := int64(0); i < n; i++ {
		r := idx[i*recordSize:]
		var k [32]byte
		copy(k[:], r)
		l := loc{off: int64(binary.LittleEndian.Uint64(r[32:])), n: binary.LittleEndian.Uint32(r[40:]), check: binary.LittleEndian.Uint32(r[44:])}
		if l.off < 0 || l.off+int64(l.n) > fi.Size() {
			return nil, false
		}
		out[k] = l
	}
	return out, true
}

// readPacked returns a parsed file's entry from the packs.
func (s *Store) readPacked(key [32]byte) ([]byte, bool) {
	s.packOnce.Do(s.openPacks)
	l, ok := s.index[key]
	if !ok {
		return nil, false
	}
	s.Reads.Add(1)
	var b []byte
	if all, ok := s.wholeOf(l.pack); ok {
		end := l.off + int64(l.n)
		b = all[l.off:end:end]
	} else {
		b = make([]byte, l.n)
		if _, err := s.packs[l.pack].ReadAt(b, l.off); err != nil {
			return nil, false
		}
	}
	if crc32.Checksum(b, crcTable) != l.check {
		return nil, false
	}
	return b, true
}

// wholePack is a pack's bytes, read once.
type wholePack struct {
	once sync.Once
	b    []byte
}

// maxWhole bounds a pack read whole.
const maxWhole = 256 << 20

// wholeOf is pack i read at once, when the store lives for one run: a
// warm run takes nearly every entry of a pack, and one read of it costs
// less than ten thousand (a tenth of a second of a hook's system time
// on 10,000 documents). Its entries are slices of it, so it stays in
// memory as long as any value decoded from it: no more than the copies
// would, when most entries are taken. A store kept for a server's life
// (Retained) reads entry by entry, as it takes few after its first load.
func (s *Store) wholeOf(i int) ([]byte, bool) {
	if s.retain {
		return nil, false
	}
	w := s.whole[i]
	w.once.Do(func() {
		fi, err := s.packs[i].Stat()
		if err != nil || fi.Size() > maxWhole {
			return
		}
		b := make([]byte, fi.Size())
		if _, err := s.packs[i].ReadAt(b, 0); err == nil {
			w.b = b
		}
	})
	return w.b, w.b != nil
}

// writePack writes entries as one new pack, then merges the packs when
// there are too many.
func (s *Store) writePack(entries map[[32]byte][]byte) {
	if s.dir == "" || len(entries) == 0 {
		return
	}
	if writePackFile(s.dir, entries) {
		s.Writes.Add(int64(len(entries)))
	}
	merge(s.dir)
}

func writePackFile(root string, entries map[[32]byte][]byte) bool {
	keys := make([][32]byte, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
	dir := filepath.Join(root, "packs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	head := make([]byte, 0, len(packMagic)+4+len(keys)*recordSize+4)
	head = append(head, packMagic...)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(keys)))
	off := int64(cap(head))
	for _, k := range keys {
		e := entries[k]
		head = append(head, k[:]...)
		head = binary.LittleEndian.AppendUint64(head, uint64(off))
		head = binary.LittleEndian.AppendUint32(head, uint32(len(e)))
		head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(e, crcTable))
		off += int64(len(e))
	}
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(head[len(packMagic)+4:], crcTable))
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return false
	}
	_, werr := f.Write(head)
	for _, k := range keys {
		if werr == nil {
			_, werr = f.Write(entries[k])
		}
	}
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), filepath.Join(dir, packName())) != nil {
		os.Remove(f.Name())
		return false
	}
	return true
}

// merge rewrites the packs as one when there are more than maxPacks,
// dropping damaged packs and copies of an entry superseded by a newer
// one. A run reading a pack merged away meanwhile finds its entries
// missing and parses those files again.
func merge(root string) {
	names, _ := filepath.Glob(filepath.Join(root, "packs", "*.pack"))
	if len(names) <= maxPacks {
		return
	}
	all := &Store{dir: root}
	all.packOnce.Do(all.openPacks)
	entries := make(map[[32]byte][]byte, len(all.index))
	for k := range all.index {
		if b, ok := all.readPacked(k); ok {
			entries[k] = b
		}
	}
	merged := append(all.packNames, all.broken...)
	all.closePacks()
	if len(entries) > 0 && !writePackFile(root, entries) {
		return
	}
	for _, name := range merged {
		os.Remove(name)
	}
}

// closePacks closes the packs and forgets their index, so that a later
// load of the same store reads them again rather than an index into
// closed files.
func (s *Store) closePacks() {
	for _, f := range s.packs {
		f.Close()
	}
	s.packs, s.whole, s.index, s.packNames, s.broken = nil, nil, nil, nil, nil
	s.packOnce = sync.Once{}
}

// packName sorts by the time of writing, the order indexes are read in.
func packName() string {
	return fmt.Sprintf("%020d-%08x.pack", time.Now().UnixNano(), rand.Uint32())
}
