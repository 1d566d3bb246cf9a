"""Files made next to the PDF: caption.txt, alt.json, the contact sheet and the PNG zip."""

from __future__ import annotations

from . import alt, caption, sheet


def files(post, pdf_bytes: bytes, slides: list[dict], texts: list[dict], warnings: list, zip_pngs: bool,
          pngs: dict) -> dict:
    """The extra output files of a post (relative path -> content); appends caption warnings."""
    out: dict = {}
    if post.caption:
        text = caption.to_text(post.caption)
        out["caption.txt"] = text
        if caption.length(text) > caption.LINKEDIN_MAX:
            warnings.append({"slide": None, "kind": None, "level": "warning", "code": "caption",
                             "message": f"caption is {caption.length(text)} characters; LinkedIn takes "
                                        f"{caption.LINKEDIN_MAX}"})
    out["alt.json"] = alt.alt_json(texts, [s["png"] for s in slides])
    marks: dict = {}
    for warning in warnings:
        if warning["slide"] and marks.get(warning["slide"]) != "error":
            marks[warning["slide"]] = warning["level"]
    out["contact-sheet.png"] = sheet.contact_sheet(pdf_bytes, marks)
    if zip_pngs:
        out[f"{post.slug}-png.zip"] = sheet.png_zip(pngs)
    return out
