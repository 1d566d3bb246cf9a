"""The PDF as WeasyPrint writes it through the sandbox: tagged, with its language, title and alternative texts."""

import re
import zlib

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from helpers import pdf_metadata


def _pdf_objects(data: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to read the catalog."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"".join(out)


def test_pdf_is_tagged_with_language_and_title(slight):
    _, out = slight
    data = (out / "fit.pdf").read_bytes()
    pdf = pdfium.PdfDocument(data)
    try:
        assert raw.FPDFCatalog_IsTagged(pdf.raw)
    finally:
        pdf.close()
    assert pdf_metadata(data)["Title"] == "Fit test"
    objects = _pdf_objects(data)
    assert b"/Lang (en-GB)" in objects
    assert b"/DisplayDocTitle true" in objects
    assert b'pdfuaid:part="1"' in objects
    assert b"/Alt <feff" in objects, "emoji images carry alternative text"
