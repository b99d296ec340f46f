#!/usr/bin/env python3
# test-atspi.py: the whole window as a screen reader sees it, over AT-SPI
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the real app on a database of sample invitations, finds its window on the
# accessibility bus, visits every page of the sidebar and the dialogs a person opens
# from there (preferences, invite, the warning before a cancel, keyboard shortcuts,
# about), and fails on every focusable widget on screen that has no name, with its
# role and where it is. It also checks what a row of the invitations list is read
# as, before and after a cancel.
#
# Run by meson inside its own D-Bus session (so its accessibility bus and the app's
# name are its own), under Xvfb, with GDK_BACKEND=x11. Everything it waits for is a
# state, polled with a generous limit: the machine may be loaded.

import os
import re
import subprocess
import sys
import tempfile
import time
import traceback

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402

WAIT_SECONDS = 120
POLL_SECONDS = 0.05
SAMPLE_INVITATIONS = 300

S = Atspi.StateType

# GTK 4.8 gives an accessible without a label its type name ("GtkListItemWidget"):
# that is no name a person can use.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Inv)[A-Z][A-Za-z]*$')


class TestFailure(Exception):
    pass


class AppExited(TestFailure):
    """The app under test is gone: waiting for its widgets would only time out."""


def pump():
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass


def wait_until(condition, what, timeout=WAIT_SECONDS):
    """Returns the first true value of condition(), or fails after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        pump()
        try:
            value = condition()
        except GLib.Error:
            # An accessible went away while it was read: ask again.
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TestFailure(f'timed out waiting for {what}')
        time.sleep(POLL_SECONDS)


def children(acc):
    for i in range(acc.get_child_count()):
        child = acc.get_child_at_index(i)
        if child is not None:
            yield child


def has_name(acc):
    name = (acc.get_name() or '').strip()
    return name != '' and not TYPE_NAME.match(name)


def extents(acc):
    try:
        return acc.get_extents(Atspi.CoordType.WINDOW)
    except GLib.Error:
        return None


def on_screen(rect, window):
    """Whether rect has a size and overlaps the window's area."""
    if rect is None or rect.width <= 0 or rect.height <= 0:
        return False
    return (rect.x < window.width and rect.y < window.height and
            rect.x + rect.width > 0 and rect.y + rect.height > 0)


def mapped(acc):
    """Whether acc is drawn: GTK answers a hit test at its middle only when it is mapped,
    which tells a page of a stack that is shown from one that keeps its old size. A
    widget that is not sensitive is never hit: ask its nearest sensitive ancestor."""
    while acc is not None and not acc.get_state_set().contains(S.SENSITIVE):
        acc = acc.get_parent()
    if acc is None:
        return False
    rect = extents(acc)
    if rect is None or rect.width <= 0 or rect.height <= 0:
        return False
    # A hit on a part with nothing to present (an icon) answers nothing either: try
    # the middle and the corners.
    points = [(rect.width // 2, rect.height // 2), (1, 1), (rect.width - 2, 1),
              (1, rect.height - 2), (rect.width - 2, rect.height - 2)]
    for dx, dy in points:
        try:
            if acc.get_accessible_at_point(rect.x + dx, rect.y + dy, Atspi.CoordType.WINDOW) is not None:
                return True
        except GLib.Error:
            pass
    return False


# Containers that pass the focus on: GTK gives them the focus only when nothing inside
# them can take it (an empty list), so they need a name only then.
PASS_FOCUS_ON = (Atspi.Role.SCROLL_PANE, Atspi.Role.LIST, Atspi.Role.LIST_BOX, Atspi.Role.TABLE,
                 Atspi.Role.TREE_TABLE, Atspi.Role.TREE, Atspi.Role.PAGE_TAB_LIST)


def focusable(acc):
    return acc.get_state_set().contains(S.FOCUSABLE)


def describe(acc):
    return f"{acc.get_role_name()} '{acc.get_name() or ''}'"


def walk_shown(frame, visit):
    """Calls visit(acc, path, inside_button) on every accessible of frame that is
    visible and on screen. Subtrees that are hidden, have no size, lie outside the
    window (rows scrolled away; a popover may reach past it) or are a page of a stack
    that is not shown are skipped."""
    window = extents(frame)

    def walk(acc, path, inside_button, in_popover, in_combo):
        states = acc.get_state_set()
        if not states.contains(S.VISIBLE):
            return
        rect = extents(acc)
        role = acc.get_role()
        in_popover = in_popover or role in (Atspi.Role.MENU, Atspi.Role.POPUP_MENU)
        if rect is not None:
            if in_popover and (rect.width <= 0 or rect.height <= 0):
                return
            if not in_popover and not on_screen(rect, window):
                return
        here = path + [describe(acc)]
        # A page of a stack has no extents of its own, and the pages not shown keep
        # the size they had.
        stack_page = rect is None and acc.get_name() == 'GtkStackPage'
        # The list of a drop-down is in a popover that is there while it is closed.
        closed_list = in_combo and role == Atspi.Role.LIST and not mapped(acc)
        if closed_list:
            return
        below_combo = in_combo or role == Atspi.Role.COMBO_BOX
        if rect is not None:
            visit(acc, here, inside_button)
        # A button keeps the focus to itself: what is inside it is never focused.
        below_button = inside_button or role in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON)
        for child in children(acc):
            if stack_page and not mapped(child):
                continue
            walk(child, here, below_button, in_popover, below_combo)

    walk(frame, [], False, False, False)


