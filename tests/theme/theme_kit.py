"""Posts in several scripts, their builds, and readers for what a build produces (PDF fonts and text, boxes, PNGs)."""

from __future__ import annotations

import ctypes
import io

from PIL import Image

from helpers import make_project

THEMES = ("terminal", "paper", "blueprint", "poster")

JAPANESE = "早すぎる最適化は諸悪の根源である。"
JAPANESE_LONG = "日本語の文章は単語の間に空白を入れないので、行の折り返しは文字と文字の間で起こります。「括弧」や句読点。"
ARABIC = "النص العربي يكتب من اليمين إلى اليسار"
HINDI = "समय से पहले अनुकूलन सभी बुराइयों की जड़ है।"
ENGLISH = "Maths and arrows from the pinned symbol font."
SYMBOLS = "Σ → ↓ ∑ ≤ ≠"

MIXED = f"""title: Every script
lang: en
theme: {{theme}}
author: {{{{name: Aiko Tanaka, handle: /in/aiko}}}}
slides:
  - kind: cover
    kicker: Unicode 101
    title: "{JAPANESE}"
    subtitle: "Knuth in Japanese, then in Arabic: {ARABIC}"
  - kind: list
    title: Four scripts, one slide
    items:
      - {{{{title: 日本語, text: "{JAPANESE_LONG}"}}}}
      - {{{{title: العربية, text: "{ARABIC}"}}}}
      - {{{{title: हिन्दी, text: "{HINDI}"}}}}
      - {{{{title: "{SYMBOLS}", text: "{ENGLISH}"}}}}
  - kind: code
    title: Code stays left to right
    language: python
    before: |
      msg = "مرحبا"  # 挨拶
    after: |
      print("नमस्ते")
  - kind: quote
    text: "{JAPANESE}"
    cite: Donald Knuth
"""

RTL = """title: خمسة أنماط يجب أن يعرفها كل مدير تقني
lang: ar
theme: {theme}
author: {{name: سارة أحمد, handle: /in/sara}}
slides:
  - kind: cover
    title: خمسة أنماط
    subtitle: معماريات تتوسع دون أن تنهك فريقك
  - kind: steps
    title: الانتقال دون توقف
    steps:
      - {{title: حدد السياقات, text: ارسم خريطة مجالاتك, tag: DDD}}
      - {{title: ابدأ بالقراءة, text: واجهات القراءة أولا}}
"""


def build(tmp_path_factory, name: str, text: str):
    """Build one post in a throwaway project, in this process: the Built (PDF, PNGs, laid-out deck)."""
    from carrousel.build.pipeline import build_post
    from carrousel.build.project import Project

    from types import SimpleNamespace

    from carrousel.build import deck
    from carrousel.build.cache import Cache
    from carrousel.build.pipeline import prepare

    root = make_project(tmp_path_factory.mktemp(name) / "project", {f"content/{name}.yaml": text})
    project = Project.at(root)
    built = build_post(root / "content" / f"{name}.yaml", project)
    # The laid-out slides (kept by the warm renderer: no second layout), as one document to walk.
    laid = [document for document, _ in deck.lay_out(prepare(root / "content" / f"{name}.yaml", project),
                                                        Cache(root, enabled=False, store=False))]
    document = laid[0].copy([doc.pages[0] for doc in laid])
    return SimpleNamespace(post=built.post, files=built.files, deck=built.deck, theme=built.theme,
                           fitted=SimpleNamespace(document=document))


def pdf_chars(pdf: bytes) -> list[list[tuple[str, str]]]:
    """Per page, each character of the PDF's text layer with the name of the font it is drawn in (subset tag
    dropped), as PDFium reads them."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    pages = []
    name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    for page in document:
        text = page.get_textpage()
        chars = []
        for index in range(text.count_chars()):
            raw.FPDFText_GetFontInfo(text, index, name, 256, ctypes.byref(flags))
            chars.append((chr(raw.FPDFText_GetUnicode(text, index)), name.value.decode().split("+", 1)[-1]))
        pages.append(chars)
    document.close()
    return pages


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text layer, as PDFium extracts it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    texts = [page.get_textpage().get_text_range() for page in document]
    document.close()
    return texts


def family_of(pdf_font: str, families) -> str | None:
    """The family a PDF font name ('Noto-Sans-CJK-JP-Bold') belongs to: the longest family name it starts with."""
    found = [f for f in families if pdf_font.startswith(f.replace(" ", "-"))]
    return max(found, key=len) if found else None


def boxes(built, page: int, css_class: str) -> list:
    """The laid-out boxes of the elements of a class on a page (0-based) of a built deck."""
    out, stack = [], [built.fitted.document.pages[page]._page_box]
    while stack:
        box = stack.pop()
        stack.extend(getattr(box, "children", None) or ())
        element = getattr(box, "element", None)
        if element is not None and css_class in (element.get("class") or "").split() and box not in out:
            if not any(parent.element is element for parent in out):
                out.append(box)
    return out


def png(built, page: int) -> Image.Image:
    """A slide's PNG as an RGB image."""
    return Image.open(io.BytesIO(built.files[f"png/{page + 1:02d}.png"])).convert("RGB")




def font_runs(built) -> list[tuple[str, str]]:
    """(text, family) of every run of glyphs of a built deck, in the font Pango chose for it, as WeasyPrint's
    drawing reads it (each text's layout reactivated as it does): the font of each character known exactly,
    unlike from the PDF's text layer, which WeasyPrint 70 gets wrong for Arabic and Devanagari."""
    from weasyprint.formatting_structure.boxes import TextBox
    from weasyprint.text.ffi import ffi, pango

    out = []
    for page in built.fitted.document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", None) or ())
            if not isinstance(box, TextBox) or not box.text:
                continue
            box.pango_layout.reactivate(box.style)
            utf8 = box.pango_layout.text.encode()
            line, _ = box.pango_layout.get_first_line()
            run = line.runs[0]
            while run != ffi.NULL:
                item = run.data.item
                description = ffi.gc(pango.pango_font_describe_with_absolute_size(item.analysis.font), pango.pango_font_description_free)
                family = ffi.string(pango.pango_font_description_get_family(description)).decode()
                out.append((utf8[item.offset:item.offset + item.length].decode(), family))
                run = run.next
            box.pango_layout.deactivate()
    return out
