"""Auto-fit's search, on tiny documents laid out by WeasyPrint: the largest scale that fits, never below the floor.

A slide here is 200×200 px with a 20 px padding (its safe area is 160 px high); its block is `H * --fs` px high,
so it fits from --fs = 160 / H down.
"""

from types import SimpleNamespace

import pytest

from carrousel.errors import CarrouselError
from carrousel.layout import boxes, fill, fit, search

STYLE = """<style>
@page { size: 200px 200px; margin: 0 }
html, body { margin: 0 }
.pg { break-after: page; line-height: 0 }
.slide { display: inline-block; vertical-align: top; box-sizing: border-box; width: 200px; height: 200px;
         padding: 20px; overflow: hidden; line-height: 1 }
.slide p { margin: 0; font-size: calc(20px * var(--fs, 1)) }
</style>"""


def slide(index: int, block_px: float, text: str = "Hello") -> str:
    """One slide: a line of 20 px text, then a block block_px high at full size."""
    return (f'<div class="pg"><section class="slide" id="s{index}"><p>{text}</p>'
            f'<div class="block" style="height: calc({block_px}px * var(--fs, 1))"></div></section></div>')


def document(*slides: str) -> str:
    """An HTML document of the given slides."""
    return f"<html><head>{STYLE}</head><body>{''.join(slides)}</body></html>"


class Renders:
    """WeasyPrint's layout of an HTML string, counted."""

    def __init__(self):
        from carrousel.layout.weasy import weasyprint

        self.weasyprint, self.count = weasyprint(), 0

    def __call__(self, html: str):
        self.count += 1
        return self.weasyprint.HTML(string=html).render()


@pytest.fixture
def render():
    """A counted WeasyPrint layout."""
    return Renders()


def test_a_slide_that_fits_is_laid_out_once_at_full_size(render):
    result = fit.autofit(document(slide(0, 100)), render, floor_px=10)
    [only] = result.slides
    assert (only.scale, only.overflow, only.min_text, only.min_text_sample) == (1.0, None, 20, "Hello")
    assert render.count == 1 and len(result.document.pages) == 1


def test_measure_says_how_far_and_what_passes_the_safe_area(render):
    measures = boxes.measure(render(document(slide(0, 200), slide(1, 100))))
    assert measures[1].overflow is None
    over = measures[0].overflow
    assert over.down == pytest.approx(20 + 200 - 160, abs=0.5) and over.right <= boxes.TOLERANCE
    assert over.element == "div.block" and over.describe() == "60 px too long (div.block)"


def test_too_wide_names_the_word_that_does_not_break(render):
    [measure] = boxes.measure(render(document(slide(0, 0, text="W" * 30)))).values()
    assert measure.overflow.right > 100 and measure.overflow.down <= boxes.TOLERANCE
    assert measure.overflow.describe().endswith(' px too wide (p "' + "W" * 30 + '")')


@pytest.mark.parametrize("block_px", [200, 240, 280])
def test_the_search_finds_the_largest_scale_that_fits(render, block_px):
    # Fits when 20·s + H·s ≤ 160 (give or take the half-pixel tolerance): the search stops at a scale that fits
    # and fills the safe area (search.FULL), or within search.CLOSE of the best.
    best = (160 + boxes.TOLERANCE) / (20 + block_px)
    result = fit.autofit(document(slide(0, block_px)), render, floor_px=5)
    [shrunk] = result.slides
    assert shrunk.overflow is None
    assert min(best * search.FULL, best / search.CLOSE) <= shrunk.scale <= best
    assert shrunk.min_text == pytest.approx(20 * shrunk.scale, abs=0.01)
    assert render.count <= 1 + fit.STEPS
    # The page kept is the one laid out at that scale: measured again, it fits.
    assert boxes.measure(result.document)[0].overflow is None


def test_every_overflowing_slide_is_searched_in_the_same_renders(render):
    result = fit.autofit(document(slide(0, 260), slide(1, 100), slide(2, 180)), render, floor_px=5)
    scales = [s.scale for s in result.slides]
    assert scales[1] == 1.0 and scales[0] < scales[2] < 1.0
    assert all(s.overflow is None for s in result.slides)
    assert render.count <= 1 + fit.STEPS  # not one search per slide: both are searched in the same renders
    assert len(result.document.pages) == 3


def test_the_floor_stops_the_search_and_the_slide_still_overflows(render):
    # 12 px floor: --fs may not go under 0.6, and the block needs 0.5 or less.
    result = fit.autofit(document(slide(0, 300)), render, floor_px=12)
    [stuck] = result.slides
    assert stuck.overflow is not None and stuck.overflow.down > 0
    # The smallest legible scale tried is kept.
    assert 0.6 <= stuck.scale < 1 and stuck.min_text == pytest.approx(20 * stuck.scale, abs=0.01)
    assert render.count < 1 + fit.STEPS  # an illegible trial that still overflows ends the search


def grown(index: int, block_px: float, grow: float, text: str = "Hello") -> str:
    """A slide whose theme lets it grow to `grow` (written on its body, as slide.html does)."""
    return (f'<div class="pg"><section class="slide" id="s{index}"><div class="body" data-grow="{grow}">'
            f'<p>{text}</p><div class="block" style="height: calc({block_px}px * var(--fs, 1))"></div></div>'
            f'</section></div>')