def unnamed_focusables(frame):
    found = []

    def visit(acc, path, inside_button):
        if inside_button or not focusable(acc) or has_name(acc):
            return
        if acc.get_role() in PASS_FOCUS_ON and find(acc, lambda a: a != acc and focusable(a)):
            return
        found.append(' > '.join(path))

    walk_shown(frame, visit)
    return found


def find(root, predicate):
    """The first accessible below root (depth first) that predicate accepts."""
    stack = [root]
    while stack:
        acc = stack.pop()
        try:
            if predicate(acc):
                return acc
            stack.extend(reversed(list(children(acc))))
        except GLib.Error:
            continue
    return None


def find_shown(frame, predicate):
    found = []

    def visit(acc, path, inside_button):
        if not found and predicate(acc):
            found.append(acc)

    walk_shown(frame, visit)
    return found[0] if found else None


def role_named(role, name=None, prefix=None, contains=None):
    def predicate(acc):
        if acc.get_role() != role:
            return False
        text = acc.get_name() or ''
        if name is not None and text != name:
            return False
        if prefix is not None and not text.startswith(prefix):
            return False
        if contains is not None and contains not in text:
            return False
        return True
    return predicate


def click(acc):
    """Presses a button or menu item through its AT-SPI action."""
    for i in range(acc.get_n_actions()):
        if acc.get_action_name(i) == 'click':
            acc.do_action(i)
            return
    raise TestFailure(f'{describe(acc)} has no click action')


class App:
    def __init__(self, tmpdir):
        self.tmpdir = tmpdir
        self.binary = os.environ['INV_APP']
        self.database = os.path.join(tmpdir, 'invitations.db')
        self.env = dict(os.environ)
        for name in ('XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME'):
            self.env[name] = os.path.join(tmpdir, name.lower())
        self.env['GTK_A11Y'] = 'atspi'
        self.env['GDK_BACKEND'] = 'x11'
        self.env['NO_AT_BRIDGE'] = '0'
        self.log_path = os.path.join(tmpdir, 'app.log')
        self.process = None

    def make_sample_data(self):
        subprocess.run([self.binary, f'--database={self.database}',
                        f'--sample-data={SAMPLE_INVITATIONS}'],
                       env=self.env, check=True, stdout=subprocess.DEVNULL)

    def start(self):
        if self.process is not None:
            self.log.close()
        self.log = open(self.log_path, 'w')
        self.process = subprocess.Popen([self.binary, f'--database={self.database}'],
                                        env=self.env, stdout=self.log, stderr=subprocess.STDOUT)

    def output(self):
        self.log.flush()
        with open(self.log_path, errors='replace') as log:
            return log.read()

    def accessible(self):
        code = self.process.poll()
        if code is not None:
            raise AppExited(f'the app exited with status {code}: {self.output().strip()}')
        desktop = Atspi.get_desktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == self.process.pid:
                    return app
            except GLib.Error:
                continue
        return None

    def frame(self, title):
        app = self.accessible()
        if app is None:
            return None
        for frame in children(app):
            if frame.get_name() == title and frame.get_state_set().contains(S.VISIBLE):
                return frame
        return None

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.log.close()


