"""Room for code, on the real layout: columns per line in every theme and format, hanging indents, gutter marks."""

import re

import pytest
from code_kit import (
    FORMATS,
    THEMES,
    boxes_with_class,
    code_text,
    descendants,
    lay_out,
    line_boxes,
    prepared,
    pseudo,
    rows,
)

# Columns a line may hold before it wraps, at the theme's code size (not shrunk): one block, and each panel of a
# before/after pair. Landscape sets a pair side by side: each half holds fewer than a portrait panel.
LEAST = {"portrait": (60, 60), "square": (60, 60), "story": (60, 60), "landscape": (90, 48)}
LENGTHS = {"single": {"landscape": range(102, 110)}, "pair": {"landscape": range(48, 56)}}
DEFAULT_LENGTHS = {"single": range(58, 66), "pair": range(58, 63)}


def _lines(lengths) -> str:
    # Letters only: a line too long breaks anywhere, so a line of n columns takes one row exactly when n fit.
    return "".join(f"      {'x' * n}\n" for n in lengths)


def _post(theme: str, format_name: str) -> str:
    single = _lines(LENGTHS["single"].get(format_name, DEFAULT_LENGTHS["single"]))
    pair = _lines(LENGTHS["pair"].get(format_name, DEFAULT_LENGTHS["pair"]))
    return (f"title: Columns\ntheme: {theme}\nformat: {format_name}\nslides:\n"
            f"  - kind: code\n    title: One block\n    code: |\n{single}"
            f"  - kind: code\n    title: A pair\n    before: |\n{pair}    after: |\n{pair}")


def columns(document) -> int:
    """The longest line of the document's code that takes one row."""
    return max(len(code_text(box)) for box in boxes_with_class(document, "line") if rows(box) == 1)


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict:
    """{(theme, format): (columns of one block, columns of a pair's panel)}, each slide laid out at full size."""
    out = {}
    for theme in THEMES:
        for format_name in FORMATS:
            prep = prepared(tmp_path_factory.mktemp(f"{theme}-{format_name}"), _post(theme, format_name))
            found = []
            for index in (0, 1):
                # At the code size: the slide is not grown to fill its page (growth never wraps a line anyway).
                html = re.sub(r'data-grow="[\d.]+"', 'data-grow="1"', prep.documents[index])
                document, fit = lay_out(prep, html=html)
                assert fit.scale == 1 and fit.overflow is None, (theme, format_name, index)
                found.append(columns(document))
            out[theme, format_name] = tuple(found)
    print("\ncolumns per code line (one block, each panel of a pair):")
    for (theme, format_name), (single, pair) in sorted(out.items()):
        print(f"  {theme:9} {format_name:9} {single:4} {pair:4}")
    return out


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("format_name", FORMATS)
def test_code_panels_hold_sixty_columns_at_the_code_size(measured, theme, format_name):
    single, pair = measured[theme, format_name]
    least_single, least_pair = LEAST[format_name]
    assert single >= least_single and pair >= least_pair, (single, pair)


POST = """title: Shapes
theme: {theme}
slides:
  - kind: code
    title: Wrapped
    language: rust
    numbers: true
    file: src/config.rs
    before: |
      fn load(path: &Path) -> Result<Config, Box<dyn Error>> {{
          let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {{ path: path.into(), source }})?;
      }}
    after: |
      fn load(path: &Path) -> Result<Config, ConfigError> {{
          let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {{ path: path.into(), source }});
      }}
"""


@pytest.fixture(scope="module", params=THEMES)
def wrapped(request, tmp_path_factory):
    prep = prepared(tmp_path_factory.mktemp(f"wrap-{request.param}"), POST.format(theme=request.param))
    document, fit = lay_out(prep)
    assert fit.overflow is None
    return prep, document


def _text_x(box) -> list[float]:
    """The x of the first glyph of each row of a code line."""
    out = []
    for row in line_boxes(box):
        stack, first = [row], None
        while stack and first is None:
            current = stack.pop(0)
            if type(current).__name__ == "TextBox" and current.text.strip():
                first = current.position_x + (len(current.text) - len(current.text.lstrip())) * current.width / len(
                    current.text)
            stack[:0] = [c for c in getattr(current, "children", None) or ()
                         if "ln" not in (getattr(c, "element", None) is not None and c.element.get("class") or "")]
        out.append(first)
    return out


def test_a_wrapped_line_hangs_at_its_indentation_behind_a_drawn_mark(wrapped):
    _, document = wrapped
    long_line = [box for box in boxes_with_class(document, "line") if "read_to_string" in code_text(box)]
    assert len(long_line) == 2 and all(rows(box) >= 2 for box in long_line)
    for box in long_line:
        starts = _text_x(box)
        column = next(c for c in descendants(box) if type(c).__name__ == "TextBox" and c.text == "let").width / 3
        # Row 1 starts at `let` (4 columns in); every next row two columns further in, not at column 0.
        indent = starts[0]
        assert all(abs(x - (indent + 2 * column)) < 1.5 for x in starts[1:]), (starts, column)
        # The ↳ marks: a picture one column wide, from the second row down, and no text.
        after = pseudo(box, "after")
        assert after and abs(after[0].height - (rows(box) - 1) * line_boxes(box)[0].height) < 1, \
            "the continuation marks run down the rows after the first"
    text = "".join(code_text(box) for box in long_line)
    assert "↳" not in text and "−" not in text


def test_the_gutter_mark_runs_down_the_whole_line_and_the_number_sits_on_its_first_row(wrapped):
    _, document = wrapped
    checked = 0
    for box in boxes_with_class(document, "line"):
        marked = set(box.element.get("class").split()) & {"del", "add"}
        if not marked or rows(box) < 2:
            continue
        checked += 1
        before = pseudo(box, "before")[0]
        assert abs(before.border_height() - box.border_height()) < 1, "the bar spans every row"
        assert before.border_left_width > 0
        number = next(c for c in descendants(box) if c.element is not None and c.element.get("class") == "ln")
        assert abs(number.position_y - box.position_y) < 1
    assert checked == 2, "the removed and the added long line, each on several rows"


def test_the_file_is_named_once_for_a_pair(wrapped):
    _, document = wrapped
    labels = [code_text(box) for box in boxes_with_class(document, "code-label")]
    assert len(labels) == 2 and sum("src/config.rs" in label for label in labels) == 1, labels


@pytest.mark.parametrize("theme", THEMES)
def test_landscape_panels_share_their_top_and_height(tmp_path, theme):
    source = POST.format(theme=theme).replace("title: Shapes\n", "title: Shapes\nformat: landscape\n")
    source = source.replace("      }\n    after:", "      }\n      // one more line on the left\n    after:")
    document, _ = lay_out(prepared(tmp_path, source))
    before, after = boxes_with_class(document, "code-before"), boxes_with_class(document, "code-after")
    assert abs(before[0].position_y - after[0].position_y) < 0.5
    assert abs(before[0].border_height() - after[0].border_height()) < 0.5
    assert before[0].position_x + before[0].border_width() < after[0].position_x, "side by side"
