"""Read a rendered HTML form back as the data a browser would post (for admin form tests)."""

from __future__ import annotations

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # > 0 inside the wanted form
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_chosen: list[str] = []
        self._select_first: str | None = None
        self._select_multiple = False
        self._option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if self.depth:
                self.depth += 1
            elif self.form_id is None or attributes.get("id") == self.form_id:
                self.depth = 1
            return
        if not self.depth:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self._add(name, attributes.get("value") or "on")
                return
            self._add(name, attributes.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_chosen = name, []
            self._select_first, self._select_multiple = None, "multiple" in attributes
            self.data.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            # An option without a value posts its text; the admin's options all have one.
            self._option = attributes.get("value") or ""
            if self._select_first is None:
                self._select_first = self._option
            if "selected" in attributes:
                self._select_chosen.append(self._option or "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "select" and self._select is not None:
            chosen = self._select_chosen
            if not chosen and not self._select_multiple and self._select_first is not None:
                chosen = [self._select_first]  # what a browser posts: the first option
            self.data[self._select].extend(chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline right after <textarea>.
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None


def form_data(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    """What submitting the form ``form_id`` (the first form without it) would post, as
    name -> values (empty lists for fields that post nothing are dropped)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    return {name: values for name, values in reader.data.items() if values}
