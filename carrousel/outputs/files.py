"""The files of a built post: PDF, PNGs, caption.txt, alt.json, the contact sheet, the PNG zip, the preview page."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import asdict

from markupsafe import Markup

from carrousel.checks import alt
from carrousel.errors import SlideWarning
from carrousel.html import markup
from carrousel.html.document import page_size
from carrousel.outputs import caption
from carrousel.outputs.preview import post_page
from carrousel.png.sheet import contact_sheet


def post_files(layers, prep, deck, zip_pngs: bool = False) -> tuple[dict, tuple]:
    """(relative path -> content, every warning of the post) for a prepared post and its rendered deck."""
    post = prep.post
    warnings = list(deck.warnings)
    files: dict = {f"{post.slug}.pdf": deck.pdf}
    slides = []
    for number, data in enumerate(deck.pngs, 1):
        name = f"png/{number:02d}.png"
        files[name] = data
        slides.append({"number": number, "png": name, "kind": post.slides[number - 1].kind,
                       "warnings": [asdict(w) for w in warnings if w.slide == number]})
    if post.caption:
        text = caption.to_text(post.caption)
        files["caption.txt"] = text
        if caption.length(text) > caption.LINKEDIN_MAX:
            warnings.append(SlideWarning(None, None, "warning", "caption",
                                         f"caption is {caption.length(text)} characters; LinkedIn takes "
                                         f"{caption.LINKEDIN_MAX}"))
    files["alt.json"] = alt.alt_json(list(prep.texts), [s["png"] for s in slides])
    files["contact-sheet.png"] = deck.sheet or contact_sheet(deck.pdf, warnings)
    if zip_pngs:
        files[f"{post.slug}-png.zip"] = png_zip({s["png"]: files[s["png"]] for s in slides})
    title = Markup(markup.convert("inline", post.title)).striptags()
    page = page_size(post.format)
    summary = {"title": title, "slug": post.slug, "slides": len(slides), "source": prep.shown,
               "cover": slides[0]["png"] if slides else None, "warnings": [asdict(w) for w in warnings],
               "variant": prep.variant, "lang": post.lang, "format": post.format, "theme": post.theme, **page}
    files["index.html"] = post_page(layers, summary, slides)
    files["post.json"] = json.dumps(summary, ensure_ascii=False, indent=1)
    return files, tuple(warnings)


def png_zip(pngs: dict[str, bytes]) -> bytes:
    """The slide PNGs in one zip, stored (PNGs are compressed already), with fixed dates: same input, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(pngs):
            info = zipfile.ZipInfo(name.rsplit("/", 1)[-1], date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, pngs[name])
    return buffer.getvalue()
