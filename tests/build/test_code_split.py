"""Long code splits, loudly: `split: true` continues a block on the next slides; without it the error says so."""

import re
import shutil

import pypdfium2 as pdfium
import pytest
from helpers import REPO, make_project, run_cli

from carrousel.build.split import cuts

SPLIT = REPO / "tests" / "html" / "posts" / "enum-split.yaml"  # 33 lines, `split: true`
SHORT = """title: Short
split: true
slides:
  - kind: code
    title: Fits
    code: |
      x = 1
      y = 2
  - kind: cover
    title: After
"""


def test_cuts_are_as_few_as_fit_and_even():
    assert cuts([10.0] * 33, 200.0) == [(1, 17), (18, 33)]
    assert cuts([10.0] * 40, 150.0) == [(1, 14), (15, 28), (29, 40)]  # three parts, none over 14 lines
    assert cuts([10.0, 30.0, 10.0, 10.0], 40.0) == [(1, 2), (3, 4)]
    assert cuts([10.0] * 5, 100.0) == [(1, 5)]
    assert cuts([120.0, 10.0], 100.0) == [], "a line taller than the room cannot be cut to fit"


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("split") / "project")
    shutil.copy(SPLIT, root / "content" / SPLIT.name)
    long = SPLIT.read_text(encoding="utf-8").replace("    split: true\n", "")
    (root / "content" / "no-split.yaml").write_text(long, encoding="utf-8")
    (root / "content" / "short.yaml").write_text(SHORT, encoding="utf-8")
    return root, run_cli(root, "content/enum-split.yaml", "content/short.yaml"), run_cli(root, "content/no-split.yaml")


def test_a_long_block_continues_on_the_next_slide_numbered_on(split):
    root, built, _ = split
    assert built.returncode == 0, built.stderr
    assert "✓ enum-split: 2 slides" in built.stdout
    pdf = pdfium.PdfDocument(root / "output" / "enum-split" / "enum-split.pdf")
    try:
        texts = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    assert [re.search(r"\((\d)/(\d)\)", text).groups() for text in texts] == [("1", "2"), ("2", "2")]
    numbers = [[int(n) for n in re.findall(r"^(\d+) ", text.replace("\r", ""), re.MULTILINE)] for text in texts]
    assert numbers[0][0] == 1 and numbers[1][0] == numbers[0][-1] + 1 and numbers[1][-1] == 33
    assert abs(len(numbers[0]) - len(numbers[1])) <= 1, "the parts are even"


def test_a_block_that_fits_stays_one_slide(split):
    _, built, _ = split
    assert "✓ short: 2 slides" in built.stdout


def test_without_split_the_error_says_how_many_lines_fit(split):
    _, _, failed = split
    assert failed.returncode == 1
    line = failed.stderr.strip()
    assert re.match(r"✗ content/no-split\.yaml:11: slide 1 \(code\): code: \d+ px too long", line), line
    assert re.search(r"\(the code is 33 lines; (1[5-9]|2\d) fit: split: true, or highlight the lines that matter\)",
                     line), line


def test_split_can_be_a_project_setting(tmp_path):
    long = SPLIT.read_text(encoding="utf-8").replace("    split: true\n", "")
    root = make_project(tmp_path / "project", {"content/long.yaml": long, "carrousel.yaml": "split: true\n"})
    built = run_cli(root, "content/long.yaml")
    assert built.returncode == 0, built.stderr
    assert "✓ long: 2 slides" in built.stdout
