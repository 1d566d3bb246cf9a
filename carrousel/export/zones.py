"""Safe zones: where a platform's interface covers a slide, and which text boxes sit under it.

Rectangles are fractions of the slide (x, y, width, height from the top left). Full-screen players (TikTok,
Instagram Reels and Stories) draw their interface on a 9:16 phone screen: their zones are given on that screen
and mapped onto the slide as the player shows it (fitted whole, centred). Values follow the platforms' own
guidance where there is one and the overlay templates commonly published in 2025–2026 otherwise, taking the
largest of the published values: a zone that is too big only warns early.
"""

from __future__ import annotations

from dataclasses import dataclass

from carrousel.export.platforms import profile

SCREEN = 9 / 16  # width/height of the phone screen the full-screen players fill
# A box counts as covered once it reaches 8 px into a zone both ways: less is the line's own spacing above and
# below the glyphs (a third of the 24 px smallest text), where a zone's edge hides nothing.
MIN_DEPTH = 8
GRID = 3 / 4  # Instagram's profile grid shows every post as a 3:4 tile since January 2025


@dataclass(frozen=True)
class Zone:
    """A part of the slide the platform covers, with what covers it; cover_only: only on the first slide."""

    label: str
    x: float
    y: float
    w: float
    h: float
    cover_only: bool = False


@dataclass(frozen=True)
class Hit:
    """A text box under a zone: its index among the boxes given, the zone, and the share of the box covered."""

    box: int
    zone: Zone
    share: float


# TikTok on a 1080×1920 screen. The 2026 overlay guides (after TikTok's ads safe-zone files) put the
# "Following / For you" tabs and search in the top 130–250 px, the caption, username and sound in the bottom
# 320–484 px and the like / comment / save / share column in the right 120–180 px, from about a third of the
# height down: the largest figure of each is kept.
TIKTOK_SCREEN = (
    Zone("TikTok tabs and search", 0, 0, 1, 250 / 1920),
    Zone("TikTok like, comment, save and share buttons", 1 - 180 / 1080, 0.35, 180 / 1080, 0.65),
    Zone("TikTok caption, username and sound", 0, 1 - 484 / 1920, 1, 484 / 1920),
)
# Instagram Reels (and Stories, whose bars are smaller) on a 1080×1920 screen. Meta's Reels ad guidance: keep
# the top 14%, the bottom 35% and 6% of each side free; the button column is ~120–150 px wide (150 kept) and
# starts near the middle of the screen.
REELS_SCREEN = (
    Zone("Reels header and camera button", 0, 0, 1, 0.14),
    Zone("Reels like, comment and share buttons", 1 - 150 / 1080, 0.40, 150 / 1080, 0.60),
    Zone("Reels caption, username and audio", 0, 0.65, 1, 0.35),
)
# LinkedIn's document viewer on the slide itself (the viewer is sized to the page). Not documented by LinkedIn:
# the 2026 mobile layout lays the document's title bar over the top of the first page, and the page counter
# with its controls sits over the bottom edge (~40 px of a ~690 px high page on desktop: 6%). Conservative.
LINKEDIN = (
    Zone("LinkedIn document title bar", 0, 0, 1, 0.08, cover_only=True),
    Zone("LinkedIn page counter and viewer controls", 0, 0.94, 1, 0.06),
)


def on_slide(screen_zones: tuple[Zone, ...], width: int, height: int) -> tuple[Zone, ...]:
    """Zones given on a 9:16 screen, as fractions of a slide the player fits whole and centres on it."""
    ratio = width / height
    # The slide's rectangle on the screen, in screen fractions.
    shown_w, shown_h = (1.0, SCREEN / ratio) if ratio >= SCREEN else (ratio / SCREEN, 1.0)
    left, top = (1 - shown_w) / 2, (1 - shown_h) / 2
    zones = []
    for zone in screen_zones:
        x0, x1 = max(0.0, (zone.x - left) / shown_w), min(1.0, (zone.x + zone.w - left) / shown_w)
        y0, y1 = max(0.0, (zone.y - top) / shown_h), min(1.0, (zone.y + zone.h - top) / shown_h)
        if x1 > x0 and y1 > y0:  # a zone over the bars around a wide slide covers nothing of it
            zones.append(Zone(zone.label, x0, y0, x1 - x0, y1 - y0, zone.cover_only))
    return tuple(zones)


def grid_crop(width: int, height: int) -> tuple[Zone, ...]:
    """The strips of a cover that Instagram's 3:4 profile grid cuts off (1080×1350: 34 px each side)."""
    ratio = width / height
    label = "Instagram profile grid crop (3:4)"
    if ratio > GRID + 1e-3:
        side = (1 - GRID / ratio) / 2
        return Zone(label, 0, 0, side, 1, True), Zone(label, 1 - side, 0, side, 1, True)
    if ratio < GRID - 1e-3:
        band = (1 - ratio / GRID) / 2
        return Zone(label, 0, 0, 1, band, True), Zone(label, 0, 1 - band, 1, band, True)
    return ()


def zones(platform: str, width: int, height: int) -> tuple[Zone, ...]:
    """Where a platform's interface covers slides of this size (none for X, Mastodon, Bluesky, Threads)."""
    name = profile(platform).name
    if name == "tiktok":
        return on_slide(TIKTOK_SCREEN, width, height)
    if name.startswith("instagram"):
        # A 9:16 post is a Reel or a Story, played full screen under the Reels interface; any other shape is a
        # feed post, where only the grid crop of the cover hides anything for long.
        full_screen = on_slide(REELS_SCREEN, width, height) if width / height < 0.6 else ()
        return full_screen + grid_crop(width, height)
    if name == "linkedin":
        return LINKEDIN
    return ()


def covered(platform: str, boxes, width: int, height: int, cover: bool = False) -> list[Hit]:
    """Which text boxes (x, y, w, h in px) of a slide of this size sit under the platform's zones."""
    hits = []
    for zone in zones(platform, width, height):
        if zone.cover_only and not cover:
            continue
        zx, zy, zw, zh = zone.x * width, zone.y * height, zone.w * width, zone.h * height
        for index, (x, y, w, h) in enumerate(boxes):
            overlap_w = min(x + w, zx + zw) - max(x, zx)
            overlap_h = min(y + h, zy + zh) - max(y, zy)
            if overlap_w >= min(MIN_DEPTH, w) > 0 and overlap_h >= min(MIN_DEPTH, h) > 0:
                hits.append(Hit(index, zone, overlap_w * overlap_h / (w * h)))
    return hits
