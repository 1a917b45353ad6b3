#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the running app through AT-SPI, as a screen reader does.

  test-a11y.py APP MAKE_SAMPLE_STORE

Runs under its own session bus (tests/meson.build wraps it in
dbus-run-session) and an X display. Starts the real app on a store of sample
tickets and walks its accessible tree on the board, the list and the
reports:

- every control a user can operate (buttons, toggles, menus, entries, combo
  boxes, check boxes, tabs, cards), on the page shown or another, has a
  name (GTK's fallback to a type name such as "GtkToggleButton" is none);
- the board shows five lists named after their status with their count,
  whose items are the cards, each read as number, customer, priority and
  handler;
- the main pages can be reached by their named buttons.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

OPERABLE = {
    Atspi.Role.PUSH_BUTTON,
    Atspi.Role.TOGGLE_BUTTON,
    Atspi.Role.CHECK_BOX,
    Atspi.Role.RADIO_BUTTON,
    Atspi.Role.COMBO_BOX,
    Atspi.Role.ENTRY,
    Atspi.Role.PASSWORD_TEXT,
    Atspi.Role.SPIN_BUTTON,
    Atspi.Role.SLIDER,
    Atspi.Role.SWITCH if hasattr(Atspi.Role, "SWITCH") else Atspi.Role.TOGGLE_BUTTON,
    Atspi.Role.LIST_ITEM,
    Atspi.Role.MENU_ITEM,
    Atspi.Role.LINK,
    Atspi.Role.PAGE_TAB,
}
STATUSES = ("Pending", "In Progress", "Awaiting Feedback", "Pending Close", "Closed")


def find_app(name, timeout=30):
    deadline = time.monotonic() + timeout
    seen = set()
    while time.monotonic() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is None:
                continue
            app.clear_cache()
            seen.add(app.get_name())
            if app.get_name() == name and app.get_child_count() > 0:
                return app
        time.sleep(0.2)
    raise SystemExit(f"test-a11y: no application “{name}” with a window on the accessibility bus "
                     f"(seen: {sorted(seen)})")


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


def showing(node):
    """On screen. GTK 4.8 reports VISIBLE (the widget's own flag) but not
    SHOWING, so the extents tell: an unmapped widget has none."""
    if not node.get_state_set().contains(Atspi.StateType.VISIBLE):
        return False
    try:
        rect = Atspi.Component.get_extents(node, Atspi.CoordType.WINDOW)
    except Exception:  # not a component
        return False
    return rect.width > 0 and rect.height > 0 and rect.x >= 0 and rect.y >= 0


def name_of(node):
    node.clear_cache()
    name = node.get_name() or ""
    # GTK falls back to the type name ("GtkToggleButton"): that is no name.
    if re.fullmatch(r"(Gtk|Adw|Hd)[A-Za-z]+", name):
        name = ""
    if name.strip():
        return name
    # Named by another widget (a label) is named too.
    for relation in node.get_relation_set() or []:
        if relation.get_relation_type() == Atspi.RelationType.LABELLED_BY:
            for j in range(relation.get_n_targets()):
                target = relation.get_target(j)
                if target is not None and (target.get_name() or "").strip():
                    return target.get_name()
    return ""


def path_of(node):
    parts = []
    while node is not None and len(parts) < 6:
        parts.append(f"{node.get_role_name()}“{node.get_name() or ''}”")
        node = node.get_parent()
    return " < ".join(parts)


def text_within(node):
    """What a screen reader reads inside an item that has no name itself."""
    for child in walk(node):
        if child is not node and (name_of(child) or child.get_role() == Atspi.Role.LABEL
                                  and (child.get_name() or "").strip()):
            return True
    return False


def unnamed_controls(app):
    """Every control of the app, on screen or on another page, nameless."""
    missing = []
    for node in walk(app):
        try:
            role = node.get_role()
        except Exception:  # a widget that went away while walking
            continue
        if role not in OPERABLE or name_of(node):
            continue
        # A row of a list (a drop-down's choices) is read by its content.
        if role == Atspi.Role.LIST_ITEM and text_within(node):
            continue
        missing.append(path_of(node))
    return missing


def wait_for(predicate, what, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"test-a11y: timed out waiting for {what}")


def board_lists(app):
    lists = []
    for node in walk(app):
        if node.get_role() == Atspi.Role.LIST and showing(node):
            name = name_of(node)
            if any(name.startswith(status + ",") for status in STATUSES):
                lists.append(node)
    return lists if len(lists) == len(STATUSES) else None


def press(app, name):
    for node in walk(app):
        if node.get_role() in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.PAGE_TAB) \
                and name_of(node) == name and showing(node):
            Atspi.Action.do_action(node, 0)
            return
    seen = [f"{n.get_role_name()}“{name_of(n)}”" for n in walk(app)
            if n.get_role() in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.PAGE_TAB)
            and showing(n)]
    raise AssertionError(f"test-a11y: no button “{name}” on screen; there are {seen}")


def main(argv):
    app_path, make_store = argv[1], argv[2]
    failures = []
    n_cards = 0
    n_countdowns = 0
    tmp = tempfile.mkdtemp(prefix="hd-a11y-")
    store = os.path.join(tmp, "tickets.db")
    subprocess.run([make_store, store, "60", "3"], check=True, stdout=subprocess.DEVNULL)

    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", XDG_DATA_HOME=os.path.join(tmp, "data"),
               GSK_RENDERER="cairo")
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    # The accessibility bus and registry up first, then the app joins them.
    Atspi.init()
    Atspi.get_desktop(0).get_child_count()
    proc = subprocess.Popen([app_path, "--store", store], env=env)
    try:
        app = find_app("helpdesk")

        # The board: five lists named after their status and count; cards
        # read as number, customer, priority, handler.
        try:
            lists = wait_for(lambda: board_lists(app), "the five board columns")
        except AssertionError:
            for node in walk(app):
                if node.get_role() == Atspi.Role.LIST:
                    rect = Atspi.Component.get_extents(node, Atspi.CoordType.WINDOW)
                    print(f"list: {path_of(node)} extents={rect.x},{rect.y} {rect.width}x{rect.height}",
                          file=sys.stderr)
            raise
        for column in lists:
            items = [column.get_child_at_index(i) for i in range(column.get_child_count())]
            items = [item for item in items if item is not None and showing(item)]
            count = int(name_of(column).split(",")[1].split()[0])
            if count > 0 and not items:
                failures.append(f"column “{name_of(column)}” shows no card")
            n_cards += len(items)
            for item in items:
                if item.get_role() != Atspi.Role.LIST_ITEM:
                    failures.append(f"a card in “{name_of(column)}” is a {item.get_role_name()}")
                elif not name_of(item).startswith("CS"):
                    failures.append(f"card read as “{name_of(item)}” in “{name_of(column)}”")
                elif (item.get_description() or "").startswith(("Response ", "Resolution ")):
                    n_countdowns += 1
        if n_cards > 0 and n_countdowns == 0:
            failures.append("no card's SLA countdown is read (the card's description)")
        # Every page built once, then every control of the window.
        for page in ("List", "Reports", "Board"):
            press(app, page)
            time.sleep(1.0)
        failures += [f"unnamed: {p}" for p in unnamed_controls(app)]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        return 1
    if n_cards == 0:
        print("test-a11y: no card was read on the board", file=sys.stderr)
        return 1
    print(f"test-a11y: every control on the board, the list and the reports has a name; "
          f"the five columns read as lists of cards ({n_cards} on screen, "
          f"{n_countdowns} with their countdown)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
