"""Dependencies point one way (DESIGN §3): a lower app never imports, links to or names a
higher one.

    nqt.core  <-  candidates, companies  <-  mentoring, events  <-  impact  <-  nqt (the
    project's own views, urls, demo data)

Apps of the same layer do not depend on each other either. "Depends" covers an import (at
module level or inside a function), a URL name of a higher app in a template or in Python
(``{% url 'impact:…' %}``, ``reverse("mentoring:…")``), a template of a higher app
(``{% include "mentoring/…" %}``) and one of its tables named in SQL (``mentoring_mentorship``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each part of the project and its layer; parts of one layer are independent of each other.
LAYERS = {
    "core": 0,
    "candidates": 1,
    "companies": 1,
    "mentoring": 2,
    "events": 2,
    "impact": 3,
    "project": 4,
}
# Where each part's code lives.
FOLDERS = {
    "core": ROOT / "nqt" / "core",
    "candidates": ROOT / "candidates",
    "companies": ROOT / "companies",
    "mentoring": ROOT / "mentoring",
    "events": ROOT / "events",
    "impact": ROOT / "impact",
}
APPS = [name for name in FOLDERS if name != "core"]
_APP = "(" + "|".join(APPS) + ")"
URL_NAME = re.compile(r"""["']""" + _APP + r""":[\w-]+["']""")
TEMPLATE_REF = re.compile(r"""\{%\s*(?:include|extends)\s+["']""" + _APP + "/")
TABLE = re.compile(r"\b(core|" + "|".join(APPS) + r")_[a-z]+(?:_[a-z]+)*\b")


def part_of_module(module: str) -> str | None:
    """The part a dotted module name belongs to (None: Django, a library, the standard one)."""
    if module == "nqt.core" or module.startswith("nqt.core."):
        return "core"
    if module == "nqt" or module.startswith("nqt."):
        return "project"
    top = module.split(".")[0]
    return top if top in FOLDERS else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, relative imports resolved, with its line."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def allowed(source: str, target: str) -> bool:
    return target == source or LAYERS[target] < LAYERS[source]


def upward_references(part: str) -> list[str]:
    folder = FOLDERS[part]
    if not folder.exists():
        return []
    problems = []
    for path in sorted(folder.rglob("*.py")):
        where = path.relative_to(ROOT)
        for line, module in imported_modules(path):
            target = part_of_module(module)
            if target and not allowed(part, target):
                problems.append(f"{where}:{line} imports {module}")
        if "migrations" in path.parts:
            continue  # a migration names its dependencies' tables and app labels by design
        for number, text in enumerate(path.read_text().splitlines(), start=1):
            for match in URL_NAME.finditer(text):
                if not allowed(part, match.group(1)):
                    problems.append(f"{where}:{number} names the URL {match.group(0)}")
            for match in TABLE.finditer(text):
                if not allowed(part, match.group(1)):
                    problems.append(f"{where}:{number} names the table {match.group(0)}")
    for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt")):
        where = path.relative_to(ROOT)
        for number, text in enumerate(path.read_text().splitlines(), start=1):
            for match in URL_NAME.finditer(text):
                if not allowed(part, match.group(1)):
                    problems.append(f"{where}:{number} links to {match.group(0)}")
            for match in TEMPLATE_REF.finditer(text):
                if not allowed(part, match.group(1)):
                    problems.append(f"{where}:{number} uses a template of {match.group(1)}")
    return problems


@pytest.mark.parametrize("part", list(FOLDERS))
def test_no_part_depends_on_a_higher_or_sibling_part(part):
    assert upward_references(part) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The test above would catch a lower app reaching up (it reads the files, not a list)."""
    fake = tmp_path / "companies"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "views.py").write_text(
        "from mentoring.models import Mentor\n"
        "from . import services\n"
        "def f():\n"
        "    from impact import kpis\n"
        '    return reverse("mentoring:mentor_space"), "SELECT 1 FROM mentoring_mentor"\n'
    )
    (fake / "page.html").write_text(
        "{% url 'impact:kpi_dashboard' %}{% include \"mentoring/x.html\" %}"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.setitem(FOLDERS, "companies", fake)
    problems = upward_references("companies")
    assert problems == [
        "companies/views.py:1 imports mentoring.models",
        "companies/views.py:4 imports impact",
        'companies/views.py:5 names the URL "mentoring:mentor_space"',
        "companies/views.py:5 names the table mentoring_mentor",
        "companies/page.html:1 links to 'impact:kpi_dashboard'",
        "companies/page.html:1 uses a template of mentoring",
    ]


def test_relative_imports_are_resolved_to_their_package():
    path = ROOT / "mentoring" / "services" / "__init__.py"
    modules = [module for _line, module in imported_modules(path)]
    assert all(not module.startswith(".") for module in modules)
    assert any(module.startswith("mentoring.services") for module in modules)
