//go:build !linux && !darwin

package load

// Statuses reports whether the loader knows files by their status here
// (Remembered); elsewhere it reads every file.
const Statuses = false

// statusOf gives no status where the platform's is not read here (no
// inode to tell a replaced file): every file is read, as without a
// Remembered store.
func statusOf(string) (Status, bool) { return Status{}, false }
