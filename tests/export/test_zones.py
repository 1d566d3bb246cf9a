"""Safe zones: which text boxes of a slide sit under a platform's interface."""

from __future__ import annotations

import pytest

from carrousel.export.zones import covered, zones

PORTRAIT, STORY = (1080, 1350), (1080, 1920)


def labels(hits) -> list[str]:
    return [hit.zone.label for hit in hits]


def test_instagram_grid_cuts_34_px_off_each_side_of_a_portrait_cover():
    left, right = zones("instagram", *PORTRAIT)
    assert round(left.w * 1080, 1) == 33.8 and round(right.x * 1080, 1) == 1046.2  # 1012.5 px of 1080 stay
    title = (20, 300, 600, 120)  # starts 20 px from the edge
    assert labels(covered("instagram", [title], *PORTRAIT, cover=True)) == ["Instagram profile grid crop (3:4)"]
    assert covered("instagram", [title], *PORTRAIT, cover=False) == []  # only the cover is in the grid
    assert covered("instagram", [(60, 300, 900, 120)], *PORTRAIT, cover=True) == []


def test_instagram_story_shape_gets_the_reels_interface_and_a_grid_band():
    found = [zone.label for zone in zones("instagram", *STORY)]
    assert "Reels caption, username and audio" in found and "Instagram profile grid crop (3:4)" in found
    caption = (60, 1500, 700, 100)
    assert labels(covered("instagram-api", [caption], *STORY)) == ["Reels caption, username and audio"]


def test_tiktok_on_a_story_slide():
    boxes = [(60, 800, 800, 200),  # the middle: clear
             (60, 1600, 800, 100),  # bottom: caption
             (940, 900, 120, 100),  # right edge, mid-height: buttons
             (60, 40, 500, 80)]  # top: tabs
    hits = covered("tiktok", boxes, *STORY)
    assert sorted((hit.box, hit.zone.label) for hit in hits) == [
        (1, "TikTok caption, username and sound"),
        (2, "TikTok like, comment, save and share buttons"),
        (3, "TikTok tabs and search")]


def test_tiktok_zones_follow_a_portrait_slide_shown_with_bars():
    # A 4:5 slide fills the 9:16 screen's width and sits in its middle: the tabs fall on the bar above it,
    # the caption covers the bottom of the slide itself.
    found = {zone.label: zone for zone in zones("tiktok", *PORTRAIT)}
    assert "TikTok tabs and search" not in found
    caption = found["TikTok caption, username and sound"]
    assert caption.y + caption.h == pytest.approx(1.0)
    assert 0.75 < caption.y < 0.9
    assert labels(covered("tiktok", [(60, 1250, 600, 60)], *PORTRAIT)) == ["TikTok caption, username and sound"]


def test_linkedin_page_counter_covers_the_footer_and_the_title_bar_the_cover():
    footer, heading = (60, 1290, 400, 30), (60, 20, 500, 60)
    assert labels(covered("linkedin", [footer, heading], *PORTRAIT)) == ["LinkedIn page counter and viewer controls"]
    assert "LinkedIn document title bar" in labels(covered("linkedin", [heading], *PORTRAIT, cover=True))


def test_a_box_grazing_a_zone_is_not_covered():
    grazing = (60, 1100, 800, 175)  # its last 6 px are under LinkedIn's bottom 6% (from y = 1269)
    assert covered("linkedin", [grazing], *PORTRAIT) == []
    hit = covered("linkedin", [(60, 1100, 800, 200)], *PORTRAIT)[0]
    assert hit.box == 0 and hit.share == pytest.approx(31 / 200)
    assert len(covered("linkedin", [(10, 1300, 5, 5)], *PORTRAIT)) == 1  # smaller than 8 px, all of it under


@pytest.mark.parametrize("platform", ["x", "mastodon", "bluesky", "threads"])
def test_platforms_without_an_overlay(platform):
    assert zones(platform, *PORTRAIT) == () and covered(platform, [(0, 0, 1080, 1350)], *PORTRAIT) == []
