"""Every URL pattern of the project has a row in an access table (STYLE: a table drives the
access test), so no page ships without its access rule.

The project's patterns are read from the resolver: the named patterns whose view lives in one
of the project's packages, with their namespace, leaving out the admin site (its screens are
guarded by the admin's own permission checks). Third-party routes (allauth, i18n) are not the
project's. The access tables are ``tests/test_access.py`` and every ``tests/**/test_access.py``;
each is shaped for its pages, so this test reads the URL names they use from their source: a
string that is a URL name (``"home"``, ``"mentoring:mentor_space"``), or a bare name joined to a
namespace by an f-string such as ``reverse(f"companies:{url_name}")``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

TESTS = Path(__file__).resolve().parent
ACCESS_MODULES = sorted({TESTS / "test_access.py", *TESTS.glob("**/test_access.py")})


def project_packages() -> set[str]:
    """The top-level packages of the apps that live in the repository (not in site-packages)."""
    root = Path(settings.BASE_DIR).resolve()
    packages = {settings.ROOT_URLCONF.split(".")[0]}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and "site-packages" not in path.parts:
            packages.add(config.name.split(".")[0])
    return packages


def named_patterns(patterns, namespace=()):
    """(full name, module of its view) of every named pattern, the admin site left out."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespace, pattern.name)), pattern.callback.__module__


def project_url_names() -> set[str]:
    packages = project_packages()
    return {
        name
        for name, view_module in named_patterns(get_resolver().url_patterns)
        if view_module.split(".")[0] in packages
    }


def names_used_by(path: Path, known: set[str]) -> set[str]:
    """The URL names a module's source spells out, whole or as namespace + bare name."""
    tree = ast.parse(path.read_text())
    strings, prefixes = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            head = node.values[0] if node.values else None
            if isinstance(head, ast.Constant) and str(head.value).endswith(":"):
                prefixes.add(head.value)
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.add(node.value)
    candidates = strings | {prefix + s for prefix in prefixes for s in strings}
    return candidates & known


def covered_url_names(known: set[str]) -> dict[str, set[str]]:
    return {
        str(path.relative_to(TESTS.parent)): names_used_by(path, known) for path in ACCESS_MODULES
    }


def test_the_walk_finds_the_project_patterns_and_only_them():
    names = project_url_names()
    assert {"home", "my_space", "candidates:application", "mentoring:mentor_space"} <= names
    assert "companies:company_space" in names
    assert not {"account_login", "set_language", "admin:index"} & names


def test_every_url_pattern_of_the_project_is_in_an_access_table():
    names = project_url_names()
    covered = set().union(*covered_url_names(names).values())
    missing = sorted(names - covered)
    assert not missing, (
        "URL patterns without a row in tests/test_access.py or a tests/**/test_access.py: "
        + ", ".join(missing)
    )


def test_every_access_table_names_at_least_one_project_url():
    """A table whose names no longer resolve (a renamed namespace) would cover nothing."""
    empty = [path for path, names in covered_url_names(project_url_names()).items() if not names]
    assert not empty
