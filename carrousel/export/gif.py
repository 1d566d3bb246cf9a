"""Animated GIF export: every slide for its duration, looping forever, kept under X's 15 MB."""

from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction

import av
from PIL import Image

from carrousel.errors import CarrouselError
from carrousel.export import platforms
from carrousel.export.frames import Slide, check, image

MAX_BYTES = platforms.PROFILES["x"].max_bytes["gif"]
# What is given up, step by step, while the GIF is too big: (scale, colours, dithering). Measured on the reference
# post: dithering off saves 42% (its noise defeats GIF's compression; gradients band a little), halving the
# colours 8% more without dithering (16% on photos, but with dithering it saves nothing), then size, which
# softens text, last.
STEPS = ((1.0, 256, True), (1.0, 256, False), (1.0, 128, False), (1.0, 64, False), (0.75, 64, False),
         (0.5, 64, False), (0.5, 32, False))


@dataclass(frozen=True)
class Gif:
    """An encoded GIF, its size in px and colours, and one line per reduction applied to fit the limit."""

    data: bytes
    width: int
    height: int
    colours: int
    notes: tuple[str, ...] = ()


def palette(images: list[Image.Image], colours: int) -> Image.Image:
    """One palette for all the images, chosen by FFmpeg's palettegen; an empty "P" image carrying it."""
    # Pillow's median cut counts pixels, so the dark background takes the palette and small coloured text (the
    # purple and red of highlighted code) turns grey; palettegen keeps those hues.
    graph = av.filter.Graph()
    source = graph.add_buffer(width=images[0].width, height=images[0].height, format="rgb24",
                              time_base=Fraction(1, 100))
    chooser = graph.add("palettegen", f"max_colors={colours}:stats_mode=full:reserve_transparent=0")
    sink = graph.add("buffersink")
    source.link_to(chooser)
    chooser.link_to(sink)
    graph.configure()
    for number, picture in enumerate(images):
        frame = av.VideoFrame.from_image(picture)
        frame.pts = number
        source.push(frame)
    source.push(None)
    colours_image = graph.pull().to_image()  # 16×16 px, one pixel per entry, padded past `colours`
    carrier = Image.new("P", (1, 1))
    # Only `colours` entries: the GIF's colour table, and the bits per pixel its compression works with, shrink.
    carrier.putpalette(colours_image.tobytes()[:3 * colours])
    return carrier


def render(images: list[Image.Image], durations: list[float], colours: int, dither: bool = True) -> bytes:
    """The images as one looping GIF with a shared palette, each shown for its duration."""
    carrier = palette(images, colours)
    # Floyd–Steinberg dithering: without it the themes' soft gradients band.
    method = Image.Dither.FLOYDSTEINBERG if dither else Image.Dither.NONE
    frames = [picture.quantize(palette=carrier, dither=method) for picture in images]
    out = io.BytesIO()
    # GIF delays are in hundredths of a second; Pillow takes milliseconds.
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=0,
                   duration=[round(seconds * 100) * 10 for seconds in durations])
    return out.getvalue()


def encode(slides: list[Slide], max_bytes: int = MAX_BYTES) -> Gif:
    """The slides as an animated GIF under max_bytes, giving up dithering, colours then size as needed."""
    width, height = check(slides, "GIF")
    originals = [image(slide) for slide in slides]
    durations = [slide.duration for slide in slides]
    for scale, colours, dither in STEPS:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        images = originals if scale == 1 else [p.resize(size, Image.Resampling.LANCZOS) for p in originals]
        data = render(images, durations, colours, dither)
        if len(data) <= max_bytes:
            return Gif(data, *size, colours, reductions(size, (width, height), colours, dither, max_bytes))
    raise CarrouselError(f"the GIF is {megabytes(len(data))} even at {size[0]}×{size[1]} px and {colours} colours, "
                         f"over the {megabytes(max_bytes)} limit", hint="use --export mp4, or fewer slides")


def reductions(size, full, colours: int, dither: bool, max_bytes: int) -> tuple[str, ...]:
    """What was given up to fit, one line each (none when nothing was)."""
    limit = f"to stay under {megabytes(max_bytes)}"
    notes = []
    if not dither:
        notes.append(f"GIF made without dithering (soft gradients may show bands) {limit}")
    if colours < STEPS[0][1]:
        notes.append(f"GIF reduced to {colours} colours {limit}")
    if size != full:
        notes.append(f"GIF reduced to {size[0]}×{size[1]} px (from {full[0]}×{full[1]}) {limit}")
    return tuple(notes)


def megabytes(count: int) -> str:
    """A byte count for people, in MB (10^6 bytes, as the platforms count) or KB below 0.1 MB."""
    return f"{count / 1e6:.3g} MB" if count >= 100_000 else f"{count / 1e3:.3g} KB"
