"""The preview's safe-zone toggle in a real browser: each platform's zones are drawn where that platform's
interface covers the slide, cover-only zones on the first slide only; the download links follow the slide."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import expect

from carrousel.export.zones import zones

try:
    from helpers import make_project, run_cli
except ImportError:  # before the tests' reorganisation into tests/<stage>/ (helpers.py)
    from conftest import make_project, run_cli

CHROMIUM = os.environ.get("CARROUSEL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
POST = ("title: Zones\nslides:\n  - kind: cover\n    title: Under the bars\n"
        "  - kind: quote\n    text: A quote long enough to reach the right edge of the slide, where buttons sit.\n"
        "  - kind: end\n    title: Bye\n")
SIZE = (1080, 1350)


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    """The preview page of a three-slide post built with JPEGs too."""
    root = make_project(tmp_path_factory.mktemp("zones") / "project", {"content/zones.yaml": POST})
    result = run_cli(root, "--export", "pdf,png,jpg", "content/zones.yaml")
    assert result.returncode == 0, result.stderr
    return root / "output" / "zones" / "index.html"


@pytest.fixture(scope="module")
def page(preview):
    """The preview open in headless Chromium.

    Playwright's sync API allows one instance per thread at a time, and test_preview.py keeps its own open for
    the whole session: this module's is opened and closed before that one (pytest runs a folder's files in name
    order, hence this file's name)."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Chromium is missing: run scripts/setup.sh --test (installs Debian's chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(preview.as_uri())
        yield tab
        browser.close()


def shown_zones(page, platform: str) -> list[tuple]:
    """The visible zones of a platform as (label, x, y, w, h), fractions of the slide's image on screen."""
    frame = page.locator(".frame img").bounding_box()
    found = []
    for zone in page.locator(f".zone-set[data-platform='{platform}'] .zone").all():
        if zone.is_visible():
            box = zone.bounding_box()
            found.append((zone.get_attribute("title"), (box["x"] - frame["x"]) / frame["width"],
                          (box["y"] - frame["y"]) / frame["height"], box["width"] / frame["width"],
                          box["height"] / frame["height"]))
    return found


def expected(platform: str, cover: bool) -> list[tuple]:
    return [(z.label, z.x, z.y, z.w, z.h) for z in zones(platform, *SIZE) if cover or not z.cover_only]


def redness(page, where: tuple) -> float:
    """How much redder than green the screen is in a zone's middle (x, y, w, h fractions of the slide)."""
    frame = page.locator(".frame img").bounding_box()
    shot = Image.open(io.BytesIO(page.screenshot(clip=frame))).convert("RGB")
    _, x, y, w, h = where
    box = tuple(round(v) for v in ((x + w / 4) * shot.width, (y + h / 4) * shot.height,
                                   (x + 3 * w / 4) * shot.width, (y + 3 * h / 4) * shot.height))
    red, green, _ = ImageStat.Stat(shot.crop(box)).mean
    return red - green


def close(found, wanted) -> bool:
    """The same zones, each edge within 1.5 px of the 600 px high slide on screen."""
    return len(found) == len(wanted) and all(a[0] == b[0] and all(abs(p - q) < 0.0025 for p, q in zip(a[1:], b[1:]))
                                             for a, b in zip(found, wanted))


def test_toggle_lists_the_platforms_whose_interface_covers_slides(page):
    buttons = page.locator(".zone-toggle button")
    expect(buttons).to_have_text(["None", "LinkedIn", "Instagram", "TikTok"])
    expect(page.locator(".zone-toggle button[aria-pressed='true']")).to_have_text("None")
    assert not any(zone.is_visible() for zone in page.locator(".zone").all())


def test_tiktok_zones_are_drawn_where_its_interface_sits(page):
    wanted = expected("tiktok", cover=True)
    before = redness(page, wanted[-1])
    page.click(".zone-toggle button[data-platform='tiktok']")
    expect(page.locator(".zone-toggle button[aria-pressed='true']")).to_have_text("TikTok")
    assert close(shown_zones(page, "tiktok"), wanted), shown_zones(page, "tiktok")
    assert redness(page, wanted[-1]) > before + 25  # hatched over the slide, not drawn off it
    expect(page.locator(".zone-legend[data-platform='tiktok']")).to_contain_text("TikTok caption, username and sound")
    assert shown_zones(page, "instagram") == []


def test_cover_only_zones_show_on_the_first_slide_only(page):
    page.click(".zone-toggle button[data-platform='instagram']")
    page.click(".thumbs button[data-index='0']")
    assert close(shown_zones(page, "instagram"), expected("instagram", cover=True))
    page.keyboard.press("ArrowRight")
    expect(page.locator("#counter")).to_have_text("2/3")
    assert shown_zones(page, "instagram") == []  # the profile grid crops the cover only
    page.click(".zone-toggle button[data-platform='linkedin']")
    assert close(shown_zones(page, "linkedin"), expected("linkedin", cover=False))  # the page counter, not the bar
    page.keyboard.press("ArrowLeft")
    assert close(shown_zones(page, "linkedin"), expected("linkedin", cover=True))
    page.click(".zone-toggle button[data-platform='']")
    assert not any(zone.is_visible() for zone in page.locator(".zone").all())


def test_download_links_follow_the_slide_on_screen(page):
    page.click(".thumbs button[data-index='2']")
    expect(page.locator("a[data-current='png']")).to_have_attribute("href", "png/03.png")
    expect(page.locator("a[data-current='jpg']")).to_have_attribute("href", "jpg/03.jpg")
    expect(page.locator("header a[download]")).to_have_text(["PDF ↓", "PNG ↓", "JPG ↓"])
