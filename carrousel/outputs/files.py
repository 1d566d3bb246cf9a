"""Files made next to the PDF: caption.txt, alt.json, the contact sheet and the PNG zip."""

from __future__ import annotations

from carrousel.checks import alt

from carrousel.outputs import caption

from carrousel.png import sheet


def files(post, pdf_bytes: bytes, slides: list[dict], texts: list[dict], warnings: list, zip_pngs: bool,
          pngs: dict, sheet_png: bytes | None = None) -> dict:
    """The extra output files of a post (relative path -> content); appends caption warnings. The contact sheet
    is made here unless given."""
    out: dict = {}
    if post.caption:
        text = caption.to_text(post.caption)
        out["caption.txt"] = text
        if caption.length(text) > caption.LINKEDIN_MAX:
            warnings.append({"slide": None, "kind": None, "level": "warning", "code": "caption",
                             "message": f"caption is {caption.length(text)} characters; LinkedIn takes "
                                        f"{caption.LINKEDIN_MAX}"})
    out["alt.json"] = alt.alt_json(texts, [s["png"] for s in slides])
    out["contact-sheet.png"] = sheet_png or contact_sheet(pdf_bytes, warnings)
    if zip_pngs:
        out[f"{post.slug}-png.zip"] = sheet.png_zip(pngs)
    return out


def contact_sheet(pdf_bytes: bytes, warnings: list) -> bytes:
    """Every page on one PNG, slides with a warning framed (amber: shrunk; red: overflows)."""
    marks: dict = {}
    for warning in warnings:
        if warning["slide"] and marks.get(warning["slide"]) != "error":
            marks[warning["slide"]] = warning["level"]
    return sheet.contact_sheet(pdf_bytes, marks)
