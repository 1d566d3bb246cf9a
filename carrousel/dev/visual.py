"""Compare slide pictures with a tolerance, the way matplotlib's compare_images does.

Pictures are downscaled to THUMB_WIDTH first: baselines stay small in the repo,
and sub-pixel anti-aliasing noise averages out. Two measures must both pass:
the RMS of the channel differences (0–255) and the share of pixels whose
largest channel difference exceeds PIXEL_THRESHOLD.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageStat

THUMB_WIDTH = 270
RMS_TOLERANCE = 2.5
CHANGED_TOLERANCE = 0.005  # share of pixels
PIXEL_THRESHOLD = 32  # a channel difference below this is anti-aliasing noise


@dataclass(frozen=True)
class Comparison:
    """The result of comparing an actual picture to its baseline."""

    rms: float
    changed: float  # share of pixels that changed beyond PIXEL_THRESHOLD
    same_size: bool
    rms_tolerance: float = RMS_TOLERANCE
    changed_tolerance: float = CHANGED_TOLERANCE

    @property
    def passed(self) -> bool:
        return self.same_size and self.rms <= self.rms_tolerance and self.changed <= self.changed_tolerance

    def describe(self) -> str:
        """One line: the measures against their tolerances."""
        if not self.same_size:
            return "size differs from the baseline"
        return (f"RMS {self.rms:.2f} (tolerance {self.rms_tolerance}), "
                f"{self.changed:.2%} of pixels changed (tolerance {self.changed_tolerance:.2%})")


def open_image(data: bytes | Image.Image) -> Image.Image:
    """PNG bytes or an image, as an RGB image."""
    image = data if isinstance(data, Image.Image) else Image.open(io.BytesIO(data))
    return image.convert("RGB")


def thumbnail(data: bytes | Image.Image, width: int = THUMB_WIDTH) -> Image.Image:
    """The picture downscaled to width (height keeps the ratio), RGB."""
    image = open_image(data)
    height = round(image.height * width / image.width)
    return image.resize((width, height), Image.LANCZOS)


def png_bytes(image: Image.Image) -> bytes:
    """An image as compact PNG bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def compare(expected: Image.Image, actual: Image.Image, rms_tolerance: float = RMS_TOLERANCE,
            changed_tolerance: float = CHANGED_TOLERANCE) -> Comparison:
    """Measure how far actual is from expected (both RGB, same size to pass)."""
    expected, actual = open_image(expected), open_image(actual)
    if expected.size != actual.size:
        return Comparison(float("inf"), 1.0, False, rms_tolerance, changed_tolerance)
    diff = ImageChops.difference(expected, actual)
    rms = sum(value ** 2 for value in ImageStat.Stat(diff).rms) / 3
    red, green, blue = diff.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    changed = sum(largest.histogram()[PIXEL_THRESHOLD + 1:]) / (diff.width * diff.height)
    return Comparison(rms ** 0.5, changed, True, rms_tolerance, changed_tolerance)


def diff_image(expected: Image.Image, actual: Image.Image) -> Image.Image:
    """Expected | actual | their difference amplified, side by side, for review."""
    expected, actual = open_image(expected), open_image(actual)
    width = max(expected.width, actual.width)
    height = max(expected.height, actual.height)
    if expected.size == actual.size:
        diff = ImageChops.difference(expected, actual).point(lambda v: min(255, v * 8))
    else:
        diff = Image.new("RGB", (width, height), "#ff00ff")
    sheet = Image.new("RGB", (width * 3 + 20, height), "#808080")
    for index, image in enumerate((expected, actual, diff)):
        sheet.paste(image, (index * (width + 10), 0))
    return sheet
