"""Exports of a built post beyond the PDF and PNGs: JPEG, GIF, MP4 and PowerPoint, plus platform profiles.

`encode(name, slides, meta)` turns rendered slides into the files of one export, as relative output paths ->
bytes. It touches no disk: the build decides where and whether to write.
"""

from __future__ import annotations

from carrousel.errors import CarrouselError, choices_hint
from carrousel.export import jpg
from carrousel.export.frames import DEFAULT_DURATION, Meta, Slide
from carrousel.load.settings import EXPORTS

ENCODED = ("jpg", "gif", "mp4", "pptx")  # pdf, png and zip are produced by the build itself

__all__ = ["DEFAULT_DURATION", "ENCODED", "EXPORTS", "Meta", "Slide", "encode"]


def encode(name: str, slides: list[Slide], meta: Meta, *, quality: int = jpg.DEFAULT_QUALITY,
           crossfade: float | None = None, gif_max_bytes: int | None = None,
           notes: list[str] | None = None) -> dict[str, bytes]:
    """The files of one export (jpg, gif, mp4 or pptx) as relative path -> bytes; GIF reductions go to notes."""
    if name not in ENCODED:
        if name in EXPORTS:
            raise CarrouselError(f"'{name}' is written by the build, not by the export encoders")
        raise CarrouselError(f"unknown export '{name}'", field="export", hint=choices_hint(name, EXPORTS))
    if name == "jpg":
        return {f"jpg/{number:02d}.jpg": jpg.encode(slide, quality) for number, slide in enumerate(slides, 1)}
    # Imported here: PyAV and python-pptx take ~0.15 s to load, which a build without these exports need not pay.
    if name == "gif":
        from carrousel.export import gif

        result = gif.encode(slides, gif.MAX_BYTES if gif_max_bytes is None else gif_max_bytes)
        if notes is not None:
            notes.extend(result.notes)
        return {f"{meta.slug}.gif": result.data}
    if name == "mp4":
        from carrousel.export import mp4

        return {f"{meta.slug}.mp4": mp4.encode(slides, mp4.DEFAULT_CROSSFADE if crossfade is None else crossfade,
                                               meta)}
    from carrousel.export import pptx

    return {f"{meta.slug}.pptx": pptx.encode(slides, meta)}
