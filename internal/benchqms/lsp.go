package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// runSession starts `qmslint lsp` (args) in dir as an editor would, opens
// the document rel, waits for its diagnostics, then saves an edit of it
// and returns the time from the save to the edited document's
// diagnostics: what the author waits for in the editor. The peak is the
// server's over the whole session.
func runSession(dir, cache string, args []string, rel string) (sample, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return sample{}, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return sample{}, err
	}
	if err := cmd.Start(); err != nil {
		return sample{}, err
	}
	// A server that stops answering ends the session rather than the
	// benchmark: killed, its output ends and the reads below fail.
	stuck := time.AfterFunc(sessionLimit, func() { cmd.Process.Kill() })
	defer stuck.Stop()
	r := bufio.NewReader(out)
	s, err := session(in, r, dir, rel)
	in.Close()
	// The server may still be writing (the diagnostics of other files
	// after the document's, with the session over): read on until it
	// exits, or it waits on a full pipe forever.
	go io.Copy(io.Discard, r)
	werr := cmd.Wait()
	if err != nil {
		return sample{}, fmt.Errorf("%v: %v: %s", args[1:], err, bytes.TrimSpace(stderr.Bytes()))
	}
	if werr != nil {
		return sample{}, fmt.Errorf("%v: %v: %s", args[1:], werr, bytes.TrimSpace(stderr.Bytes()))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = int64(ru.Maxrss) * 1024
	}
	return s, nil
}

// sessionLimit bounds one session: a measured save takes seconds.
const sessionLimit = 5 * time.Minute

func session(w io.Writer, r *bufio.Reader, dir, rel string) (sample, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return sample{}, err
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return sample{}, err
	}
	path := filepath.Join(abs, filepath.FromSlash(rel))
	text, err := os.ReadFile(path)
	if err != nil {
		return sample{}, err
	}
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	send := func(msg map[string]any) error {
		msg["jsonrpc"] = "2.0"
		b, err := json.Marshal(msg)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(b), b)
		return err
	}
	// await reads messages until the diagnostics of uri, or the response
	// to request id when id > 0.
	await := func(id int) error {
		for {
			var msg struct {
				ID     *int            `json:"id"`
				Method string          `json:"method"`
				Params json.RawMessage `json:"params"`
				Error  json.RawMessage `json:"error"`
			}
			if err := readMessage(r, &msg); err != nil {
				return err
			}
			switch {
			case id > 0 && msg.ID != nil && *msg.ID == id:
				if len(msg.Error) > 0 {
					return fmt.Errorf("request %d: %s", id, msg.Error)
				}
				return nil
			case msg.Method == "window/showMessage":
				return fmt.Errorf("server: %s", msg.Params)
			case id == 0 && msg.Method == "textDocument/publishDiagnostics":
				var p struct{ URI string }
				if err := json.Unmarshal(msg.Params, &p); err != nil {
					return err
				}
				if p.URI == uri {
					return nil
				}
			}
		}
	}
	steps := []struct {
		msg  map[string]any
		wait int // 0: the document's diagnostics; -1: nothing
	}{
		{map[string]any{"id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "rootUri": root, "capabilities": map[string]any{}}}, 1},
		{map[string]any{"method": "initialized", "params": map[string]any{}}, -1},
		{map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 1, "text": string(text)}}}, 0},
	}
	for _, st := range steps {
		if err := send(st.msg); err != nil {
			return sample{}, err
		}
		if st.wait >= 0 {
			if err := await(st.wait); err != nil {
				return sample{}, err
			}
		}
	}
	// An edit no earlier session made: the session that filled the cache
	// must not have judged it already.
	edited := fmt.Sprintf("%s\nA sentence typed in the editor at %d.\n", text, time.Now().UnixNano())
	start := time.Now()
	if err := send(map[string]any{"method": "textDocument/didSave", "params": map[string]any{"textDocument": map[string]any{"uri": uri}, "text": edited}}); err != nil {
		return sample{}, err
	}
	if err := await(0); err != nil {
		return sample{}, err
	}
	wall := time.Since(start)
	if err := send(map[string]any{"id": 2, "method": "shutdown"}); err != nil {
		return sample{}, err
	}
	if err := await(2); err != nil {
		return sample{}, err
	}
	if err := send(map[string]any{"method": "exit"}); err != nil {
		return sample{}, err
	}
	return sample{wall: wall}, nil
}

// readMessage reads one framed JSON-RPC message into v.
func readMessage(r *bufio.Reader, v any) error {
	n := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "Content-Length") {
			if n, err = strconv.Atoi(strings.TrimSpace(value)); err != nil {
				return err
			}
		}
	}
	if n < 0 {
		return fmt.Errorf("a message without Content-Length")
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}
