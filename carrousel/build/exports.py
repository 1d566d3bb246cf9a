"""The exports of a post beyond its PDF and PNGs (JPEG, GIF, MP4, PowerPoint), from the cache or encoded.

Which exports a build writes comes from, in order: --export, --platform (the exports that fit it), the post's
or carrousel.yaml's `export:`, then pdf and png. Each export is cached like a PNG, by a key made of the PNGs'
keys and what else changes its bytes (durations, quality, crossfade, title…): a post whose slides did not change
is not encoded again.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass, field

from carrousel.build.cache import digest
from carrousel.errors import CarrouselError
from carrousel.load.settings import DEFAULT_EXPORTS

ENCODED = ("jpg", "gif", "mp4", "pptx")  # carrousel.export's; pdf, png and zip are the build's own
# The longest video any platform plays (LinkedIn, TikTok: 10 min); past it, encoding is only time lost (a 100-slide
# post of 60 s slides would take x264 over ten minutes).
MAX_VIDEO_SECONDS = 600


@dataclass(frozen=True)
class Encoded:
    """The export files of a post (relative path -> bytes), notes to show as warnings, and what took time."""

    files: dict = field(default_factory=dict)
    notes: tuple = ()  # e.g. what the GIF gave up to stay under its size limit
    encoded: tuple = ()  # (export, seconds) for each export encoded now rather than taken from the cache


FROM_PNGS = ("png", "jpg", "gif", "mp4", "pptx", "zip")  # the exports made from the slides' PNGs


def asked(options, post) -> tuple[str, ...]:
    """The exports asked for (--export, --platform, the post's or carrousel.yaml's `export:`, else pdf and png),
    before png is added for the preview."""
    if options.exports is not None:
        names = options.exports
    elif options.platform is not None:
        from carrousel.export.platforms import for_build

        names = for_build(options.platform, len(post.slides)).exports
    else:
        names = post.export or DEFAULT_EXPORTS
    return tuple({*names, *(("zip",) if options.zip_pngs else ())})


def needs_pngs(names) -> bool:
    """Whether any of these exports is made from the slides' PNGs."""
    return any(name in FROM_PNGS for name in names)


def chosen(options, post) -> tuple[str, ...]:
    """The exports a build of this post writes, in the order of carrousel's list; png always (the preview shows
    it, and every other export is made from it). A video longer than any platform plays is refused now, before
    anything is rendered."""
    from carrousel.load.settings import EXPORTS

    names = {*asked(options, post), "png"}
    if "mp4" in names:
        from carrousel.export.frames import durations

        seconds = sum(durations(slide.duration for slide in post.slides))
        if seconds > MAX_VIDEO_SECONDS:
            raise CarrouselError(f"the video would last {seconds:g} s; no platform plays more than "
                                 f"{MAX_VIDEO_SECONDS} s", field="export",
                                 hint="shorten the slides' durations, or leave mp4 out of the exports")
    return tuple(name for name in EXPORTS if name in names)


def encode_all(prep, pngs, options, cache) -> Encoded:
    """Every chosen export of a rendered post beyond pdf and png: taken from the cache, or encoded and stored."""
    wanted = [name for name in ENCODED if name in prep.exports]
    if not wanted:
        return Encoded()
    from markupsafe import Markup
    from PIL import Image

    from carrousel import export
    from carrousel.export import jpg
    from carrousel.export.frames import durations
    from carrousel.html import markup

    # The title and author as plain text, as the PDF's metadata has them.
    title, author = (str(Markup(markup.convert("inline", text)).striptags()) if text else ""
                     for text in (prep.post.title, prep.post.author.get("name")))
    with Image.open(io.BytesIO(pngs[0])) as first:
        width, height = first.size
    seconds = durations(slide.duration for slide in prep.post.slides)
    texts = [text["text"] for text in prep.texts]
    slides = [export.Slide(png, width, height, duration, alt=text, notes=text)
              for png, duration, text in zip(pngs, seconds, texts)]
    meta = export.Meta(title, prep.post.slug, author, prep.post.lang)
    quality = jpg.DEFAULT_QUALITY if options.jpg_quality is None else options.jpg_quality
    crossfade = options.crossfade
    if crossfade is None and "mp4" in wanted:  # PyAV is imported only for a video (it takes ~0.15 s)
        from carrousel.export.mp4 import DEFAULT_CROSSFADE as crossfade
    # What besides the slides' pixels changes each export's bytes.
    extra = {"gif": [repr(seconds)], "mp4": [repr(seconds), repr(crossfade), title, author],
             "pptx": [title, author, prep.post.lang, json.dumps(texts)]}
    files, notes, encoded = {}, [], []
    for name in wanted:
        start = time.perf_counter()
        try:
            if name == "jpg":
                made, fresh = jpegs(slides, prep.png_keys, quality, cache)
            else:
                key = digest(name, *prep.png_keys, *extra[name])
                made, fresh = one_file(name, slides, meta, key, cache, crossfade, notes)
        except CarrouselError as err:
            raise err.at(file=prep.shown, field="export")
        files.update(made)
        if fresh:
            encoded.append((name, time.perf_counter() - start))
    return Encoded(files, tuple(notes), tuple(encoded))


def jpegs(slides, png_keys, quality: int, cache) -> tuple[dict, bool]:
    """The JPEGs, each from the cache when it has it, and whether any had to be encoded."""
    from carrousel.export import jpg

    files, fresh = {}, False
    for number, (slide, png_key) in enumerate(zip(slides, png_keys), 1):
        key = digest("jpg", png_key, str(quality))
        data = cache.get(key, ".jpg")
        if data is None:
            data, fresh = jpg.encode(slide, quality), True
            cache.put(key, ".jpg", data)
        files[f"jpg/{number:02d}.jpg"] = data
    return files, fresh


def one_file(name: str, slides, meta, key: str, cache, crossfade: float, notes: list) -> tuple[dict, bool]:
    """A one-file export (gif, mp4, pptx) from the cache, or encoded and stored; and whether it was encoded.
    Its notes (what the GIF gave up to fit) are said each time, from the cache too."""
    from carrousel import export

    data, said = cache.get(key, f".{name}"), cache.get(key, f".{name}.json")
    try:
        reasons = None if said is None else json.loads(said)
    except ValueError:
        reasons = None
    if data is not None and isinstance(reasons, list):
        notes.extend(reasons)
        return {f"{meta.slug}.{name}": data}, False
    mine: list[str] = []
    files = export.encode(name, slides, meta, crossfade=crossfade, notes=mine)
    (data,) = files.values()
    cache.put(key, f".{name}", data)
    cache.put(key, f".{name}.json", json.dumps(mine).encode())
    notes.extend(mine)
    return files, True
