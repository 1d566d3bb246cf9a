"""JPEG export: one opaque sRGB JPEG per slide, for platforms and schedulers that want JPEG (Instagram's API)."""

from __future__ import annotations

import io

from carrousel.errors import CarrouselError
from carrousel.export.frames import Slide, image

DEFAULT_QUALITY = 90


def encode(slide: Slide, quality: int = DEFAULT_QUALITY) -> bytes:
    """A slide as baseline JPEG bytes: RGB, no alpha, no EXIF, no colour profile (so sRGB by convention)."""
    if not (isinstance(quality, int) and 1 <= quality <= 100):
        raise CarrouselError(f"JPEG quality must be a whole number from 1 to 100, not {quality!r}",
                             field="jpg_quality", hint="90 is the default; 80 halves the size")
    out = io.BytesIO()
    # Baseline (not progressive) decodes everywhere; optimize only shrinks the Huffman tables (lossless).
    # subsampling=0 keeps full colour resolution (4:4:4): 4:2:0 visibly smears red and purple code on dark
    # backgrounds, for about 20% more bytes on the reference post.
    image(slide).save(out, "JPEG", quality=quality, optimize=True, progressive=False, subsampling=0)
    return out.getvalue()
