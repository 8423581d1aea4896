#!/usr/bin/env bash
# Browser test of the HTML report: opens the reports of qms/ (also a copy
# with a lapsed training record and audit report, whose training matrix and
# audit programme it reads) and
# examples/datacenter-fire/before in headless Chromium and fails on a
# console error, a network request or an empty section (see
# docs/report.md). It installs nothing: .ci/run installs Debian's chromium.
# Set QMSLINT_SCREENSHOT_DIR to keep the screenshots and PDFs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  echo "browser-test: no chromium on PATH; install it first (apt-get install -y chromium)" >&2
  exit 1
fi
QMSLINT_BROWSER_TEST=require go test -count=1 -v ./internal/browsertest
