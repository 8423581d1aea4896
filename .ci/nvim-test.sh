#!/usr/bin/env bash
# Editor test of the language server: headless Neovim opens a document of
# a copy of qms/ with a seeded defect through its built-in LSP client and
# checks the diagnostic, a hover, a completion, a go-to-definition and a
# quick fix (internal/nvimtest, docs/editors.md). It installs nothing:
# .ci/run installs Debian's neovim (0.7 or later).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvim >/dev/null; then
  echo "nvim-test: no nvim on PATH; install it first (apt-get install -y neovim)" >&2
  exit 1
fi
nvim --version | head -1
QMSLINT_NVIM_TEST=require go test -count=1 -v ./internal/nvimtest
