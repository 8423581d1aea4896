package load

import "time"

// Status is what a file's status says of its content: two equal statuses
// taken at different times mean the same content, unless the file was
// written within its timestamps' granularity of the first (a racy file,
// as Git calls it), which Remembered stores never record.
type Status struct {
	Size, Mtime, Ctime int64 // bytes; nanoseconds since the epoch
	Ino, Dev           uint64
}

// Remembered is a Cache that knows the files the last load of this
// process read by their status (internal/cache's retained store, the
// language server's): a file whose status is as it was then is taken as
// parsed then, neither read nor hashed again. A server loads the same
// repository after every keystroke; reading and hashing every file of a
// large QMS was most of each load.
type Remembered interface {
	Cache
	// Remembers reports whether the cache keeps statuses at all: a load
	// does not look a file's status up for a cache that never will.
	Remembers() bool
	// Unchanged returns rel as the last load parsed it, when rel had
	// status st then; false when it did not or the parse is gone.
	Unchanged(rel string, st Status) (Parsed, bool)
	// Remember records that rel, with status st, has the content digest
	// sum.
	Remember(rel string, st Status, sum [32]byte)
}

// racyWindow is how long after its last change a file's status is not
// trusted to name its content: a write in the same timestamp tick (two
// seconds on FAT, one on some network filesystems) leaves mtime as it
// was. A file changed since the status was taken has a newer mtime or
// ctime than the window allows, and is read again.
const racyWindow = 5 * time.Second

// settled reports whether st, taken at or after now, is old enough to
// name the content read after it (racyWindow).
func (st Status) settled(now time.Time) bool {
	limit := now.Add(-racyWindow).UnixNano()
	return st.Mtime < limit && st.Ctime < limit
}
