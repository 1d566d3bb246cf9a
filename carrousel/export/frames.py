"""What the encoders take: rendered slides (PNG bytes plus timing and text) and the post's metadata."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageCms

from carrousel.errors import CarrouselError
from carrousel.load.settings import DURATIONS

DEFAULT_DURATION = 3.0  # seconds a slide stays on screen in a GIF or a video


@dataclass(frozen=True)
class Slide:
    """One rendered slide: its PNG, its size in px, how long it shows, its alt text and its speaker notes."""

    png: bytes
    width: int
    height: int
    duration: float = DEFAULT_DURATION
    alt: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Meta:
    """The post's own facts, written into file metadata and names."""

    title: str
    slug: str
    author: str = ""
    lang: str = ""


def durations(given) -> list[float]:
    """Each slide's seconds on screen: its own `duration:` (None when not given), or the default."""
    return [DEFAULT_DURATION if seconds is None else seconds for seconds in given]


def image(slide: Slide) -> Image.Image:
    """Decode a slide's PNG into an opaque sRGB image of the slide's size."""
    with Image.open(io.BytesIO(slide.png)) as source:
        source.load()
        icc = source.info.get("icc_profile")
        picture = source.convert("RGBA" if source.has_transparency_data else "RGB")
    if picture.size != (slide.width, slide.height):
        raise CarrouselError(f"the slide's PNG is {picture.width}×{picture.height} px but the slide is "
                             f"{slide.width}×{slide.height}", hint="render the PNGs again")
    if icc:  # a tagged image in another space (Display P3…) is converted: the exports are untagged, i.e. sRGB
        try:
            picture = ImageCms.profileToProfile(picture, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                                ImageCms.createProfile("sRGB"), outputMode=picture.mode)
        except ImageCms.PyCMSError:  # a broken or greyscale profile: its pixels are taken as sRGB, as browsers do
            pass
    if picture.mode == "RGBA":
        # Transparency becomes white, as PDF viewers show it: transparent PNGs turned blank once flattened by a
        # LinkedIn scheduler (issue 16). carrousel's own slides are opaque, so this changes nothing for them.
        flat = Image.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    picture.info = {}  # no profile, EXIF or text chunk is carried on into an export
    return picture


def check(slides, what: str) -> tuple[int, int]:
    """The one size shared by all slides, after checking there is at least one and every duration is usable."""
    if not slides:
        raise CarrouselError(f"a {what} needs at least one slide", hint="the post has no slides")
    for number, slide in enumerate(slides, 1):
        seconds = slide.duration
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) \
                or not DURATIONS[0] <= seconds <= DURATIONS[1]:
            raise CarrouselError(f"duration must be from {DURATIONS[0]:g} to {DURATIONS[1]:g} seconds, not "
                                 f"{seconds!r}", slide=number, field="duration", hint="for example duration: 3")
        if (slide.width, slide.height) != (slides[0].width, slides[0].height):
            raise CarrouselError(f"a {what} needs one size for every slide: this one is {slide.width}×{slide.height}, "
                                 f"slide 1 is {slides[0].width}×{slides[0].height}", slide=number,
                                 hint="give every slide the same format")
    return slides[0].width, slides[0].height