def test_a_sparse_slide_is_laid_out_once_at_its_growth_limit(render):
    result = fit.autofit(document(grown(0, 40, 1.5)), render, floor_px=10)
    [only] = result.slides
    assert (only.scale, only.overflow, render.count) == (1.5, None, 1)


@pytest.mark.parametrize("block_px", [110, 120, 125])
def test_a_slide_too_full_for_its_limit_grows_as_far_as_it_fits(render, block_px):
    # Fits when (20 + H)·s ≤ 160: between 1 and the limit of 1.5, found in a few layouts.
    best = (160 + boxes.TOLERANCE) / (20 + block_px)
    result = fit.autofit(document(grown(0, block_px, 1.5)), render, floor_px=10)
    [only] = result.slides
    assert only.overflow is None and min(best * search.FULL, best / search.CLOSE) <= only.scale <= best
    assert render.count <= 4
    assert boxes.measure(result.document)[0].overflow is None


def test_a_word_too_wide_at_the_limit_is_fitted_by_its_width(render):
    # 160 px of room across; the word is about 12 px a letter at 20 px type.
    result = fit.autofit(document(grown(0, 0, 1.5, text="W" * 9)), render, floor_px=5)
    [only] = result.slides
    assert only.overflow is None and only.scale < 1.5
    assert render.count <= 4


def test_scaled_html_sets_the_scale_per_slide_and_keeps_only_the_slides_asked_for():
    html = document(slide(0, 10), slide(1, 10), slide(2, 10))
    out = fit.scaled_html(html, {0: 0.5, 2: 1}, only=[2, 0])
    assert "<style>#s0{--fs:0.5000}</style>" in out and "#s2{" not in out  # 1 is the default
    assert out.index('id="s0"') < out.index('id="s2"') and 'id="s1"' not in out
    assert fit.scaled_html(html, {}) == html


def post(*kinds):
    """What report() reads of a post: each slide's kind and line."""
    return SimpleNamespace(slides=[SimpleNamespace(kind=kind, line=10 + n, number=n + 1, lines={}, part=None)
                                   for n, kind in enumerate(kinds)])


def test_report_warns_for_shrunk_and_small_text_and_raises_for_an_overflow():
    over = fit.Overflow(40, 0, 'li.item "x"')
    slides = [fit.SlideFit(0, 0.53, None, 24, "a"), fit.SlideFit(1, 0.7, over, 24, "b"),
              fit.SlideFit(2, 1.0, None, 18, "tiny words"), fit.SlideFit(3, 1.0, over, 30, "c")]
    with pytest.raises(CarrouselError) as err:
        fit.report(slides, post("list", "list", "cover", "quote"), 24, "content/p.yaml")
    # Every slide that does not fit is reported, one line each.
    first, second = err.value.format().splitlines()
    assert first.startswith('content/p.yaml:11: slide 2 (list): 40 px too long (li.item "x") at 70%: it does not '
                            "fit even with text shrunk to the 24 px floor")
    assert second.startswith("✗ content/p.yaml:13: slide 4 (quote): 40 px too long")
    warnings = fit.report(slides, post("list", "list", "cover", "quote"), 24, "content/p.yaml", allow_overflow=True)
    assert [(w.slide, w.level, w.code) for w in warnings] == [
        (1, "warning", "shrunk"), (2, "error", "overflow"), (3, "warning", "small-text"), (4, "error", "overflow")]
    assert warnings[0].message == "shrunk to 53% to fit"
    assert warnings[2].message == 'text at 18 px, below the theme\'s 24 px floor ("tiny words")'


def test_code_grows_to_where_its_longest_line_takes_its_width_in_two_layouts(render):
    # 15 code lines of 8 px type take 120 px of 160: heights alone would aim at 1.3, where the long
    # line would break in two. Its width at scale 1 says how far it can grow.
    lines = ["let total = compute(alpha, beta, gam);"] + [f"short line {n:02d}" for n in range(14)]
    code = "".join(f'<span class="line" style="display: block">{line}</span>' for line in lines)
    body = (f'<div class="pg"><section class="slide" id="s0"><div class="body" data-grow="1.5">'
            f'<pre style="margin: 0; white-space: pre-wrap; font: calc(8px * var(--fs, 1))/1 monospace">{code}</pre>'
            f'</div></section></div>')
    result = fit.autofit(document(body), render, floor_px=5)
    [only] = result.slides
    assert only.overflow is None and 1 < only.scale < 1.5 and render.count == 2
    slide_box = next(box for _, box in boxes.slides(result.document.pages[0]))
    assert fill.span(slide_box).wraps == 0
    wider = render(fit.scaled_html(document(body), {0: only.scale * 1.03}))
    assert fill.span(next(box for _, box in boxes.slides(wider.pages[0]))).wraps == 1, "3% larger breaks the line"


def test_code_in_a_box_as_wide_as_its_text_still_grows(render):
    # An inline-block is as wide as its longest line: its lines say nothing of where they would break.
    code = "".join(f'<span class="line" style="display: block">line number {n:02d} of the code</span>'
                   for n in range(8))
    body = (f'<div class="pg"><section class="slide" id="s0"><div class="body" data-grow="1.5">'
            f'<pre style="display: inline-block; margin: 0; white-space: pre-wrap; '
            f'font: calc(8px * var(--fs, 1))/1 monospace">{code}</pre></div></section></div>')
    [only] = fit.autofit(document(body), render, floor_px=5).slides
    assert only.overflow is None and only.scale > 1.2
