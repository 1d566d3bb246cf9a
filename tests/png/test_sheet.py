"""Review artefacts: every slide on one contact sheet (warnings framed), and the PNGs zipped for Instagram."""

import io
import zipfile

import pypdfium2 as pdfium

from carrousel.png import sheet
from carrousel.errors import SlideWarning
from carrousel.outputs.files import png_zip
from helpers import open_png


def pdf_of(*sizes) -> bytes:
    """A PDF of blank (white) pages of the given sizes in points."""
    document = pdfium.PdfDocument.new()
    for width, height in sizes:
        document.new_page(width, height)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def test_pages_in_a_square_grid_with_warnings_framed():
    image = open_png(sheet.contact_sheet(pdf_of(*[(810, 1012.5)] * 5), [SlideWarning(2, "list", "warning", "shrunk", "x"),
                                                                   SlideWarning(4, "list", "error", "overflow", "y")]))
    cell_w, cell_h = sheet.THUMB_WIDTH, 338  # 1012.5 × 270 / 810, rounded up by PDFium
    assert image.size == (sheet.GAP + 3 * (cell_w + sheet.GAP), sheet.GAP + 2 * (cell_h + sheet.GAP))
    assert image.getpixel((sheet.GAP + 10, sheet.GAP + 10)) == (255, 255, 255)  # page 1: a white thumbnail
    frame = lambda column, row: image.getpixel((sheet.GAP + column * (cell_w + sheet.GAP) - 3,  # noqa: E731
                                                sheet.GAP + row * (cell_h + sheet.GAP) + 100))
    assert frame(0, 0) == sheet.BACKGROUND
    assert frame(1, 0) == sheet.MARKS["warning"] and frame(0, 1) == sheet.MARKS["error"]


def test_zip_holds_the_pngs_stored_in_order_and_the_same_bytes_every_time():
    pngs = {"png/02.png": b"two", "png/01.png": b"one"}
    data = png_zip(pngs)
    assert data == png_zip(dict(reversed(pngs.items())))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["01.png", "02.png"]
        assert [i.compress_type for i in archive.infolist()] == [zipfile.ZIP_STORED] * 2
        assert archive.read("02.png") == b"two"


def test_contact_sheet_and_zip_of_a_built_post(slight):
    _, out = slight
    assert open_png(out / "contact-sheet.png").size == (24 + 2 * (270 + 24), 24 + 2 * (338 + 24))
    with zipfile.ZipFile(out / "fit-png.zip") as archive:
        assert archive.namelist() == ["01.png", "02.png", "03.png"]
        assert archive.read("02.png") == (out / "png" / "02.png").read_bytes()
