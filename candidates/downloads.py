"""Serving a stored document: always as an attachment, never sniffed, never cached.

Callers check access first (candidates.access for owners and staff; mentoring for a mentor
reading the CV of a candidate proposed to or paired with them).
"""

from django.http import FileResponse, Http404

from .models import Document


def document_response(document: Document) -> FileResponse:
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    # The display name's stem with the extension of the type checked at upload.
    stem = document.original_name.rsplit(".", 1)[0] or document.kind
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem}.{extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
