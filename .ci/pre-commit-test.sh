#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml with the pre-commit framework (Debian's
# pre-commit package): a throw-away repository holding the reference QMS
# uses this repository as a hook source, and `pre-commit run --all-files`
# must pass on the clean QMS and fail once a document is broken.
#
# pre-commit clones the hook repository at a revision, so this works from
# a clean clone: it snapshots the current work tree (committed or not)
# into a temporary repository and points rev at that snapshot's commit.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
command -v pre-commit >/dev/null || { echo "pre-commit-test: pre-commit is not installed (apt-get install pre-commit)" >&2; exit 1; }
command -v git >/dev/null || { echo "pre-commit-test: git is not installed" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com
# language: golang builds the hook with the Go toolchain on PATH in its own
# GOPATH; sharing the module cache keeps that offline after go mod download.
GOMODCACHE="$(go env GOMODCACHE)"
export GOMODCACHE

# 1. The hook repository: this checkout, as one commit.
hooks="$work/hooks"
mkdir -p "$hooks"
(cd "$here" && tar --exclude=./.git --exclude=./bin --exclude=./dist -cf - .) | (cd "$hooks" && tar -xf -)
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -qm "qmslint snapshot"
rev="$(git -C "$hooks" rev-parse HEAD)"

# 2. The QMS repository: the reference QMS under qms/.
qms="$work/qms-repo"
mkdir -p "$qms"
cp -R "$here/qms" "$qms/qms"
cat > "$qms/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: qmslint
        args: [--root, qms, --date, "2026-11-24"]
YAML
git -C "$qms" init -q
git -C "$qms" add -A
git -C "$qms" commit -qm "reference QMS"

cd "$qms"
echo "pre-commit-test: clean QMS must pass"
pre-commit run --all-files

echo "pre-commit-test: a broken document must fail"
doc="$(grep -rl '^status: approved' qms/procedures | head -1)"
sed -i 's/^status: approved/status: aproved/' "$doc"
git add -A
if pre-commit run --all-files > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"
  echo "pre-commit-test: FAILED: a broken $doc passed the hook" >&2
  exit 1
fi
if ! grep -q "$(basename "$doc")" "$work/out.txt"; then
  cat "$work/out.txt"
  echo "pre-commit-test: FAILED: the hook failed but did not name $doc" >&2
  exit 1
fi
echo "pre-commit-test: ok"
