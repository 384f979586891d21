"""Uploaded documents are checked by their bytes, their size and their name (DESIGN §8)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from candidates import uploads
from candidates.models import DocumentKind
from tests.support import documents


def test_a_real_pdf_is_accepted_as_cv():
    checked = uploads.check_upload(documents.pdf_upload("Mon CV.pdf"), kind=DocumentKind.CV)
    assert checked.content_type == "application/pdf"
    assert checked.extension == "pdf"
    assert checked.original_name == "Mon CV.pdf"


def test_an_html_page_named_pdf_is_refused_with_a_clear_message():
    page = documents.upload("cv.pdf", documents.HTML_PAGE)
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(page, kind=DocumentKind.CV)
    assert error.value.code == "file_type"
    assert "PDF" in error.value.messages[0]


def test_an_image_is_not_a_cv_but_is_a_proof():
    with pytest.raises(ValidationError):
        uploads.check_upload(documents.png_upload("cv.pdf"), kind=DocumentKind.CV)
    checked = uploads.check_upload(documents.png_upload(), kind=DocumentKind.PROOF_QPV)
    assert (checked.content_type, checked.extension) == ("image/png", "png")


def test_a_jpeg_proof_is_accepted_whatever_its_name():
    jpeg = documents.upload("scan.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 300)
    assert uploads.check_upload(jpeg, kind=DocumentKind.PROOF_RSA).extension == "jpg"


def test_a_file_over_5_mb_is_refused():
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(documents.big_pdf_upload(6), kind=DocumentKind.CV)
    assert error.value.code == "too_large"


def test_a_file_of_exactly_5_mb_is_accepted():
    content = documents.pdf_bytes()
    content += b"%" * (uploads.MAX_UPLOAD_BYTES - len(content))
    assert uploads.check_upload(documents.upload("cv.pdf", content), kind=DocumentKind.CV)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(documents.upload("cv.pdf", b""), kind=DocumentKind.CV)
    assert error.value.code == "empty"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\nour\\CV final.pdf", "CV final.pdf"),
        ('<script>alert("x")</script>.pdf', "script .pdf"),
        ("<img src=x onerror=alert(1)>.pdf", "img src=x onerror=alert(1) .pdf"),
        ("   ", "document"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_the_display_name_is_sanitised(name, shown):
    assert uploads.sanitise_name(name) == shown


def test_stored_names_are_server_made():
    checked = uploads.check_upload(documents.pdf_upload("../../evil.pdf"), kind=DocumentKind.CV)
    first, second = checked.storage_name(), checked.storage_name()
    assert first != second
    assert first.endswith(".pdf")
    assert "evil" not in first
    assert "/" not in first
