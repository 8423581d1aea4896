package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// Namespace is the key of everything a file's parse and validation depend
// on besides its path and content: this build of qmslint (its parser,
// schemas and embedded catalogs) and the given parts (the configuration,
// the catalogs it adds). Two runs with another qmslint or another
// configuration never share entries.
func Namespace(parts ...[]byte) [32]byte {
	h := sha256.New()
	h.Write(magic)
	h.Write([]byte(build()))
	for _, p := range parts {
		h.Write(binary.AppendUvarint(nil, uint64(len(p))))
		h.Write(p)
	}
	var ns [32]byte
	h.Sum(ns[:0])
	return ns
}

var (
	buildOnce sync.Once
	buildID   string
)

// build names this build of qmslint: its module version and the commit it
// was built from; a build from a modified or unknown tree is told apart
// by its executable's size and time, since its version says nothing.
func build() string {
	buildOnce.Do(func() {
		id := "unknown"
		clean, modified := false, false
		if info, ok := debug.ReadBuildInfo(); ok {
			id = info.Main.Path + "@" + info.Main.Version + " " + info.GoVersion
			for _, s := range info.Settings {
				switch s.Key {
				case "vcs.revision":
					id += " " + s.Value
					clean = true
				case "vcs.modified":
					modified = s.Value == "true"
				}
			}
			v := info.Main.Version
			if v != "" && v != "(devel)" && !strings.Contains(v, "+dirty") {
				clean = true
			}
		}
		clean = clean && !modified
		if !clean {
			if exe, err := os.Executable(); err == nil {
				if fi, err := os.Stat(exe); err == nil {
					id += fmt.Sprintf(" %s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
				}
			}
		}
		buildID = id
	})
	return buildID
}
