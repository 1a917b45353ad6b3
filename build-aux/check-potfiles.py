#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that translations can be extracted and are complete.

  check-potfiles.py SRCDIR
      Every file under src/, ui/ and data/ with translatable strings is listed
      in po/POTFILES.in; every listed file exists; the list is sorted and has
      no duplicates; no translatable string is glued to a format macro such
      as G_GINT64_FORMAT (xgettext cuts the message off at the macro).

  check-potfiles.py --po PO_FILE SRCDIR
      PO_FILE compiles with msgfmt --check, has the right header, no fuzzy
      and no untranslated messages, and translates every message that
      xgettext extracts from the files in po/POTFILES.in.
"""

import os
import re
import subprocess
import sys
import tempfile

SCANNED_DIRS = ("src", "ui", "data")

# Always translatable through their ITS rules, whatever their content.
TRANSLATABLE_SUFFIXES = (
    ".desktop.in",
    ".desktop.in.in",
    ".metainfo.xml.in",
    ".metainfo.xml.in.in",
    ".appdata.xml.in",
    ".gschema.xml",
    ".gschema.xml.in",
)

CODE_SUFFIXES = (".c", ".h", ".blp", ".vala", ".js", ".py")
XML_SUFFIXES = (".ui", ".xml", ".xml.in")

# The gettext keywords of the glib preset (po/meson.build), called as
# _("…") or, in GNU style, _ ("…").
KEYWORD_RE = re.compile(
    r"(?<![A-Za-z0-9_])"
    r"(?:_|N_|C_|NC_|Q_|gettext|ngettext|pgettext|"
    r"g_dgettext|g_dcgettext|g_dngettext|g_dpgettext|g_dpgettext2)"
    r"\s*\("
)
TRANSLATABLE_ATTR_RE = re.compile(
    r"""translatable\s*=\s*["'](?:yes|true|1)["']""", re.IGNORECASE
)
# _("… %" G_GSIZE_FORMAT " …"): the catalogue would hold "… %" alone.
MACRO_IN_MESSAGE_RE = re.compile(
    r"(?<![A-Za-z0-9_])(?:_|N_)\s*\(\s*\"(?:[^\"\\]|\\.)*\"\s*"
    r"(G_G[A-Z0-9]*_(?:FORMAT|MODIFIER)|PRI[a-zA-Z0-9]+)"
)
C_COMMENT_RE = re.compile(r"/\*.*?\*/", re.DOTALL)
LINE_COMMENT_RE = re.compile(r"(?<![:\\\"])//[^\n]*")

# These match the glib preset meson passes to xgettext.
XGETTEXT_ARGS = [
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
]


def has_translatable_strings(path):
    name = os.path.basename(path)
    if name.endswith(TRANSLATABLE_SUFFIXES):
        return True
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(CODE_SUFFIXES):
        text = C_COMMENT_RE.sub("", text)
        text = LINE_COMMENT_RE.sub("", text)
        return KEYWORD_RE.search(text) is not None
    if name.endswith(XML_SUFFIXES):
        text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
        return TRANSLATABLE_ATTR_RE.search(text) is not None
    return False


