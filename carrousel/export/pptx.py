"""PowerPoint export: one slide per page at the page's shape, the rendered slide as a full-bleed picture."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pptx import Presentation
from pptx.util import Emu

from carrousel.export.frames import Meta, Slide, check

EMU_PER_PX = 9525  # 914,400 EMU per inch at 96 px per inch (CSS px): 1080×1350 px -> 11.25×14.0625 in
BLANK_LAYOUT = 6  # python-pptx's default template: "Blank", no placeholder to hide


def encode(slides: list[Slide], meta: Meta) -> bytes:
    """The slides as a .pptx: each a picture covering its slide, with alt text and the slide's text as notes."""
    width, height = check(slides, "presentation")
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(width * EMU_PER_PX), Emu(height * EMU_PER_PX)
    deck.element.sldSz.attrib.pop("type", None)  # the template says "screen4x3"; absent means custom
    for number, slide in enumerate(slides, 1):
        page = deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])
        picture = page.shapes.add_picture(io.BytesIO(slide.png), 0, 0, deck.slide_width, deck.slide_height)
        picture.name = f"Slide {number}"
        # Alt text is the picture's cNvPr descr, what PowerPoint's "Alt Text" pane edits; python-pptx has no
        # property for it.
        picture.element.nvPicPr.cNvPr.set("descr", slide.alt)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = slide.notes
    properties = deck.core_properties
    # The template's own values (its author, 2013 dates) would otherwise show in File > Info.
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.title, properties.author, properties.last_modified_by = meta.title, meta.author, meta.author
    properties.language, properties.created, properties.modified, properties.revision = meta.lang, now, now, 1
    properties.subject = properties.keywords = properties.comments = ""
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
