//go:build unix

package load

import (
	"errors"
	"syscall"
)

// readFile reads the regular file at path, or returns only its size when
// that is over limit. It calls the system directly: os.Stat plus
// os.ReadFile make eleven system calls per file, five of them setting up a
// poller (fcntl, epoll_ctl) that a regular file never uses; this makes
// five, and refuses a link that replaced the file after the walk.
func readFile(path string, limit int64) (src []byte, size int64, err error) {
	var fd int
	for {
		// O_NOFOLLOW: the walk never hands over a link, so a link here
		// appeared since, and is not followed either.
		// O_NONBLOCK: a named pipe that replaced the file since the walk
		// opens at once instead of waiting for a writer (and is refused
		// below); on a regular file it changes nothing.
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, 0, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	for {
		if err = syscall.Fstat(fd, &st); err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, 0, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, 0, errNotRegular
	}
	if st.Size > limit {
		return nil, st.Size, nil
	}
	// One byte over the size, so that a file read whole ends with a read
	// of zero bytes into the spare room rather than a reallocation.
	buf := make([]byte, 0, st.Size+1)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				// The file grew past the limit while being read.
				return nil, int64(len(buf)), nil
			}
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		if n == 0 {
			return buf, int64(len(buf)), nil
		}
		buf = buf[:len(buf)+n]
	}
}

// errNotRegular: the file was replaced by something else since the walk.
var errNotRegular = errors.New("not a regular file")
