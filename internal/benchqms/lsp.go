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
	// await reads messages until one that done accepts; a message from
	// the server to the user is an error (the evaluation failed).
	type message struct {
		ID     *int            `json:"id"`
		Method string          `json:"method"`
		Params json.RawMessage `json:"params"`
		Error  json.RawMessage `json:"error"`
	}
	await := func(done func(message) (bool, error)) error {
		for {
			var msg message
			if err := readMessage(r, &msg); err != nil {
				return err
			}
			if msg.Method == "window/showMessage" {
				return fmt.Errorf("server: %s", msg.Params)
			}
			if ok, err := done(msg); ok || err != nil {
				return err
			}
		}
	}
	response := func(id int) func(message) (bool, error) {
		return func(msg message) (bool, error) {
			if msg.ID == nil || *msg.ID != id {
				return false, nil
			}
			if len(msg.Error) > 0 {
				return true, fmt.Errorf("request %d: %s", id, msg.Error)
			}
			return true, nil
		}
	}
	diagnostics := func(msg message) (bool, error) {
		if msg.Method != "textDocument/publishDiagnostics" {
			return false, nil
		}
		var p struct{ URI string }
		err := json.Unmarshal(msg.Params, &p)
		return p.URI == uri || err != nil, err
	}
	err = send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "rootUri": root, "capabilities": map[string]any{}}})
	if err == nil {
		err = await(response(1))
	}
	if err == nil {
		err = send(map[string]any{"method": "initialized", "params": map[string]any{}})
	}
	if err == nil {
		err = send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 1, "text": string(text)}}})
	}
	if err == nil {
		err = await(diagnostics)
	}
	if err != nil {
		return sample{}, err
	}
	// An edit no earlier session made: the session that filled the cache
	// must not have judged it already.
	edited := fmt.Sprintf("%s\nA sentence typed in the editor at %d.\n", text, time.Now().UnixNano())
	start := time.Now()
	err = send(map[string]any{"method": "textDocument/didSave", "params": map[string]any{"textDocument": map[string]any{"uri": uri}, "text": edited}})
	if err == nil {
		err = await(diagnostics)
	}
	wall := time.Since(start)
	if err == nil {
		err = send(map[string]any{"id": 2, "method": "shutdown"})
	}
	if err == nil {
		err = await(response(2))
	}
	if err == nil {
		err = send(map[string]any{"method": "exit"})
	}
	if err != nil {
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
