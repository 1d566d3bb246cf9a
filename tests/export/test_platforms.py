"""Platform profiles: what a built post breaks of each platform's limits, and what to build for it."""

from __future__ import annotations

import pytest

from carrousel.errors import CarrouselError
from carrousel.export import EXPORTS, platforms
from carrousel.export.platforms import MB, Facts, check, for_build
from carrousel.load.settings import FORMATS

PORTRAIT = (1080, 1350)


def facts(slides=9, size=PORTRAIT, alt=True, seconds=0.0, **files) -> Facts:
    """A built post: slides, size and files by export (one size per file, or an int for every file)."""
    built = {name: (sizes,) * (slides if name in platforms.IMAGES else 1) if isinstance(sizes, int) else sizes
             for name, sizes in files.items()}
    return Facts(slides, *size, built, (120,) * slides if alt else (), seconds)


def levels(findings) -> list[str]:
    return [finding.level for finding in findings]


def test_x_with_nine_slide_images_says_to_post_a_gif_or_a_video():
    [finding] = check("x", facts(png=200_000, pdf=80_000))
    assert finding.level == "error"
    assert finding.message == "X shows at most 4 images; this post has 9 slides"
    assert "--export mp4 or gif" in finding.fix


def test_x_with_a_video_built_has_nothing_to_say():
    assert check("x", facts(png=200_000, mp4=1_400_000, seconds=27)) == []


@pytest.mark.parametrize("platform", ["x", "mastodon", "bluesky"])
def test_four_slides_go_as_images(platform):
    assert check(platform, facts(slides=4, jpg=300_000)) == []


def test_linkedin_warns_past_twenty_pages_and_refuses_past_three_hundred():
    assert levels(check("linkedin", facts(slides=20, pdf=MB))) == []
    [long] = check("linkedin", facts(slides=25, pdf=MB))
    assert long.level == "warning" and "25 pages" in long.message
    [too_long] = check("linkedin", facts(slides=301, pdf=MB))
    assert too_long.level == "error" and "300 pages" in too_long.message


def test_linkedin_pdf_over_100_mb():
    [finding] = check("linkedin", facts(pdf=120 * MB))
    assert finding.level == "error" and "100 MB" in finding.message and "120.0 MB" in finding.message


def test_instagram_refuses_story_images_and_offers_portrait_or_a_reel():
    [finding] = check("instagram", facts(size=(1080, 1920), jpg=400_000))
    assert finding.level == "error" and "0.56" in finding.message
    assert "--format portrait" in finding.fix and "--export mp4" in finding.fix


def test_instagram_api_takes_jpeg_only():
    [finding] = check("instagram-api", facts(png=300_000))
    assert finding.level == "error" and "png" in finding.message
    assert finding.fix == "use --export jpg or mp4"


def test_instagram_api_carousel_of_twelve_is_too_long_but_the_app_takes_it():
    [finding] = check("instagram-api", facts(slides=12, jpg=300_000))
    assert "at most 10 images" in finding.message and "mp4" in finding.fix
    assert check("instagram", facts(slides=12, jpg=300_000)) == []


def test_tiktok_prefers_story_slides():
    [finding] = check("tiktok", facts(jpg=300_000))
    assert finding.level == "warning" and "1080×1920" in finding.message and finding.fix == "use --format story"
    assert check("tiktok", facts(size=(1080, 1920), jpg=300_000)) == []


def test_bluesky_image_over_one_mb_names_the_largest_slide():
    [finding] = check("bluesky", facts(slides=3, png=(300_000, 1_200_000, 1_100_000)))
    assert finding.level == "error"
    assert "2 slides are over it, the largest slide 2 at 1.2 MB" in finding.message
    assert finding.fix == "use --export jpg"
    [one] = check("bluesky", facts(slides=2, jpg=(1_500_000, 300_000)))
    assert one.message == "Bluesky takes JPG files up to 1 MB; slide 1 is 1.5 MB"


def test_x_video_too_long():
    [finding] = check("x", facts(slides=50, mp4=5 * MB, seconds=150))
    assert finding.level == "error" and "140 s" in finding.message and "150 s" in finding.message


def test_alt_text_missing_or_too_long_for_images():
    [missing] = check("mastodon", facts(slides=3, jpg=100_000, alt=False))
    assert missing.level == "warning" and "slides 1, 2, 3 have none" in missing.message
    long = Facts(2, *PORTRAIT, {"jpg": (1, 1)}, (200, 1200))
    [finding] = check("x", long)
    assert "1,000 characters" in finding.message and "slide 2 has more" in finding.message
    assert check("bluesky", long) == []  # 2,000 there


def test_nothing_built_for_the_platform():
    finding, shape = check("tiktok", facts(pdf=MB))
    assert finding.level == "error" and "none of the exports built (pdf)" in finding.message
    assert finding.fix == "use --export jpg or mp4"
    assert shape.level == "warning" and shape.fix == "use --format story"


def test_unknown_platform_suggests_the_closest():
    with pytest.raises(CarrouselError) as caught:
        check("instagramm", facts())
    assert "instagram" in caught.value.hint and caught.value.field == "platform"


def test_for_build():
    assert for_build("x", 9) == platforms.Choice("portrait", ("mp4", "gif"))
    assert for_build("x", 3).exports == ("jpg", "png", "mp4", "gif")
    assert for_build("tiktok").format == "story"
    assert for_build("linkedin").exports[0] == "pdf"


@pytest.mark.parametrize("name", list(platforms.PROFILES))
def test_every_profile_is_consistent(name):
    profile = platforms.PROFILES[name]
    assert set(profile.exports) <= set(EXPORTS)
    assert set(profile.items) <= set(profile.exports) and set(profile.max_bytes) == set(profile.exports)
    assert profile.format in FORMATS and profile.size == FORMATS[profile.format]
    assert check(name, facts(slides=1, size=profile.size, **{export: 1000 for export in profile.exports})) == []
