"""Serving a stored document: always as an attachment, never sniffed, never cached.

Callers check access first (candidates.access for owners and staff; mentoring for a mentor
reading the CV of a candidate proposed to or paired with them, and for a message's document).
"""

from django.http import FileResponse, Http404

from .models import Document


def document_response(document: Document) -> FileResponse:
    return stored_file_response(
        document.file,
        display_name=document.original_name,
        fallback=document.kind,
        content_type=document.content_type,
    )


def stored_file_response(
    file, *, display_name: str, fallback: str, content_type: str | None = None
) -> FileResponse:
    """A stored upload (checked at upload time), downloaded under its display name's stem with
    the extension of the type checked at upload; ``fallback`` when the name has no stem."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    stem = display_name.rsplit(".", 1)[0] or fallback
    extension = file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=f"{stem}.{extension}", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
