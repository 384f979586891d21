"""Small real documents for the demo's files in review: a one-page PDF and a PNG scan, built
in memory, that the application's upload checks accept (``candidates.uploads``), so staff
can show proof review without uploading anything."""

from __future__ import annotations

import struct
import unicodedata
import zlib


def _ascii(text: str) -> str:
    """The PDF's built-in font shows ASCII only: accents are dropped, parentheses escaped."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.replace("\\", "").replace("(", "[").replace(")", "]")


def pdf_bytes(lines: list[str]) -> bytes:
    """A valid one-page A4 PDF showing ``lines`` of text."""
    commands = ["BT /F1 14 Tf 72 770 Td 18 TL"]
    for index, line in enumerate(lines):
        size = 20 if index == 0 else 12
        commands.append(f"/F1 {size} Tf ({_ascii(line)}) Tj T*")
    commands.append("ET")
    stream = "\n".join(commands).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def png_bytes(width: int = 120, height: int = 160, seed: int = 0) -> bytes:
    """A valid PNG "scan": a pale page with a few grey lines of "text"."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    rows = []
    for y in range(height):
        line = y // 12
        inked = y % 12 in (5, 6) and 1 <= line <= 11
        length = width - 20 - ((line * 37 + seed * 11) % 50)
        row = bytearray(b"\x00")
        for x in range(width):
            grey = 90 if inked and 10 <= x < length else 246
            row += bytes((grey, grey, grey))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
