"""Checks on uploaded documents: type by content, size, a safe display name, a private name.

The type is read from the file's first bytes (``filetype``), never from its name or from the
browser's claim, so an HTML page renamed ``cv.pdf`` is refused. Files are stored under a
server-made name in the private default storage, which has no public URL (DESIGN §8).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import DocumentKind

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
# What each kind of document may be.
CV_TYPES = frozenset({PDF})
PROOF_TYPES = frozenset({PDF, JPEG, PNG})
# Enough bytes for every signature ``filetype`` knows.
HEAD_BYTES = 8192
MAX_NAME_LENGTH = 120
_UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*`$&;{}\[\]]+')


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file whose content, size and name were checked."""

    file: UploadedFile
    kind: str
    content_type: str
    extension: str
    original_name: str
    size: int

    def storage_name(self) -> str:
        """A fresh server-made name: nothing of the user's file name reaches the disk."""
        return f"{uuid.uuid4().hex}.{self.extension}"


def allowed_types(kind: str) -> frozenset[str]:
    return CV_TYPES if kind == DocumentKind.CV else PROOF_TYPES


def sniff(file: UploadedFile) -> str | None:
    """The MIME type the file's first bytes show, or None when they match nothing known."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    guessed = filetype.guess(head) if head else None
    return guessed.mime if guessed else None


def sanitise_name(name: str) -> str:
    """The user's file name, reduced to something safe to display (never used on disk)."""
    name = unicodedata.normalize("NFC", name or "")
    name = PurePosixPath(name.replace("\\", "/")).name
    name = _UNSAFE_NAME_CHARACTERS.sub(" ", name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 5:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH].rstrip()
    return name or "document"


def check_upload(file: UploadedFile, *, kind: str) -> CheckedUpload:
    """Validate ``file`` as a document of ``kind``; raise ValidationError with a clear message."""
    size = file.size or 0
    if size <= 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s): documents may not exceed %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    content_type = sniff(file)
    if content_type not in allowed_types(kind):
        if kind == DocumentKind.CV:
            message = _(
                "The CV must be a PDF file. This file's content is not a PDF, whatever its "
                "name says: export your CV as PDF and try again."
            )
        else:
            message = _(
                "Proof documents must be PDF, JPEG or PNG files. This file's content is none of "
                "these, whatever its name says: scan or photograph the document and try again."
            )
        raise ValidationError(message, code="file_type")
    return CheckedUpload(
        file=file,
        kind=kind,
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        original_name=sanitise_name(file.name),
        size=size,
    )