def read_potfiles(srcdir):
    entries = []
    with open(os.path.join(srcdir, "po", "POTFILES.in"), encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            # "[type: gettext/glade]path" is the intltool form; keep the path.
            line = re.sub(r"^\[[^]]*\]\s*", "", line)
            entries.append((lineno, line))
    return entries


def scan_tree(srcdir):
    found = set()
    for top in SCANNED_DIRS:
        root = os.path.join(srcdir, top)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if name.startswith(".") or name.endswith("~"):
                    continue
                path = os.path.join(dirpath, name)
                if has_translatable_strings(path):
                    found.add(os.path.relpath(path, srcdir).replace(os.sep, "/"))
    return found


def check_potfiles(srcdir):
    errors = []
    entries = read_potfiles(srcdir)
    listed = [path for _, path in entries]

    for lineno, path in entries:
        if not os.path.isfile(os.path.join(srcdir, path)):
            errors.append(f"po/POTFILES.in:{lineno}: {path} does not exist")

    seen = set()
    for lineno, path in entries:
        if path in seen:
            errors.append(f"po/POTFILES.in:{lineno}: {path} is listed twice")
        seen.add(path)

    # Byte order, as LC_ALL=C sort gives.
    for (_, prev), (lineno, path) in zip(entries, entries[1:]):
        if path.encode() < prev.encode():
            errors.append(
                f"po/POTFILES.in:{lineno}: {path} is out of order (after {prev}); "
                "keep the list sorted with LC_ALL=C sort"
            )

    for path in listed:
        full = os.path.join(srcdir, path)
        if not path.endswith(CODE_SUFFIXES) or not os.path.isfile(full):
            continue
        with open(full, encoding="utf-8") as f:
            text = f.read()
        for m in MACRO_IN_MESSAGE_RE.finditer(text):
            lineno = text.count("\n", 0, m.start()) + 1
            errors.append(
                f"{path}:{lineno}: translatable string joined to {m.group(1)}; "
                "format the number into a %s argument first"
            )

    for path in sorted(scan_tree(srcdir) - seen):
        errors.append(
            f"{path}: has translatable strings but is missing from po/POTFILES.in"
        )

    for msg in errors:
        print(msg, file=sys.stderr)
    if not errors:
        print(f"po/POTFILES.in: {len(listed)} files, complete and sorted")
    return 1 if errors else 0


def check_po(po_file, srcdir):
    errors = []
    name = os.path.relpath(po_file, srcdir)
    lang = os.path.basename(po_file)[: -len(".po")]

    res = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, po_file],
        capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"),
    )
    stats = res.stderr.strip()
    print(f"{name}: {stats}")
    if res.returncode != 0:
        errors.append(f"{name}: msgfmt --check failed")
    if "fuzzy" in stats:
        errors.append(f"{name}: has fuzzy messages; review them and drop the fuzzy flag")
    if "untranslated" in stats:
        errors.append(f"{name}: has untranslated messages")

    with open(po_file, encoding="utf-8") as f:
        head = f.read(4096)
    for needle, what in (
        (f'"Language: {lang}\\n"', f"Language: {lang}"),
        ('charset=UTF-8', "Content-Type charset=UTF-8"),
    ):
        if needle not in head:
            errors.append(f"{name}: header lacks {what}")
    if lang.startswith("zh") and "nplurals=1; plural=0;" not in head:
        errors.append(f"{name}: header lacks Plural-Forms: nplurals=1; plural=0;")

    # Messages in the sources that the catalogue does not translate yet.
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "current.pot")
        potfiles = [p for _, p in read_potfiles(srcdir)]
        res = subprocess.run(
            ["xgettext", *XGETTEXT_ARGS, "--directory", srcdir, "--output", pot,
             *potfiles],
            capture_output=True, text=True,
        )
        if res.returncode != 0:
            errors.append(f"xgettext failed:\n{res.stderr}")
        elif os.path.exists(pot):
            missing = untranslated_in_sources(po_file, pot, tmp)
            for msgid in missing:
                errors.append(f"{name}: no translation for {msgid}")
            if missing:
                errors.append(
                    f"{name}: run 'ninja -C BUILDDIR helpdesk-pot helpdesk-update-po' "
                    "and translate the new messages (docs/translation.md)"
                )

    for msg in errors:
        print(msg, file=sys.stderr)
    return 1 if errors else 0


def untranslated_in_sources(po_file, pot, tmp):
    """msgids (as po source lines) of POT that PO_FILE leaves untranslated."""
    merged = os.path.join(tmp, "merged.po")
    subprocess.run(
        ["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap",
         "--output-file", merged, po_file, pot],
        check=True, capture_output=True,
    )
    todo = os.path.join(tmp, "todo.po")
    subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap",
         "--no-location", "--output-file", todo, merged],
        check=True, capture_output=True,
    )
    if not os.path.exists(todo):
        return []
    missing = []
    msgid = None
    with open(todo, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("msgid "):
                msgid = line[len("msgid "):]
            elif line.startswith('"') and msgid is not None:
                msgid += line
            else:
                if msgid is not None and msgid != '""':
                    missing.append(msgid.replace('""', ""))
                msgid = None
    return missing


def main(argv):
    if len(argv) == 2:
        return check_potfiles(argv[1])
    if len(argv) == 4 and argv[1] == "--po":
        return check_po(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
