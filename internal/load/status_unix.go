//go:build linux || darwin

package load

import "syscall"

// Statuses reports whether the loader knows files by their status here
// (Remembered); elsewhere it reads every file.
const Statuses = true

// statusOf returns the status of the regular file at path without
// following a link; false when there is none. One system call, and no
// allocation: a server takes every file's status after each keystroke.
func statusOf(path string) (Status, bool) {
	var st syscall.Stat_t
	for {
		err := syscall.Lstat(path, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
			return Status{}, false
		}
		break
	}
	mtime, ctime := statTimes(&st)
	return Status{Size: st.Size, Mtime: mtime, Ctime: ctime, Ino: st.Ino, Dev: uint64(st.Dev)}, true
}
