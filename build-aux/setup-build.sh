#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures (once) and compiles the build directory given as $1.
set -eu
builddir=$1
shift
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" "$@" >/dev/null
else
  meson setup "$builddir" "$@"
fi
ninja -C "$builddir"
