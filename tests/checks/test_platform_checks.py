"""`check --platform NAME` for each of the eight profiles, with what to do when a post is over a limit, text under
a platform's interface (safe zones), and `build --platform NAME` choosing the format and the exports."""

from __future__ import annotations

import json
import re

import av
import pytest

from carrousel.export.platforms import PROFILES
from carrousel.export.zones import zones

try:
    from helpers import REFERENCE, make_project, run_cli
except ImportError:  # before the tests' reorganisation into tests/<stage>/ (helpers.py)
    from conftest import REFERENCE, make_project, run_cli

QUOTE = ("Les microservices ne résolvent pas les problèmes organisationnels. Commence par aligner ton équipe, "
         "pas ton architecture.")
# Five slides of half a second: more than X's four images, a one-second video.
SHORT = ("title: Short\nslides:\n  - kind: cover\n    duration: 0.5\n    title: One\n"
         + "".join(f"  - kind: quote\n    duration: 0.5\n    text: {QUOTE}\n" for _ in range(3))
         + "  - kind: end\n    duration: 0.5\n    title: Bye\n")


def rows_of(result) -> dict:
    """The rows of the one post checked, by `Area · check`."""
    post = json.loads(result.stdout)["posts"][0]
    return {f"{row['area']} · {row['check']}": row for row in post["rows"]}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("platforms") / "project", with_content=True)


@pytest.fixture(scope="module")
def every_platform(root):
    """The reference post checked against all eight platforms at once (default exports: pdf, png)."""
    args = [arg for name in PROFILES for arg in ("--platform", name)]
    result = run_cli(root, "check", "--json", *args, f"content/{REFERENCE}.yaml")
    assert result.returncode == 1, result.stderr  # X, Bluesky, Mastodon, TikTok and Instagram's API: not as built
    return rows_of(result)


@pytest.mark.parametrize("name", list(PROFILES))
def test_each_platform_checks_items_and_shape(every_platform, name):
    label = PROFILES[name].label
    if name == "linkedin":  # LinkedIn's page count has its own row, as before
        assert every_platform["LinkedIn · pages"]["status"] == "ok"
    elif name == "instagram":
        assert every_platform["Instagram · images"]["status"] == "ok"
    else:
        assert every_platform[f"{label} · items"]["value"] == "9 slides"
    assert f"{label} · shape" in every_platform or name == "instagram"  # Instagram: its aspect ratio row


@pytest.mark.parametrize("name", ["x", "bluesky", "mastodon"])
def test_four_image_platforms_say_to_post_a_video_or_a_gif(every_platform, name):
    row = every_platform[f"{PROFILES[name].label} · items"]
    assert row["status"] == "error"
    assert row["details"] == [f"{PROFILES[name].label} shows at most 4 images; this post has 9 slides: use --export "
                              "mp4 or gif, or split the post into parts of at most 4 slides"]


def test_tiktok_wants_jpegs_or_a_video_in_9_16_and_its_buttons_cover_text(every_platform):
    assert every_platform["TikTok · items"]["details"] == [
        "none of the exports built (pdf, png) goes to TikTok: use --export jpg or mp4"]
    assert every_platform["TikTok · shape"]["status"] == "warn"
    assert every_platform["TikTok · shape"]["details"][0].endswith("use --format story")
    zones_row = every_platform["TikTok · safe zones"]
    assert zones_row["status"] == "warn"
    # Text that runs to the right edge of a portrait slide (grown to fill it) is under the like/comment/share column.
    assert any(re.match(r'slide \d+: "[^"]+"( \(and \d+ more lines?\))? under TikTok like, comment, save and share '
                        r"buttons: move it, or shorten the slide", detail) for detail in zones_row["details"]), \
        zones_row["details"]


def test_the_rest_passes_and_linkedin_and_instagram_keep_their_rows(every_platform):
    for name in ("LinkedIn · PDF size", "LinkedIn · title metadata", "LinkedIn · safe zones",
                 "Instagram · aspect ratio", "Instagram · image size", "Instagram · alt text",
                 "Instagram · safe zones", "Threads · items", "Bluesky · file size"):
        assert every_platform[name]["status"] == "ok", every_platform[name]
    assert every_platform["Instagram (API) · items"]["status"] == "error"  # JPEG only through the API


def test_with_the_export_it_asks_for_a_platform_passes(root):
    result = run_cli(root, "check", "--json", "--platform", "x", "--export", "pdf,png,gif", f"content/{REFERENCE}.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = rows_of(result)
    assert rows["X · items"]["status"] == "ok"
    assert rows["X · file size"]["limit"] == "png ≤ 5 MB, gif ≤ 15 MB"


def test_build_for_tiktok_writes_a_story_video_and_jpegs_and_warns_about_its_buttons(tmp_path):
    root = make_project(tmp_path / "p", {"content/short.yaml": SHORT})
    result = run_cli(root, "--platform", "tiktok", "content/short.yaml")
    assert result.returncode == 0, result.stderr
    folder = root / "output" / "short" / "story"  # TikTok's format, beside the post's own
    assert {"short.mp4", "jpg/05.jpg", "png/05.png"} <= {p.relative_to(folder).as_posix()
                                                          for p in folder.rglob("*") if p.is_file()}
    assert not (folder / "short.pdf").exists()
    with av.open(str(folder / "short.mp4")) as video:
        stream = video.streams.video[0]
        assert (stream.width, stream.height) == (1080, 1920)
    # The quote, grown to fill the story page, runs under the like/comment/share column: said on the line and in
    # the preview.
    assert re.search(r'! short: slide 2 \(quote\): safe zone: "[^"]+" under TikTok like, comment, save and share',
                     result.stdout), result.stdout
    assert re.search(r"safe zone: &#34;[^&]+&#34; under TikTok like", (folder / "index.html").read_text(encoding="utf-8"))


def test_build_for_x_picks_what_carries_five_slides(tmp_path):
    root = make_project(tmp_path / "p", {"content/short.yaml": SHORT})
    result = run_cli(root, "--platform", "x", "content/short.yaml")
    assert result.returncode == 0, result.stderr
    folder = root / "output" / "short"  # portrait: the post's own format
    assert (folder / "short.mp4").is_file() and (folder / "short.gif").is_file()
    assert not (folder / "jpg").exists()  # four images at most: JPEGs would not carry five slides
    wrong = run_cli(root, "--platform", "tiktk", "content/short.yaml")
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("✗ platform: unknown platform 'tiktk' (did you mean 'tiktok'? expected one of:")


def test_zones_cover_only_what_the_platform_covers():
    assert zones("x", 1080, 1350) == () and zones("threads", 1080, 1350) == ()
    cover_only = [zone.label for zone in zones("instagram", 1080, 1350) if zone.cover_only]
    assert cover_only == ["Instagram profile grid crop (3:4)"] * 2
