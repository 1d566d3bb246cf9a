"""Preflight against any platform's profile: rows for `check --platform NAME`, with what to do when over.

Each platform gives rows for what it limits: how many slides one post carries, the slides' shape, the bytes of
each file, the video's length, alt text and the text under its interface (safe zones). LinkedIn and Instagram
keep their own detailed rows (preflight.py); a profile finding on the same measure joins that row.
"""

from __future__ import annotations

import io
import json

from carrousel.checks import preflight, safezones
from carrousel.checks.preflight import Row
from carrousel.export import platforms
from carrousel.export.frames import durations
from carrousel.export.zones import zones

ONE_FILE = ("pdf", "gif", "mp4", "pptx")  # exports written as <slug>.<name>
# Profile checks whose finding joins a row of preflight.py (platform -> check -> that row's name).
JOINS = {"linkedin": {"items": "pages"}, "instagram": {"items": "images", "shape": "aspect ratio"}}
# Files already measured by a row of preflight.py, left out of the profile's size row.
SIZED = {"linkedin": ("pdf",), "instagram": ("png",)}


def facts(built) -> platforms.Facts:
    """What a built post is, as the profiles measure it: slides, image size, bytes per export, alt, seconds."""
    from PIL import Image

    files = {}
    for name in ("pdf", "png", "jpg", "gif", "mp4", "pptx"):
        if name in ONE_FILE:
            found = [built.files.get(f"{built.post.slug}.{name}")]
        else:
            found = [data for rel, data in sorted(built.files.items()) if rel.startswith(f"{name}/")]
        if any(data is not None for data in found):
            files[name] = tuple(len(data) for data in found if data is not None)
    with Image.open(io.BytesIO(built.files["png/01.png"])) as cover:
        width, height = cover.size
    alt = tuple(len(entry["alt"]) for entry in json.loads(built.files["alt.json"]))
    seconds = sum(durations(slide.duration for slide in built.post.slides))
    return platforms.Facts(len(built.post.slides), width, height, files, alt, seconds)


def run(built, names) -> list[Row]:
    """Every check on a built post for these platforms, then text and fit (built with allow_overflow)."""
    measured = facts(built)
    rows = []
    for name in names:
        rows += platform_rows(built, name, measured)
    return rows + preflight.text(built) + preflight.fitting(built)


def platform_rows(built, name: str, measured: platforms.Facts) -> list[Row]:
    """One platform's rows: its detailed rows (LinkedIn, Instagram) joined by the profile's, or the profile's."""
    chosen = platforms.profile(name)
    own = []
    if name == "linkedin" and "pdf" in measured.files:
        own = preflight.linkedin(built)
    elif name == "instagram":
        own = preflight.instagram(built)
    by_check = {row.check: row for row in own}
    rows = list(own)
    for row in profile_rows(chosen, measured, exclude=SIZED.get(name, ()) if own else ()):
        joined = by_check.get(JOINS.get(name, {}).get(row.check))
        if joined is None:
            rows.append(row)
        elif row.status != "ok":
            joined.details += row.details
            joined.status = max(joined.status, row.status, key=("ok", "warn", "error").index)
    return rows + zone_rows(built, chosen)


def profile_rows(chosen: platforms.Profile, measured: platforms.Facts, exclude=()) -> list[Row]:
    """The profile's rows: items, shape, file sizes, then video length and alt text when they apply."""
    label = chosen.label
    rows = [
        row(label, "items", platforms.count(chosen, measured), f"{measured.slides} slides",
            ", ".join(f"{name} ≤ {chosen.items[name]}" if name in chosen.items else f"{name} any"
                      for name in chosen.exports)),
        row(label, "shape", platforms.shape(chosen, measured),
            f"{measured.width}×{measured.height} ({measured.width / measured.height:.2f})",
            (f"{chosen.aspect[0]:.2f} to {chosen.aspect[1]:.2f}; " if chosen.aspect else "")
            + "best {}×{}".format(*chosen.size)),
    ]
    taken = {name: sizes for name, sizes in measured.files.items()
             if name in chosen.max_bytes and name not in exclude}
    if taken:
        largest = max((size, name) for name, sizes in taken.items() for size in sizes)
        sized = platforms.Facts(measured.slides, measured.width, measured.height, taken)
        rows.append(row(label, "file size", platforms.sizes(chosen, sized), f"largest {megabytes(largest[0])} "
                        f"({largest[1]})", ", ".join(f"{name} ≤ {megabytes(chosen.max_bytes[name])}"
                                                     for name in taken)))
    if "mp4" in measured.files and chosen.video_seconds:
        rows.append(row(label, "video length", platforms.length(chosen, measured), f"{measured.seconds:g} s",
                        f"≤ {chosen.video_seconds:g} s"))
    carried = platforms.carriers(chosen, measured)
    if chosen.alt and carried and carried[0] in platforms.IMAGES:
        given = sum(1 for chars in measured.alt if chars)
        rows.append(row(label, "alt text", platforms.alt_text(chosen, measured),
                        f"{given}/{measured.slides} slides",
                        "every image" + (f", ≤ {chosen.alt_chars:,} characters" if chosen.alt_chars else "")))
    return rows


def zone_rows(built, chosen: platforms.Profile) -> list[Row]:
    """Slide text under the platform's interface (a warning), for platforms whose interface covers slides."""
    from carrousel.html.document import page_size

    page = page_size(built.post.format)
    if not zones(chosen.name, page["width"], page["height"]):
        return []
    hits = safezones.covered_text(chosen.name, built.deck.reports, page["width"], page["height"])
    slides = sorted({hit.slide for hit in hits})
    return [Row(chosen.label, "safe zones", "warn" if hits else "ok",
                preflight.slides_label(slides) if slides else "clear", "slide text outside the interface",
                [f"slide {hit.slide}: {hit.describe()}: move it, or shorten the slide" for hit in hits])]


def row(label: str, check: str, findings: list, value: str, limit: str) -> Row:
    """A row from a profile check's findings: its worst level, each finding with what to do."""
    levels = {finding.level for finding in findings}
    status = "error" if "error" in levels else "warn" if levels else "ok"
    return Row(label, check, status, value, limit, [f"{finding.message}: {finding.fix}" for finding in findings])


def megabytes(count: int) -> str:
    """Bytes as the platforms count them: MB of 10^6 bytes, or KB."""
    return f"{count / platforms.MB:.3g} MB" if count >= platforms.MB else f"{max(1, round(count / 1000))} KB"
