"""The files of a built post: PDF, PNGs, the other exports, caption.txt, alt.json, the contact sheet, the PNG zip,
the preview page."""

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


def post_files(layers, prep, deck, exported: dict | None = None, notes=(), more_warnings=()) -> tuple[dict, tuple]:
    """(relative path -> content, every warning of the post) for a prepared post and its rendered deck, with the
    exports encoded besides (relative path -> bytes), their notes and other warnings (safe zones) to show."""
    post = prep.post
    warnings = sorted([*deck.warnings, *more_warnings], key=lambda w: w.slide or 0)
    warnings += [SlideWarning(None, None, "warning", "export", note) for note in notes]
    files: dict = {f"{post.slug}.pdf": deck.pdf} if "pdf" in prep.exports else {}
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
    if deck.pngs:  # none when only the PDF was asked for (the service): no image to describe or show
        files["alt.json"] = alt.alt_json(list(prep.texts), [s["png"] for s in slides])
        # Drawn from the deck's own warnings: the same sheet whether the deck was rendered now or from the cache.
        files["contact-sheet.png"] = deck.sheet or contact_sheet(deck.pdf, deck.warnings)
    if "zip" in prep.exports:
        files[f"{post.slug}-png.zip"] = png_zip({s["png"]: files[s["png"]] for s in slides})
    files.update(exported or {})
    title = Markup(markup.convert("inline", post.title)).striptags()
    page = page_size(post.format)
    summary = {"title": title, "slug": post.slug, "slides": len(post.slides), "source": prep.shown,
               "cover": slides[0]["png"] if slides else None, "warnings": [asdict(w) for w in warnings],
               "variant": prep.variant, "lang": post.lang, "format": post.format, "theme": post.theme, **page}
    if deck.pngs:  # the preview shows the PNGs
        files["index.html"] = post_page(layers, summary, slides, downloads(files, post.slug),
                                        preview_zones(page["width"], page["height"]))
    files["post.json"] = json.dumps(summary, ensure_ascii=False, indent=1)
    return files, tuple(warnings)


def downloads(files: dict, slug: str) -> list[dict]:
    """The preview's download links, {label, href, current}: current names the per-slide folder (png, jpg) whose
    file for the slide on screen the link follows."""
    links = [(name.upper(), f"{slug}.{name}", None) for name in ("pdf", "pptx", "mp4", "gif")
             if f"{slug}.{name}" in files]
    links += [(name.upper(), f"{name}/01.{name}", name) for name in ("png", "jpg") if f"{name}/01.{name}" in files]
    links += [("ZIP", f"{slug}-png.zip", None)] if f"{slug}-png.zip" in files else []
    return [{"label": label, "href": href, "current": current} for label, href, current in links]


def preview_zones(width: int, height: int) -> list[dict]:
    """Each platform's safe zones on slides of this size, for the preview's overlay (platforms showing the same
    zones, such as Instagram's app and API, once)."""
    from carrousel.export.platforms import PROFILES
    from carrousel.export.zones import zones

    shown, seen = [], set()
    for name, profile in PROFILES.items():
        found = zones(name, width, height)
        if found and found not in seen:
            seen.add(found)
            shown.append({"name": name, "label": profile.label.split(" (")[0],
                          "zones": [asdict(zone) for zone in found]})
    return shown


def png_zip(pngs: dict[str, bytes]) -> bytes:
    """The slide PNGs in one zip, stored (PNGs are compressed already), with fixed dates: same input, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(pngs):
            info = zipfile.ZipInfo(name.rsplit("/", 1)[-1], date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, pngs[name])
    return buffer.getvalue()
