"""Images the renderer may load: allowed formats by content, bounded size, downscaled when oversized."""

from __future__ import annotations

import io
import re
import warnings

from carrousel.errors import CarrouselError
from carrousel.layout import svgcheck

# The format is decided by the bytes, never by the file name.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
MIME = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml"}
_KNOWN_OTHERS = ((b"%!PS", "PostScript/EPS"), (b"\xc5\xd0\xd3\xc6", "EPS"), (b"%PDF", "PDF"), (b"BM", "BMP"),
                 (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"<?xml", "XML"), (b"<!DOCTYPE html", "HTML"))
_SVG = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE svg[^>\[]*(?:\[.*?\])?\s*>\s*)?<svg[\s>]", re.S | re.I)
MAX_SIDE = 2 * 1350  # longest side kept: twice the slide's height is enough for a 2x PNG export
MAX_BYTES = 20_000_000


def sniff(data: bytes) -> str | None:
    """The image format of data (png, jpeg, gif, webp, svg), or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if _SVG.match(data[:4096]):
        return "svg"
    return None


def describe(data: bytes) -> str:
    """A short name for what data looks like, for error messages."""
    for magic, name in _KNOWN_OTHERS:
        if data.startswith(magic):
            return name
    return "unknown content"


def check(data: bytes, name: str) -> tuple[bytes, str]:
    """Checked image bytes and their MIME type; oversized rasters come back downscaled.

    Raises CarrouselError for another format, a decompression bomb or a broken file.
    """
    if len(data) > MAX_BYTES:
        raise CarrouselError(f"image '{name}' is {len(data) / 1e6:.0f} MB; at most {MAX_BYTES / 1e6:g} MB",
                             hint="export it smaller")
    kind = sniff(data)
    if kind is None:
        raise CarrouselError(f"'{name}' is not an allowed image ({describe(data)})",
                             hint="use PNG, JPEG, WebP, GIF or SVG (the content decides, not the extension)")
    if kind == "svg":
        if re.search(rb"<!ENTITY", data, re.I):
            raise CarrouselError(f"SVG '{name}' declares XML entities", hint="remove the <!ENTITY …> declarations")
        svgcheck.check(data, name)  # element count, <use> expansion, nesting, text: before anything is drawn
        return data, MIME[kind]
    return _raster(data, name, kind)


def _raster(data: bytes, name: str, kind: str) -> tuple[bytes, str]:
    from PIL import Image, ImageFile

    # WeasyPrint turns LOAD_TRUNCATED_IMAGES on for the whole process: a cut file would render half-grey.
    truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it: here both are errors.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            image.load()  # decode once: a broken or truncated file is an error here, not a blank in the PDF
            if max(width, height) <= MAX_SIDE:
                return data, MIME[kind]
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise CarrouselError(f"image '{name}' declares {_size(data)}: too many pixels (a decompression bomb?)",
                             hint=f"images are limited to {Image.MAX_IMAGE_PIXELS:,} pixels") from None
    except (OSError, ValueError, SyntaxError) as err:
        raise CarrouselError(f"image '{name}' cannot be read: {err}", hint="re-export it") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    buffer = io.BytesIO()
    if kind == "jpeg":
        image.convert("RGB").save(buffer, format="JPEG", quality=90)
        return buffer.getvalue(), MIME["jpeg"]
    image.save(buffer, format="PNG")
    return buffer.getvalue(), MIME["png"]


def _size(data: bytes) -> str:
    """The pixel size a PNG header declares, when it is a PNG (for the message)."""
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        return f"{int.from_bytes(data[16:20], 'big')}×{int.from_bytes(data[20:24], 'big')} px"
    return "a huge size"
