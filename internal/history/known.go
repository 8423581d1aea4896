package history

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/qmslint/qmslint/internal/gitrepo"
)

// Known gives the id and revision of the version of the document at path
// whose blob is blob, without reading it, as Ident would read them; ok
// false when the caller does not know that version (its blob is read).
// A lint knows the work tree's files it parsed: in a repository whose
// history is mostly the work tree, nearly every version.
type Known func(path string, blob plumbing.Hash) (d Doc, ok bool)

// Walk is a walk of the history whose blobs are not read yet: the commits
// and trees are walked while the caller parses the work tree, and Finish
// reads only the versions the parse did not know.
type Walk struct {
	repo    *gitrepo.Repo
	changes []gitrepo.Change
	err     error
}

// Start walks the history reachable from head as Read does, reading no
// blob.
func Start(repo *gitrepo.Repo, head *object.Commit) *Walk {
	w := &Walk{repo: repo}
	w.err = repo.WalkBlobs(head, nil, func(c gitrepo.Change) error {
		if isDocument(c.Path) {
			w.changes = append(w.changes, c)
		}
		return nil
	})
	return w
}

// Finish is the history Read returns, taking the id and revision of the
// versions known knows from it: such a version's blob is read only when
// its content digest is needed (a commit that changed a document without
// changing its id). A nil known reads every blob.
func (w *Walk) Finish(known Known) (History, error) {
	h := History{}
	var shallow error
	if w.err != nil {
		if !Partial(w.err) {
			return h, w.err
		}
		shallow = w.err
	}
	for _, c := range w.changes {
		before, err := w.side(c.Path, c.BeforeBlob, &c.Before, known)
		if err != nil {
			return h, err
		}
		after, err := w.side(c.Path, c.AfterBlob, &c.After, known)
		if err != nil {
			return h, err
		}
		// Only a change that keeps the document's id compares contents
		// (contentChanged), and only then are known sides read.
		changed := true
		if before.ID != "" && before.ID == after.ID {
			if c.Before == nil {
				if c.Before, err = w.repo.HistoryBytes(c.BeforeBlob); err != nil {
					return h, err
				}
			}
			if c.After == nil {
				if c.After, err = w.repo.HistoryBytes(c.AfterBlob); err != nil {
					return h, err
				}
			}
			changed = contentChanged(c, before, after)
		}
		h.addDocs(c, !c.BeforeBlob.IsZero(), !c.AfterBlob.IsZero(), before, after, changed)
	}
	return h, shallow
}

// side is the Doc of one side of a change: the zero Doc when it does not
// exist, known's when it knows it, else Ident of the blob, which is kept
// in *src for the content digest.
func (w *Walk) side(p string, blob plumbing.Hash, src *[]byte, known Known) (Doc, error) {
	if blob.IsZero() {
		return Doc{}, nil
	}
	if known != nil {
		if d, ok := known(p, blob); ok {
			return d, nil
		}
	}
	b, err := w.repo.HistoryBytes(blob)
	if err != nil {
		return Doc{}, err
	}
	*src = b
	return Ident(p, b), nil
}
