"""The preview in a real browser: the viewer navigates with buttons and arrow keys; under `serve`, an edited
slide's image is swapped in place, a change to the page (a slide added) reloads it by itself, and a broken edit
shows the error over the last good slides."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from samples import POST


CHROMIUM = os.environ.get("CARROUSEL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the whole session."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Chromium is missing: run scripts/setup.sh --test (installs Debian's chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh tab."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def url(served, path="/demo/"):
    return f"http://{served.host}:{served.port}{path}"


def test_viewer_navigates_with_buttons_and_arrow_keys(served, page):
    page.goto(url(served))
    counter, image = page.locator("#counter"), page.locator("#current")
    expect(counter).to_have_text("1/3")
    expect(page.locator("#prev")).to_be_disabled()
    page.click("#next")
    expect(counter).to_have_text("2/3")
    expect(image).to_have_attribute("src", "png/02.png")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("3/3")
    expect(page.locator("#next")).to_be_disabled()
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("3/3")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("2/3")
    page.click("#prev")
    expect(counter).to_have_text("1/3")
    # The slide image really loaded: 1080×1350.
    size = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size == [1080, 1350]
    page.click(".thumbs button[data-index='2']")
    expect(counter).to_have_text("3/3")


def test_an_edited_slide_is_swapped_in_place_without_reloading(served, page):
    page.goto(url(served))
    expect(page.locator("html")).to_have_attribute("data-carrousel-live", "connected")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#counter")).to_have_text("2/3")
    page.evaluate("window.__not_reloaded = true")

    (served.root / "content/demo.yaml").write_text(POST.replace("Only what changed", "Swapped in place"),
                                                   encoding="utf-8")
    current = page.locator("#current")
    expect(current).to_have_attribute("src", re.compile(r"^png/02\.png\?v=\d+$"), timeout=30_000)
    page.wait_for_function("() => { const i = document.getElementById('current');"
                           " return i.complete && i.naturalWidth === 1080 }")
    assert page.evaluate("window.__not_reloaded === true")
    expect(page.locator(".thumbs button[data-index='1'] img")).to_have_attribute("src", current.get_attribute("src"))
    expect(page.locator(".thumbs button[data-index='0'] img")).to_have_attribute("src", "png/01.png")
    # What the tab shows is the new PNG: the bytes it fetched are the file's.
    shown = page.evaluate("async src => Array.from(new Uint8Array(await (await fetch(src)).arrayBuffer()))",
                          current.get_attribute("src"))
    assert bytes(shown) == (served.root / "output/demo/png/02.png").read_bytes()
    page.keyboard.press("ArrowLeft")
    expect(current).to_have_attribute("src", "png/01.png")


def test_edit_reloads_the_page_and_a_broken_edit_shows_the_overlay(served, page):
    post = served.root / "content/demo.yaml"
    page.goto(url(served))
    counter = page.locator("#counter")
    expect(counter).to_have_text("1/3")
    expect(page.locator("html")).to_have_attribute("data-carrousel-live", "connected")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("2/3")
    page.evaluate("window.__before_reload = true")

    # An added slide: the page reloads by itself, on the slide the author was looking at.
    extra = POST.replace("  - kind: end", "  - kind: cover\n    title: One more\n  - kind: end")
    post.write_text(extra, encoding="utf-8")
    expect(counter).to_have_text("2/4", timeout=30_000)
    assert page.evaluate("window.__before_reload === undefined")

    # A broken post: an overlay says where; the last good slides stay.
    line = extra.splitlines().index("  - kind: end") + 1
    post.write_text(extra.replace("kind: end", "kind: nope"), encoding="utf-8")
    overlay = page.locator("#carrousel-error")
    expect(overlay).to_be_visible(timeout=30_000)
    expect(overlay).to_contain_text(f"content/demo.yaml · line {line} · slide 4")
    expect(overlay).to_contain_text("unknown kind 'nope'")
    expect(counter).to_have_text("2/4")
    assert page.locator("#current").evaluate("img => img.naturalWidth") == 1080

    # Fixed: the overlay goes away.
    post.write_text(extra, encoding="utf-8")
    expect(overlay).to_have_count(0, timeout=30_000)
    expect(counter).to_have_text("2/4")
