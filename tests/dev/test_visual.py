"""Visual regression: each kind in each theme (portrait) against tests/baselines/, with a tolerance."""

from __future__ import annotations


import pytest
from PIL import Image, ImageDraw

from carrousel.dev import visual
from carrousel.dev.baselines import baseline_path, check_baselines, update_baselines
from carrousel.theme.themes import available
from carrousel.layers import Layers
from helpers import REPO, make_project, open_png, project_at, run_cli_here

THEMES = list(available(Layers(REPO)))


def _baselines() -> list[tuple[str, str, str]]:
    return sorted((p.parent.parent.name, p.parent.name, p.stem)
                  for p in (REPO / "tests" / "baselines").glob("*/*/*.png"))


def _portrait(gallery_sheets) -> list:
    return [sheet for sheet in gallery_sheets if sheet.format == "portrait"]


def test_every_theme_mode_and_kind_has_a_small_baseline(gallery_sheets):
    have = set(_baselines())
    for sheet in _portrait(gallery_sheets):
        for kind in sheet.kinds:
            assert (sheet.theme, sheet.mode, kind) in have, \
                f"no baseline for {sheet.theme}/{sheet.mode}/{kind}: python build.py gallery --update-baselines"
    for theme, mode, kind in have:
        path = REPO / "tests" / "baselines" / theme / mode / f"{kind}.png"
        with Image.open(path) as image:
            assert image.width == visual.THUMB_WIDTH
        assert path.stat().st_size < 64_000, f"{path.name} is too heavy for the repo"  # a dense CJK slide on a grid: 61 KB


@pytest.mark.parametrize("theme", THEMES)
def test_slides_match_their_baselines(gallery_sheets, theme, tmp_path):
    failures = []
    for sheet in (s for s in _portrait(gallery_sheets) if s.theme == theme):
        for kind, data in zip(sheet.kinds, sheet.pngs):
            path = REPO / "tests" / "baselines" / sheet.theme / sheet.mode / f"{kind}.png"
            if not path.is_file():
                continue  # reported by the test above
            expected, actual = visual.open_image(path.read_bytes()), visual.thumbnail(data)
            result = visual.compare(expected, actual)
            if not result.passed:
                diff = tmp_path / f"{sheet.theme}-{sheet.mode}-{kind}-diff.png"
                visual.diff_image(expected, actual).save(diff)
                failures.append(f"{sheet.theme}/{sheet.mode}/{kind}: {result.describe()} — diff image: {diff}")
    assert not failures, "\n".join(failures) + "\nIf the change is intended: python build.py gallery --update-baselines"


def _slide_like() -> Image.Image:
    image = Image.new("RGB", (270, 337), "#f6f1e7")
    draw = ImageDraw.Draw(image)
    for row in range(8):
        draw.rectangle((20, 40 + row * 30, 20 + 30 * (row % 5 + 3), 52 + row * 30), fill="#1f1b16")
    return image


def test_identical_pictures_pass_with_zero_difference():
    result = visual.compare(_slide_like(), _slide_like())
    assert result.passed and result.rms == 0 and result.changed == 0


def test_anti_aliasing_noise_is_tolerated():
    noisy = _slide_like().point(lambda v: min(255, v + 2))  # every pixel off by a little
    result = visual.compare(_slide_like(), noisy)
    assert result.changed == 0 and result.rms <= visual.RMS_TOLERANCE and result.passed


def test_a_moved_block_fails_and_the_diff_image_shows_it():
    actual = _slide_like()
    ImageDraw.Draw(actual).rectangle((150, 250, 250, 320), fill="#b2381c")
    result = visual.compare(_slide_like(), actual)
    assert not result.passed and result.changed > visual.CHANGED_TOLERANCE
    assert "tolerance" in result.describe()
    diff = visual.diff_image(_slide_like(), actual)
    assert diff.size == (270 * 3 + 20, 337)
    assert diff.getpixel((2 * 280 + 200, 280)) != (0, 0, 0)  # the change glows in the third panel
    assert diff.getpixel((2 * 280 + 200, 20)) == (0, 0, 0)  # unchanged area stays black


def test_a_different_size_fails():
    assert not visual.compare(_slide_like(), _slide_like().resize((270, 300))).passed


def test_check_reports_a_changed_baseline_and_only_the_update_command_rewrites_it(portrait_sheets, gallery_project,
                                                                                  tmp_path):
    root = make_project(tmp_path / "project")
    project, sheet = project_at(root), portrait_sheets["paper"]
    baselines = root / "tests" / "baselines" / "paper" / "light"
    written = sorted(path.name for path in update_baselines(project, [sheet]))
    assert "cover.png" in written and "quote.png" in written
    assert sorted(p.name for p in baselines.glob("*.png")) == written
    assert check_baselines(project, [sheet], tmp_path / "diff") == []

    cover = baselines / "cover.png"
    tampered = Image.open(cover).convert("RGB")
    ImageDraw.Draw(tampered).rectangle((0, 100, 270, 200), fill="#ff00ff")
    tampered.save(cover)
    before = cover.read_bytes()
    [failure] = check_baselines(project, [sheet], tmp_path / "diff")
    assert failure.startswith("paper/light/cover") and "RMS" in failure
    assert open_png(tmp_path / "diff" / "paper-light-cover-diff.png").width == 3 * visual.THUMB_WIDTH + 20
    assert cover.read_bytes() == before  # a check never touches a baseline

    # The command says so and exits 1, with the gallery and the diff written under output/. It runs on the gallery
    # project, whose paper slides are laid out already, with the tampered baseline in place for a moment.
    kept = baseline_path(gallery_project, "paper", "cover", "light")
    original = kept.read_bytes()
    kept.write_bytes(before)
    try:
        code, out, err = run_cli_here(gallery_project.root, "gallery", "--theme", "paper", "--format", "portrait",
                                      "--mode", "light", "--check")
    finally:
        kept.write_bytes(original)
    assert code == 1, out + err
    assert err.startswith("✗ paper/light/cover") and "RMS" in err
    output = gallery_project.root / "output" / "gallery"
    assert (output / "diff" / "paper-light-cover-diff.png").is_file()
    assert (output / "index.html").is_file() and (output / "paper-light-portrait.png").is_file()
