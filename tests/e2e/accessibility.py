"""Automated accessibility checks for the browser tests: axe-core (the engine behind most
accessibility audits, bundled by the ``axe-playwright-python`` package) run in the page, and a
check that a phone-sized page does not scroll sideways.

axe finds what a program can find (contrast, names, labels, landmarks, ARIA, focusable scroll
areas); it does not replace trying the pages with a keyboard and a screen reader.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

from axe_playwright_python.base import AXE_SCRIPT

# WCAG 2.2 A and AA, and axe's best practices (landmarks, headings, one main, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}

# Links a crawl does not follow: the admin (Django's own pages), leaving the session, files and
# downloads, language switching, and pages that change something when opened.
NOT_PAGES = re.compile(
    r"^/admin/|/logout/|/export/|\.json$|/documents/|/cv/|/static/|/media/|/i18n/"
    r"|/supprimer|/accounts/confirm-email/|[?&]actualiser=|\.ics$"
)


def axe_violations(page) -> list[str]:
    """What axe-core reports on the current page, one line per rule and element."""
    page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                      resultTypes: ["violations"]}).then(r => r.violations)""",
        AXE_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}) {node['target']}: {node['failureSummary']}"
        for violation in violations
        for node in violation["nodes"]
    ]


def sideways_scroll(page) -> int:
    """By how many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check_page(page) -> list[str]:
    """The accessibility problems of the current page, at the window's current width."""
    problems = axe_violations(page)
    overflow = sideways_scroll(page)
    if overflow > 0:
        problems.append(f"the page scrolls sideways by {overflow} px")
    return problems


def shape(path: str) -> str:
    """A page's kind: its path with numbers left out (``/parrainages/393/`` and
    ``/parrainages/207/`` are one kind), and its query's keys without their values."""
    address = urlsplit(path)
    keys = sorted({pair.split("=")[0] for pair in address.query.split("&") if pair})
    return re.sub(r"\d+", "N", address.path) + ("?" + "&".join(keys) if keys else "")


def crawl(
    page, base_url: str, start: list[str], *, limit: int, skip: re.Pattern | None = None
) -> dict[str, list[str]]:
    """Open ``start`` then the site's pages linked from them, breadth first, one page of each
    kind (``shape``) and none that ``skip`` matches, up to ``limit`` pages, and check each:
    ``{path: problems}``."""
    queue, kinds, found = deque(start), {shape(path) for path in start}, {}
    while queue and len(found) < limit:
        path = queue.popleft()
        response = page.goto(base_url + path)
        if response is None or response.status != 200:
            found[path] = [f"answered {response.status if response else 'nothing'}"]
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        found[path] = check_page(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(urljoin(base_url + path, href))
            if link.netloc != urlsplit(base_url).netloc:
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            left_out = NOT_PAGES.search(target) or (skip and skip.search(target))
            if shape(target) not in kinds and not left_out:
                kinds.add(shape(target))
                queue.append(target)
    return found


def recheck(page, base_url: str, paths) -> dict[str, list[str]]:
    """Check these pages again (at another window size, say): ``{path: problems}``."""
    found = {}
    for path in paths:
        page.goto(base_url + path)
        found[path] = check_page(page)
    return found
