#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one GUI test on its own Xvfb when no display is given, so parallel
# tests do not share (or race for) a display. Usage: wrapper PROGRAM [ARGS…]
set -eu
if [ -n "${DISPLAY:-}" ]; then
  exec "$@"
fi
fifo_dir=$(mktemp -d)
trap 'rm -rf "$fifo_dir"' EXIT
Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x800x24 3>"$fifo_dir/display" 2>/dev/null &
xvfb_pid=$!
i=0
while [ ! -s "$fifo_dir/display" ] && [ $i -lt 100 ]; do
  sleep 0.05
  i=$((i + 1))
done
if [ ! -s "$fifo_dir/display" ]; then
  echo "xvfb-test-wrapper: Xvfb did not start" >&2
  kill "$xvfb_pid" 2>/dev/null || true
  exit 1
fi
DISPLAY=":$(cat "$fifo_dir/display")"
export DISPLAY
status=0
"$@" || status=$?
kill "$xvfb_pid" 2>/dev/null || true
wait "$xvfb_pid" 2>/dev/null || true
exit $status