def x_window(title):
    """The X window id of the app's window titled title (no window manager: by name)."""
    result = subprocess.run(['xdotool', 'search', '--onlyvisible', '--name', f'^{re.escape(title)}$'],
                            capture_output=True, text=True)
    ids = result.stdout.split()
    return ids[-1] if ids else None


def press_keys(title, keys):
    window = wait_until(lambda: x_window(title), f'the X window of “{title}”')
    subprocess.run(['xdotool', 'windowfocus', '--sync', window], check=True)
    subprocess.run(['xdotool', 'key', '--clearmodifiers'] + keys.split(), check=True)


def click_at(title, acc):
    """Clicks the middle of acc with the pointer, for what has no AT-SPI action in
    GTK 4.8 (check buttons). Without a window manager, the X window is where it says."""
    window = wait_until(lambda: x_window(title), f'the X window of “{title}”')
    geometry = subprocess.run(['xdotool', 'getwindowgeometry', '--shell', window],
                              capture_output=True, text=True, check=True).stdout
    values = dict(line.split('=', 1) for line in geometry.split())
    rect = extents(acc)
    x = int(values['X']) + rect.x + rect.width // 2
    y = int(values['Y']) + rect.y + rect.height // 2
    subprocess.run(['xdotool', 'mousemove', '--sync', str(x), str(y), 'click', '1'], check=True)


class Events:
    """AT-SPI events, kept from the moment of listening."""

    def __init__(self, *kinds):
        self.seen = []
        self.listener = Atspi.EventListener.new(self.on_event)
        for kind in kinds:
            self.listener.register(kind)

    def on_event(self, event):
        try:
            source = event.source
            self.seen.append((event.type, source.get_role(), source.get_name() or '',
                              event.detail1))
        except GLib.Error:
            pass

    def clear(self):
        self.seen.clear()


class Run:
    def __init__(self, app):
        self.app = app
        self.results = []
        self.problems = []

    def check_names(self, frame, where):
        missing = wait_until(lambda: unnamed_focusables(frame) or ['none'], f'a walk of {where}')
        if missing != ['none']:
            for path in missing:
                self.problems.append(f'{where}: unnamed focusable {path}')

    def step(self, name, func):
        try:
            func()
            self.results.append((True, name, None))
        except Exception:  # noqa: BLE001 (a failed step must not hide the others)
            self.results.append((False, name, traceback.format_exc()))


def main_window(app):
    return wait_until(lambda: app.frame('Invitations'), 'the main window on the accessibility bus')


def wait_for_rows(frame):
    return wait_until(lambda: find_shown(frame, role_named(Atspi.Role.CHECK_BOX, prefix='Select ')),
                      'the invitations list to show rows')


PAGES = [
    # sidebar row, something only that page shows once it has loaded
    ('Invitations', lambda f: find_shown(f, role_named(Atspi.Role.CHECK_BOX, prefix='Select '))),
    ('Templates', lambda f: find_shown(f, role_named(Atspi.Role.LIST_ITEM, contains='Backend Engineer'))),
    ('Candidates', lambda f: find_shown(f, role_named(Atspi.Role.CHECK_BOX, prefix='Select ', contains=' '))),
    ('Sync', lambda f: find_shown(f, role_named(Atspi.Role.PUSH_BUTTON, name='Sync Now'))),
    ('Activity', lambda f: find_shown(f, role_named(Atspi.Role.HEADING, name='Activity')) or
     find_shown(f, role_named(Atspi.Role.LABEL, name='Activity'))),
]


def show_page(frame, name, ready):
    sidebar = wait_until(lambda: find(frame, role_named(Atspi.Role.LIST, name='Pages')), 'the sidebar')
    rows = list(children(sidebar))
    names = [row.get_name() for row in rows]
    if name not in names:
        raise TestFailure(f'no page “{name}” in the sidebar: {names}')
    sidebar.select_child(names.index(name))
    wait_until(lambda: rows[names.index(name)].get_state_set().contains(S.SELECTED),
               f'the sidebar to select {name}')
    wait_until(lambda: ready(frame), f'the {name} page to show')


def test_pages(run):
    frame = main_window(run.app)
    for name, ready in PAGES:
        show_page(frame, name, ready)
        run.check_names(frame, f'the {name} page')
    show_page(frame, *PAGES[0])


