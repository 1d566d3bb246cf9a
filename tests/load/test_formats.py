"""Formats by name or by ratio, the new tall 3:4, and --format by ratio."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PIL import Image

from carrousel.load.settings import FORMATS, RATIOS

from helpers import make_project, run_cli_here

POST = "title: T\nformat: \"{format}\"\nslides:\n  - {{kind: statement, title: Hello}}\n  - {{kind: end, title: Bye}}\n"


def test_every_format_has_a_ratio_and_tall_is_3_by_4():
    assert FORMATS["tall"] == (1080, 1440)
    for ratio, name in RATIOS.items():
        width, height = FORMATS[name]
        across, down = map(int, ratio.split(":"))
        assert abs(width / height - across / down) < 0.002, ratio


@pytest.mark.parametrize("given,size", [("3:4", (1080, 1440)), ("9:16", (1080, 1920)), ("tall", (1080, 1440))])
def test_a_post_may_give_its_format_by_ratio(tmp_path, given, size):
    root = make_project(tmp_path / "p", {"content/f.yaml": POST.format(format=given)})
    code, out, err = run_cli_here(root, "build", "content/f.yaml")
    assert code == 0, err
    assert Image.open(root / "output" / "f" / "png" / "01.png").size == size
    page = pdfium.PdfDocument(root / "output" / "f" / "f.pdf")[0]
    assert (round(page.get_width() * 4 / 3), round(page.get_height() * 4 / 3)) == size


def test_format_on_the_command_line_by_ratio_builds_the_named_variant(tmp_path):
    root = make_project(tmp_path / "p", {"content/f.yaml": POST.format(format="portrait")})
    code, out, err = run_cli_here(root, "build", "content/f.yaml", "--format", "1:1")
    assert code == 0, err
    assert Image.open(root / "output" / "f" / "square" / "png" / "01.png").size == (1080, 1080)


def test_an_unknown_ratio_lists_names_and_ratios(tmp_path):
    root = make_project(tmp_path / "p", {"content/f.yaml": POST.format(format="2:3")})
    code, out, err = run_cli_here(root, "build", "content/f.yaml")
    assert code == 1 and "'2:3' is not allowed" in err and "3:4" in err
