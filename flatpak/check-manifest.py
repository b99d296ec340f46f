#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest of Invitations without building it.

GNOME runtimes cannot be downloaded everywhere the tests run, so this catches the mistakes
that would only show up in a Flatpak build: a wrong app id, an old runtime, a missing
permission (network for sync, a display socket), a permission it must not ask for (the
keyring's D-Bus name: the API key goes through the Secret portal), or a meson option that
the project does not have.

Usage:
  check-manifest.py MANIFEST --source-root DIR [--app-id ID] [--command NAME]
  check-manifest.py MANIFEST --source-root DIR --self-test

--self-test breaks copies of the manifest in memory, one way at a time, and fails unless
every broken copy is reported.
"""

import argparse
import copy
import json
import os
import re
import sys

MIN_RUNTIME_VERSION = 47
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'

REQUIRED_FINISH_ARGS = [
    # Sync with the invitation service.
    '--share=network',
    # X11 shared memory, and a display on Wayland or X11.
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
]

# Inside the sandbox libsecret (0.20 or newer, as in the GNOME runtime) keeps the API key
# in the app's own encrypted keyring file, whose key it gets from the Secret portal
# (org.freedesktop.portal.Secret); no access to the Secret Service itself is needed, and
# asking for it would let the app read every other secret of the session.
FORBIDDEN_FINISH_ARGS = {
    '--talk-name=org.freedesktop.secrets':
        'the API key reaches the keyring through the Secret portal; remove it',
    '--own-name=org.freedesktop.secrets':
        'the app must not act as the Secret Service; remove it',
    '--socket=session-bus':
        'the whole session bus would expose the Secret Service and everything else; remove it',
}

# Meson's built-in options that a build may set with -Dname=value or --name=value.
MESON_BUILTIN_OPTIONS = {
    'prefix', 'bindir', 'datadir', 'includedir', 'infodir', 'libdir', 'licensedir',
    'libexecdir', 'localedir', 'localstatedir', 'mandir', 'sbindir', 'sharedstatedir',
    'sysconfdir', 'auto_features', 'backend', 'buildtype', 'debug', 'default_library',
    'errorlogs', 'install_umask', 'layout', 'optimization', 'prefer_static',
    'stdsplit', 'strip', 'unity', 'unity_size', 'warning_level', 'werror', 'wrap_mode',
    'force_fallback_for', 'vsenv', 'pkg_config_path', 'cmake_prefix_path',
    'build.pkg_config_path', 'build.cmake_prefix_path',
}
# Families of built-in options: base options (b_lto, b_sanitize…), per-language options
# (c_std, c_args…), backend and module options.
MESON_BUILTIN_PREFIXES = ('b_', 'c_', 'cpp_', 'backend_', 'pkgconfig.', 'python.', 'build.')
# Meson command-line switches that are not options but are fine in config-opts.
MESON_SWITCHES = {'--fatal-meson-warnings', '--reconfigure', '--wipe'}


def read_project_options(source_root):
    """Returns {name: (type, choices)} from meson_options.txt (or meson.options)."""
    for name in ('meson.options', 'meson_options.txt'):
        path = os.path.join(source_root, name)
        if os.path.exists(path):
            break
    else:
        return {}

    with open(path, encoding='utf-8') as f:
        text = f.read()

    # Each option(...) call runs up to the next one; that is enough to find its name,
    # type and choices without a meson parser.
    options = {}
    calls = re.split(r'^\s*option\s*\(', text, flags=re.MULTILINE)[1:]
    for call in calls:
        name = re.match(r"\s*'([^']+)'", call)
        if not name:
            continue
        kind = re.search(r"type\s*:\s*'(\w+)'", call)
        choices = re.search(r"choices\s*:\s*\[([^\]]*)\]", call)
        options[name.group(1)] = (
            kind.group(1) if kind else None,
            re.findall(r"'([^']*)'", choices.group(1)) if choices else None,
        )
    return options


def check_config_opt(opt, project_options):
    """Returns a problem with one entry of config-opts, or None."""
    if opt in MESON_SWITCHES:
        return None

    match = re.fullmatch(r'-D([^=]+)=(.*)', opt) or re.fullmatch(r'--([^=]+)=(.*)', opt)
    if not match:
        return (f'config-opts entry "{opt}" is not of the form -Dname=value or '
                f'--name=value')
    name, value = match.group(1), match.group(2)
    if opt.startswith('--'):
        name = name.replace('-', '_')

    if name in project_options:
        kind, choices = project_options[name]
        if kind == 'boolean' and value not in ('true', 'false'):
            return f'config-opts entry "{opt}": option "{name}" is a boolean, use true or false'
        if kind in ('combo', 'array') and choices is not None:
            values = [v.strip() for v in value.split(',')] if kind == 'array' else [value]
            for v in values:
                if v not in choices:
                    return (f'config-opts entry "{opt}": "{v}" is not one of the choices '
                            f'of option "{name}" ({", ".join(choices)})')
        if kind == 'feature' and value not in ('enabled', 'disabled', 'auto'):
            return f'config-opts entry "{opt}": option "{name}" is a feature, use enabled, disabled or auto'
        return None

    if name in MESON_BUILTIN_OPTIONS or name.startswith(MESON_BUILTIN_PREFIXES):
        return None

    known = ', '.join(sorted(project_options)) or 'none'
    return (f'config-opts entry "{opt}" names option "{name}", which is neither an option '
            f'of meson_options.txt (known: {known}) nor a meson built-in option')


def runtime_version_number(version):
    try:
        return float(version)
    except (TypeError, ValueError):
        return None


def check_manifest(manifest, manifest_dir, source_root, app_id, command):
    """Returns the list of problems with MANIFEST (a parsed JSON object)."""
    problems = []

    if not isinstance(manifest, dict):
        return ['the manifest is not a JSON object']

    manifest_id = manifest.get('app-id', manifest.get('id'))
    if manifest_id is None:
        problems.append(f'app-id is missing, expected "{app_id}"')
    elif manifest_id != app_id:
        problems.append(f'app-id is "{manifest_id}", expected the app id "{app_id}"')

    if manifest.get('runtime') != RUNTIME:
        problems.append(f'runtime is "{manifest.get("runtime")}", expected "{RUNTIME}"')

    version = manifest.get('runtime-version')
    number = runtime_version_number(version)
    if not isinstance(version, str) or number is None:
        problems.append(f'runtime-version is {json.dumps(version)}, expected a GNOME version '
                        f'such as "{MIN_RUNTIME_VERSION + 1}" (a string)')
    elif number < MIN_RUNTIME_VERSION:
        problems.append(f'runtime-version is "{version}", but Invitations needs GNOME '
                        f'{MIN_RUNTIME_VERSION} or newer')

    if manifest.get('sdk') != SDK:
        problems.append(f'sdk is "{manifest.get("sdk")}", expected "{SDK}"')

    if manifest.get('command') != command:
        problems.append(f'command is "{manifest.get("command")}", expected "{command}"')

    finish_args = manifest.get('finish-args')
    if not isinstance(finish_args, list):
        problems.append('finish-args is missing or not a list')
        finish_args = []
    for arg in REQUIRED_FINISH_ARGS:
        if arg not in finish_args:
            problems.append(f'finish-args lacks "{arg}"')
    for arg in finish_args:
        if not isinstance(arg, str):
            continue
        # --talk-name=org.freedesktop.secrets.* or a filtered variant is the same access.
        for forbidden, why in FORBIDDEN_FINISH_ARGS.items():
            if arg == forbidden or arg.startswith(forbidden + '.'):
                problems.append(f'finish-args has "{arg}": {why}')

    modules = manifest.get('modules')
    if not isinstance(modules, list) or not modules:
        problems.append('modules is missing or empty')
        return problems

    module = modules[-1]
    if not isinstance(module, dict):
        problems.append('the last module (Invitations itself) must be written inline, '
                        'not as a reference to another file')
        return problems
    name = module.get('name', '(unnamed)')

    if module.get('buildsystem') != 'meson':
        problems.append(f'the last module "{name}" has buildsystem '
                        f'"{module.get("buildsystem")}", expected "meson"')

    project_options = read_project_options(source_root)
    config_opts = module.get('config-opts', [])
    if not isinstance(config_opts, list):
        problems.append(f'config-opts of the last module "{name}" is not a list')
        config_opts = []
    for opt in config_opts:
        problem = check_config_opt(opt, project_options) if isinstance(opt, str) else \
            f'config-opts entry {json.dumps(opt)} is not a string'
        if problem:
            problems.append(problem)

    sources = module.get('sources')
    if not isinstance(sources, list) or not sources:
        problems.append(f'the last module "{name}" has no sources')
    else:
        root = os.path.realpath(source_root)
        points_at_project = False
        for source in sources:
            if not isinstance(source, dict) or source.get('type') not in ('dir', 'git'):
                continue
            path = source.get('path')
            if isinstance(path, str) and \
                    os.path.realpath(os.path.join(manifest_dir, path)) == root:
                points_at_project = True
        if not points_at_project:
            problems.append(f'no source of the last module "{name}" is a "dir" (or local '
                            f'"git") source whose path leads from {manifest_dir} to the '
                            f'project at {root}')

    return problems


def self_test(manifest, manifest_dir, source_root, app_id, command):
    """Breaks copies of a good manifest and checks that each one is reported."""
    def without(key):
        return lambda m: m.pop(key)

    def setter(key, value):
        return lambda m: m.__setitem__(key, value)

    def drop_finish_arg(arg):
        return lambda m: m['finish-args'].remove(arg)

    def last_module(change):
        return lambda m: change(m['modules'][-1])

    breakages = {
        'wrong app id': setter('app-id', 'org.example.Other'),
        'no app id': without('app-id'),
        'wrong runtime': setter('runtime', 'org.freedesktop.Platform'),
        'old runtime': setter('runtime-version', '46'),
        'runtime version not a number': setter('runtime-version', 'master'),
        'runtime version not a string': setter('runtime-version', 48),
        'wrong sdk': setter('sdk', 'org.kde.Sdk'),
        'wrong command': setter('command', 'invitations-cli'),
        'no finish-args': without('finish-args'),
        'no modules': setter('modules', []),
        'last module by file name': lambda m: m['modules'].append('other.json'),
        'other build system': last_module(lambda mod: mod.__setitem__('buildsystem', 'cmake')),
        'unknown option': last_module(lambda mod: mod['config-opts'].append('-Dfrobnicate=true')),
        'unknown built-in': last_module(lambda mod: mod['config-opts'].append('--buildtpye=release')),
        'bad boolean': last_module(lambda mod: mod['config-opts'].append('-Dui=yes-please')),
        'malformed option': last_module(lambda mod: mod['config-opts'].append('ui=true')),
        'source elsewhere': last_module(lambda mod: mod.__setitem__(
            'sources', [{'type': 'dir', 'path': '../..'}])),
        'archive source': last_module(lambda mod: mod.__setitem__(
            'sources', [{'type': 'archive', 'url': 'https://example.org/x.tar.xz'}])),
    }
    for arg in REQUIRED_FINISH_ARGS:
        breakages[f'missing {arg}'] = drop_finish_arg(arg)
    for arg in FORBIDDEN_FINISH_ARGS:
        breakages[f'asks for {arg}'] = lambda m, arg=arg: m['finish-args'].append(arg)
    breakages['talks to a secrets sub-name'] = \
        lambda m: m['finish-args'].append('--talk-name=org.freedesktop.secrets.*')

    ok = True
    baseline = check_manifest(manifest, manifest_dir, source_root, app_id, command)
    if baseline:
        print('FAIL: the manifest itself is not clean, so the self-test cannot start:')
        for problem in baseline:
            print(f'  {problem}')
        return False

    for what, breakage in breakages.items():
        broken = copy.deepcopy(manifest)
        breakage(broken)
        problems = check_manifest(broken, manifest_dir, source_root, app_id, command)
        if problems:
            print(f'ok: {what}: {problems[0]}')
        else:
            print(f'FAIL: {what}: not reported')
            ok = False
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('manifest')
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--app-id', default='io.github.invitations.Invitations')
    parser.add_argument('--command', default='invitations')
    parser.add_argument('--self-test', action='store_true')
    args = parser.parse_args()

    try:
        with open(args.manifest, encoding='utf-8') as f:
            manifest = json.load(f)
    except OSError as e:
        print(f'FAIL: cannot read {args.manifest}: {e.strerror}')
        return 1
    except json.JSONDecodeError as e:
        print(f'FAIL: {args.manifest} is not valid JSON: {e}')
        return 1

    manifest_dir = os.path.dirname(os.path.abspath(args.manifest))

    if args.self_test:
        return 0 if self_test(manifest, manifest_dir, args.source_root, args.app_id,
                              args.command) else 1

    problems = check_manifest(manifest, manifest_dir, args.source_root, args.app_id,
                              args.command)
    for problem in problems:
        print(f'FAIL: {os.path.basename(args.manifest)}: {problem}')
    if problems:
        return 1
    print(f'{os.path.basename(args.manifest)}: OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
