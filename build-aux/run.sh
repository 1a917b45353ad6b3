#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# README command 1: install what is missing, build, and start Help Desk on its
# embedded default (a local SQLite file in the user's data dir; no server).
set -eu
cd "$(dirname "$0")/.."
./build-aux/install-deps.sh
./build-aux/setup-build.sh build
GSETTINGS_SCHEMA_DIR="$PWD/build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
HELPDESK_LOCALEDIR="$PWD/build/po"
export GSETTINGS_SCHEMA_DIR HELPDESK_LOCALEDIR
exec ./build/src/app/helpdesk "$@"
