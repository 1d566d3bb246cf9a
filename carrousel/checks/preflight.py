"""Preflight: a built post against LinkedIn's and Instagram's documented limits, and legibility rules.

Each check gives one row: status (ok / warn / error), what was measured, the
limit, and details naming slides. Sources for the limits: LinkedIn's help on
document posts (PDF up to 100 MB and 300 pages; commentary up to 3,000
characters) and Instagram's on carousels (up to 20 images, aspect ratio from
4:5 to 1.91:1, JPEG/PNG up to 8 MB each).
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field

from carrousel.checks import contrast
from carrousel.outputs import caption

MB = 1024 * 1024
LINKEDIN = {"pdf_bytes": 100 * MB, "pdf_warn_bytes": 10 * MB, "pages": 300, "warn_slides": 20,
            "caption": caption.LINKEDIN_MAX}
INSTAGRAM = {"images": 20, "min_aspect": 4 / 5, "max_aspect": 1.91, "image_bytes": 8 * MB}
PLATFORMS = ("linkedin", "instagram")


@dataclass
class Row:
    """One line of the preflight table."""

    area: str  # LinkedIn, Instagram, Text, Fit
    check: str
    status: str  # ok, warn, error
    value: str
    limit: str
    details: list = field(default_factory=list)  # one line each, naming the slide


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{max(1, round(n / 1024))} KB"


def slides_label(numbers) -> str:
    """`slide 3`, `slides 1–20`, `slides 1, 3, 5–7`."""
    numbers = sorted(set(numbers))
    runs, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            runs.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return ("slide " if len(numbers) == 1 else "slides ") + ", ".join(runs)


def _status(error: bool, warn: bool = False) -> str:
    return "error" if error else "warn" if warn else "ok"


def linkedin(built) -> list[Row]:
    """PDF size, page count, one page size, title metadata, caption length."""
    import pypdfium2 as pdfium

    data = built.files[f"{built.post.slug}.pdf"]
    pdf = pdfium.PdfDocument(data)
    try:
        sizes = [tuple(round(v, 1) for v in page.get_size()) for page in pdf]
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
    finally:
        pdf.close()
    rows = [
        Row("LinkedIn", "PDF size", _status(len(data) > LINKEDIN["pdf_bytes"], len(data) > LINKEDIN["pdf_warn_bytes"]),
            _size(len(data)), "≤ 100 MB (warn > 10 MB)"),
        Row("LinkedIn", "pages", _status(len(sizes) > LINKEDIN["pages"], len(sizes) > LINKEDIN["warn_slides"]),
            str(len(sizes)), "≤ 300 (warn > 20: readers drop off)"),
    ]
    distinct = sorted(set(sizes))
    rows.append(Row("LinkedIn", "same page size", _status(len(distinct) > 1),
                    " / ".join(f"{w:g}×{h:g} pt" for w, h in distinct) or "no pages", "one size for every page",
                    [f"page {n}: {w:g}×{h:g} pt" for n, (w, h) in enumerate(sizes, 1) if (w, h) != sizes[0]]))
    rows.append(Row("LinkedIn", "title metadata", _status(not title), f'"{title}"' if title else "missing",
                    "present (shown as the document's name)"))
    if built.post.caption:
        length = caption.length(built.files["caption.txt"])
        rows.append(Row("LinkedIn", "caption", _status(length > LINKEDIN["caption"]), f"{length:,} characters",
                        f"≤ {LINKEDIN['caption']:,}"))
    return rows


def instagram(built) -> list[Row]:
    """Image count, aspect ratio and size of each PNG."""
    from PIL import Image

    pngs = sorted(name for name in built.files if name.startswith("png/"))
    rows = [Row("Instagram", "images", _status(len(pngs) > INSTAGRAM["images"]), str(len(pngs)), "≤ 20")]
    ratios, too_big = {}, []
    for number, name in enumerate(pngs, 1):
        with Image.open(io.BytesIO(built.files[name])) as image:
            width, height = image.size
        ratios[number] = (width, height)
        if len(built.files[name]) > INSTAGRAM["image_bytes"]:
            too_big.append(f"slide {number}: {_size(len(built.files[name]))}")
    wrong: dict = {}
    for n, (w, h) in ratios.items():
        if not INSTAGRAM["min_aspect"] - 1e-3 <= w / h <= INSTAGRAM["max_aspect"] + 1e-3:
            wrong.setdefault(f"{w}×{h} ({w / h:.2f})", []).append(n)
    bad = [f"{slides_label(numbers)}: {shape}" for shape, numbers in wrong.items()]
    shapes = sorted({f"{w}×{h} ({w / h:.2f})" for w, h in ratios.values()})
    rows.append(Row("Instagram", "aspect ratio", _status(bool(bad)), ", ".join(shapes), "0.80 (4:5) to 1.91:1", bad))
    largest = max((len(built.files[n]) for n in pngs), default=0)
    rows.append(Row("Instagram", "image size", _status(bool(too_big)), f"largest {_size(largest)}", "≤ 8 MB each",
                    too_big))
    return rows


def text(built) -> list[Row]:
    """Contrast of every text colour on its background, missing glyphs, smallest text size."""
    rows = []
    pairs = contrast.merge(report.contrast for report in built.deck.reports)
    failing: dict = {}  # one line per text colour: its worst background, every slide it fails on
    for pair in pairs:
        if not pair.ok:
            worst_pair, slides = failing.setdefault((pair.colour, pair.required), (pair, set()))
            slides.update(pair.slides)
    worst = pairs[0] if pairs else None
    value = f"lowest {worst.ratio:.1f}:1 ({worst.colour} on {worst.background})" if worst else "no text"
    rows.append(Row("Text", "contrast", _status(bool(failing)), value, "≥ 4.5:1 (≥ 3:1 for large text)",
                    [f"{slides_label(slides)}: {p.colour} on {p.background} is {p.ratio:.2f}:1, "
                     f"needs {p.required:g}:1 (\"{p.sample}\")" for p, slides in failing.values()]))
    rows.append(glyph_row([], built.theme.fonts.values()))
    floor = built.theme.min_text_px
    fits = [report.fit for report in built.deck.reports]
    small = [s for s in fits if s.min_text < floor - 0.01]
    smallest = min((s.min_text for s in fits), default=0)
    rows.append(Row("Text", "smallest size", _status(bool(small)), f"{smallest:g} px", f"≥ {floor:g} px (theme floor)",
                    [f"slide {s.index + 1}: {s.min_text:.1f} px (\"{s.min_text_sample[:40]}\")" for s in small]))
    return rows


def glyph_row(gaps: list[dict], families) -> Row:
    """Characters none of the theme's fonts can draw (found before rendering)."""
    names = ", ".join(dict.fromkeys(families))
    return Row("Text", "glyphs", _status(bool(gaps)), f"{len(gaps)} missing" if gaps else "all drawable",
               f"in the theme's fonts ({names})", [f"slide {g['slide']}: '{g['char']}' {g['code']} {g['name']}"
                                                   for g in gaps])


def fitting(built) -> list[Row]:
    """Slides that were shrunk (warning) or still overflow (error)."""
    shrunk = [w for w in built.warnings if w.code == "shrunk"]
    over = [w for w in built.warnings if w.code == "overflow"]
    total = len(built.deck.reports)
    value = f"{total - len(over)}/{total} fit" + (f", {len(shrunk)} shrunk" if shrunk else "")
    return [Row("Fit", "nothing cut", _status(bool(over), bool(shrunk)), value, "every slide inside its safe area",
                [f"slide {w.slide} ({w.kind}): {w.message}" for w in over + shrunk])]


def run(built, platforms=PLATFORMS) -> list[Row]:
    """Every check on a built post (built with allow_overflow, so that overflow is reported, not raised)."""
    rows = []
    if "linkedin" in platforms:
        rows += linkedin(built)
    if "instagram" in platforms:
        rows += instagram(built)
    return rows + text(built) + fitting(built)


def as_dict(row: Row) -> dict:
    """A row for --json."""
    return asdict(row)
