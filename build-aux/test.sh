#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# README command 2: install what is missing, build, and run the whole test
# suite headlessly; ends with one line "N passed, N failed".
set -eu
cd "$(dirname "$0")/.."
./build-aux/install-deps.sh --test
./build-aux/setup-build.sh build
# A stale log could hide a build failure behind an old result.
rm -f build/meson-logs/testlog.json
status=0
meson test -C build --print-errorlogs --num-processes 2 "$@" || status=$?
/usr/bin/python3 build-aux/test-summary.py build/meson-logs/testlog.json || status=1
exit $status
