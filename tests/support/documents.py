"""Small real documents for upload tests: a one-page PDF and a PNG image, built in memory."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from nqt.demo import documents as demo_documents


def pdf_bytes(text: str = "Curriculum vitae") -> bytes:
    """A valid one-page PDF showing ``text`` (the demo's generator)."""
    return demo_documents.pdf_bytes([text])


def png_bytes(
    width: int = 16, height: int = 16, rgb: tuple[int, int, int] = (31, 58, 147)
) -> bytes:
    """A valid PNG image of one colour."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert('x')</script></body></html>"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "cv.pdf", text: str = "Curriculum vitae") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(text))


def png_upload(name: str = "justificatif.png") -> SimpleUploadedFile:
    return upload(name, png_bytes(), "image/png")


def big_pdf_upload(megabytes: int = 6, name: str = "gros.pdf") -> SimpleUploadedFile:
    """A PDF header followed by padding: ``megabytes`` MB, over the 5 MB limit."""
    content = pdf_bytes() + b"%" + b"0" * (megabytes * 1024 * 1024)
    return upload(name, content)
