"""Fail when the French catalogue has an untranslated or fuzzy entry, a placeholder that
differs from its source, a compiled .mo that does not match the .po, or when the source holds a
string the catalogue lacks (it would show in English on a French page)."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Not our source: what makemessages must not read (as in `make messages`).
NOT_SOURCE = {".git", ".venv", "var", "staticfiles", "node_modules", "vendor", "__pycache__"}


def source_messages() -> set[tuple[str, str]]:
    """The (context, msgid) pairs the source marks for translation today.

    makemessages runs on a copy of the tree, so the real catalogue is left as it is.
    """
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(ROOT, copy, ignore=lambda _dir, names: NOT_SOURCE & set(names))
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "fr", "--keep-pot", "-v", "0"],
            cwd=copy,
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "nqt.settings.local"},
        )
        template = polib.pofile(str(copy / "locale" / "django.pot"))
    return {(entry.msgctxt or "", entry.msgid) for entry in template if entry.msgid}


def main() -> int:
    problems = []
    for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po")):
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue:
            if entry.obsolete:
                continue
            translations = (
                list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            )
            where = f"{po_path.relative_to(ROOT)}: {entry.msgid[:60]!r}"
            if "fuzzy" in entry.flags or not all(translations):
                problems.append(f"{where} is not translated")
                continue
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
            for translation in translations:
                found = PLACEHOLDER.findall(translation)
                if sorted(set(found)) != sorted(set(expected)):
                    problems.append(f"{where} has placeholders {found}, expected {expected}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{mo_path.relative_to(ROOT)} is missing: run `make messages`")
            continue
        compiled = {entry.msgid: entry for entry in polib.mofile(str(mo_path))}
        for entry in catalogue.translated_entries():
            if entry.obsolete:
                continue
            other = compiled.get(entry.msgid)
            if other is None or (other.msgstr or other.msgstr_plural) != (
                entry.msgstr or entry.msgstr_plural
            ):
                problems.append(
                    f"{mo_path.relative_to(ROOT)} is out of date for {entry.msgid[:60]!r}: "
                    "run `make messages`"
                )
                break
    french = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt or "", entry.msgid) for entry in french if not entry.obsolete}
    for _context, msgid in sorted(source_messages() - known):
        problems.append(f"{msgid[:60]!r} is in the source but not in the French catalogue")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