def test_row_name(run):
    """A row is read with its candidate, template, status and deadline, as its cells show them."""
    frame = main_window(run.app)
    show_page(frame, *PAGES[0])
    table = wait_until(lambda: find_shown(frame, lambda a: a.get_role() == Atspi.Role.TABLE_ROW and
                                          find(a, role_named(Atspi.Role.CHECK_BOX, prefix='Select '))),
                       'a row of invitations')
    cells = [c for c in children(table) if c.get_role() == Atspi.Role.TABLE_CELL]
    texts = []
    for cell in cells:
        labels = [c for c in children(cell)]
        texts.append(labels[0] if labels else None)
    candidate = texts[1].get_name()
    template = texts[3].get_name()
    status = find(texts[4], lambda a: a.get_role() == Atspi.Role.LABEL and
                  a.get_name() and not TYPE_NAME.match(a.get_name())).get_name()
    deadline = texts[6].get_name().strip()
    name = table.get_name()
    for part, what in ((candidate, 'candidate'), (template, 'template'), (status, 'status'),
                       (deadline, 'deadline')):
        if not part or part not in name:
            raise TestFailure(f'the row is read as “{name}”, without its {what} “{part}”')


def test_preferences(run):
    frame = main_window(run.app)
    press_keys('Invitations', 'ctrl+comma')
    prefs = wait_until(lambda: run.app.frame('Preferences'), 'the preferences window')
    tabs = wait_until(lambda: find(prefs, lambda a: a.get_role() == Atspi.Role.PAGE_TAB_LIST),
                      'the preferences pages')
    for tab in list(children(tabs)):
        click(tab)
        wait_until(lambda: tab.get_state_set().contains(S.SELECTED), f'the page “{tab.get_name()}”')
        run.check_names(prefs, f'the preferences page “{tab.get_name()}”')
    close_window(run, 'Preferences')
    del frame


def open_main_menu(run, frame):
    button = wait_until(lambda: find_shown(frame, lambda a: a.get_role() in (Atspi.Role.PUSH_BUTTON,
                                                                             Atspi.Role.TOGGLE_BUTTON) and
                                           a.get_name() == 'Main Menu' and focusable(a)),
                        'the main menu button')
    click(button)
    return wait_until(lambda: find_shown(frame, role_named(Atspi.Role.MENU_ITEM, name='About Invitations')),
                      'the main menu')


def close_window(run, title):
    press_keys(title, 'Escape')
    wait_until(lambda: run.app.frame(title) is None, f'the window “{title}” to close')


def test_shortcuts(run):
    frame = main_window(run.app)
    open_main_menu(run, frame)
    run.check_names(frame, 'the main menu')
    click(find_shown(frame, role_named(Atspi.Role.MENU_ITEM, name='Keyboard Shortcuts')))
    shortcuts = wait_until(lambda: run.app.frame('Keyboard Shortcuts'), 'the shortcuts window')
    run.check_names(shortcuts, 'the shortcuts window')
    close_window(run, 'Keyboard Shortcuts')


def test_about(run):
    frame = main_window(run.app)
    click(open_main_menu(run, frame))
    about = wait_until(lambda: run.app.frame('About Invitations') or run.app.frame('About'),
                       'the about window')
    title = about.get_name()
    run.check_names(about, 'the about window')
    close_window(run, title)


def test_invite(run):
    frame = main_window(run.app)
    show_page(frame, *PAGES[2])
    select_all = wait_until(lambda: find_shown(frame, role_named(Atspi.Role.CHECK_BOX, name='Select all')),
                            'the candidates’ Select all')
    click_at('Invitations', select_all)
    send = wait_until(lambda: find_shown(frame, role_named(Atspi.Role.PUSH_BUTTON, name='Send invite')),
                      'Send invite')
    click(send)
    dialog = wait_until(lambda: next((f for f in children(run.app.accessible())
                                      if f.get_name() != 'Invitations' and
                                      f.get_state_set().contains(S.MODAL)), None),
                        'the invite dialog')
    title = dialog.get_name()
    run.check_names(dialog, f'the invite dialog “{title}”')
    close_window(run, title)
    click(wait_until(lambda: find_shown(frame, role_named(Atspi.Role.PUSH_BUTTON, name='Clear selection')),
                     'Clear selection'))
    show_page(frame, *PAGES[0])


def test_cancel_and_toast(run):
    """The warning before a cancel, then the row read as cancelled and the toast's window."""
    frame = main_window(run.app)
    show_page(frame, *PAGES[0])
    row = wait_until(lambda: find_shown(frame, lambda a: a.get_role() == Atspi.Role.TABLE_ROW and
                                        find(a, role_named(Atspi.Role.CHECK_BOX, prefix='Select '))),
                     'a row of invitations')
    candidate = find(row, role_named(Atspi.Role.CHECK_BOX, prefix='Select ')).get_name()[len('Select '):]
    menu_button = find(row, lambda a: a.get_role() in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON) and
                       a.get_name() == 'More actions' and focusable(a))
    click(menu_button)
    item = wait_until(lambda: find_shown(frame, role_named(Atspi.Role.MENU_ITEM, name='Delete invitation')),
                      'the row menu')
    run.check_names(frame, 'the row menu')
    click(item)
    dialog = wait_until(lambda: next((f for f in children(run.app.accessible())
                                      if f.get_name() != 'Invitations' and
                                      f.get_state_set().contains(S.MODAL)), None),
                        'the warning before a cancel')
    title = dialog.get_name()
    run.check_names(dialog, f'the warning “{title}”')

    # A person must choose a reason: open the list of reasons, take the first.
    combo = wait_until(lambda: find_shown(dialog, role_named(Atspi.Role.COMBO_BOX, name='Reason')),
                       'the list of reasons')
    click_at(title, combo)
    reasons = wait_until(lambda: find(combo, lambda a: a.get_role() == Atspi.Role.LIST and mapped(a) and
                                      a.get_child_count() > 1),
                         'the reasons to show')
    run.check_names(dialog, 'the list of reasons')
    press_keys(title, 'Down Return')
    confirm = wait_until(lambda: find_shown(dialog, lambda a: a.get_role() == Atspi.Role.PUSH_BUTTON and
                                            'Delete Invitation' in (a.get_name() or '') and
                                            a.get_state_set().contains(S.SENSITIVE)),
                         'the warning’s Delete button')
    click(confirm)
    wait_until(lambda: run.app.frame(title) is None and
               find_shown(frame, lambda a: a.get_role() == Atspi.Role.TABLE_ROW and
                          candidate in (a.get_name() or '') and 'Cancelled' in (a.get_name() or '')),
               f'the row of {candidate} to be read as cancelled')
    run.check_names(frame, 'the window with the cancel toast')


def main():
    tmpdir = tempfile.mkdtemp(prefix='inv-atspi-')
    app = App(tmpdir)
    app.make_sample_data()
    # A loaded X server may refuse a connection for a moment; only that is retried.
    for attempt in range(3):
        app.start()
        try:
            main_window(app)
            break
        except AppExited as error:
            if 'cannot open display' not in str(error) or attempt == 2:
                raise
            print(f'# {error}; starting it again')
    run = Run(app)
    tests = [
        ('row is read with candidate, template, status and deadline', test_row_name),
        ('every page of the sidebar names its focusable widgets', test_pages),
        ('the preferences window names its focusable widgets', test_preferences),
        ('the shortcuts window names its focusable widgets', test_shortcuts),
        ('the main menu and about window name their focusable widgets', test_about),
        ('the invite dialog names its focusable widgets', test_invite),
        ('the cancel warning names its widgets, the row is read as cancelled after it', test_cancel_and_toast),
    ]
    print(f'1..{len(tests) + 1}')
    failed = False
    try:
        for number, (name, func) in enumerate(tests, 1):
            run.step(name, lambda: func(run))
            ok, _, trace = run.results[-1]
            print(f'{"ok" if ok else "not ok"} {number} - {name}')
            if not ok:
                failed = True
                for line in trace.splitlines():
                    print(f'# {line}')
            sys.stdout.flush()
        number = len(tests) + 1
        if run.problems:
            failed = True
            print(f'not ok {number} - no focusable widget on screen is without a name')
            for problem in run.problems:
                print(f'# {problem}')
        else:
            print(f'ok {number} - no focusable widget on screen is without a name')
    finally:
        app.stop()
        if failed:
            with open(app.log_path) as log:
                for line in log:
                    print(f'# app: {line.rstrip()}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
