"""Drawing a checked Chart on a matplotlib figure: bars, lines, areas or a donut, in the palette."""

from __future__ import annotations

from carrousel.figures.chart_spec import Chart, figure
from carrousel.figures.figure import text_width
from carrousel.figures.palette import Palette, mix

GROUP = 0.8  # share of a category's width taken by its bars


def colours(chart: Chart, palette: Palette) -> list[str]:
    """One colour per series: the highlighted one in the accent, the others muted; else the theme's tones."""
    if chart.highlight is not None:
        # The others recede: the muted text colour, half blended into the slide.
        quiet = mix(palette.muted, palette.background, 0.55)
        return [palette.accent if row.name == chart.highlight else quiet for row in chart.series]
    tones = list(dict.fromkeys([palette.accent, palette.blue, palette.amber, palette.red, palette.green]))
    return [tones[i % len(tones)] for i in range(len(chart.series))]


def draw(canvas, chart: Chart, palette: Palette, size: float) -> None:
    """Draw the chart on the (empty) matplotlib figure."""
    ax = canvas.add_subplot()
    ax.set_facecolor("none")
    if chart.type == "donut":
        donut(ax, chart, palette, size)
        return
    style_axes(ax, palette, size, horizontal=chart.type == "hbar")
    if chart.type in ("bar", "hbar"):
        bars(ax, chart, palette, size, canvas.get_figwidth() * 72)
    elif chart.type == "stacked":
        stacked(ax, chart, palette, size)
    else:
        lines(ax, chart, palette, size)
    if len(chart.series) > 1 and chart.type not in ("line", "area"):  # lines are named at their ends
        legend = ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncols=len(chart.series), frameon=False,
                           fontsize=size, handlelength=0.8, handleheight=0.8, borderaxespad=0, columnspacing=1.2,
                           borderpad=0)
        for text in legend.get_texts():
            text.set_color(palette.text)
    if chart.unit:
        # Over the value axis for lines (their right end is taken by the series names), else on the right.
        ax.set_title(chart.unit, loc="left" if chart.type in ("line", "area") else "right", fontsize=size,
                     color=palette.muted, pad=size * 0.4)


def style_axes(ax, palette: Palette, size: float, horizontal: bool) -> None:
    """Quiet axes: one baseline, a light grid across the values, no ticks or frame."""
    for side, spine in ax.spines.items():
        spine.set_visible(side == ("left" if horizontal else "bottom"))
        spine.set_color(palette.line)
        spine.set_linewidth(palette.line_width * 0.6)
    ax.tick_params(length=0, labelsize=size, colors=palette.text, pad=size * 0.4)
    ax.grid(axis="x" if horizontal else "y", color=palette.line, linewidth=palette.line_width * 0.3, alpha=0.6)
    ax.set_axisbelow(True)


def bar_labels(ax, containers, values, palette: Palette, size: float, colour: str) -> None:
    """A value over (or beside) each bar of the given containers."""
    for container, row in zip(containers, values):
        ax.bar_label(container, labels=[figure(v) for v in row], padding=size * 0.25, fontsize=size, color=colour)


def bars(ax, chart: Chart, palette: Palette, size: float, width_px: float) -> None:
    """Grouped bars (vertical, or horizontal for hbar) with their values, the value axis left out."""
    count, groups = len(chart.series), len(chart.labels)
    thick = GROUP / count
    horizontal = chart.type == "hbar"
    drawn = []
    for i, (row, colour) in enumerate(zip(chart.series, colours(chart, palette))):
        offsets = [g - GROUP / 2 + thick * (i + 0.5) for g in range(groups)]
        make = ax.barh if horizontal else ax.bar
        drawn.append(make(offsets, row.values, thick * 0.92, color=colour, linewidth=0, label=row.name))
    positions = list(range(groups))
    if horizontal:
        ax.set_yticks(positions, chart.labels)
        ax.invert_yaxis()  # the first label on top, as it is read
        ax.xaxis.set_visible(False)
    else:
        ax.set_xticks(positions, chart.labels)
        ax.yaxis.set_visible(False)
    ax.grid(False)
    # Values on every bar when they fit across it, else on the highlighted (or first) series only.
    bar_px = width_px * 0.85 / groups * thick
    widest = max(text_width(figure(v), palette.sans, size) for row in chart.series for v in row.values)
    keep = [i for i, row in enumerate(chart.series)
            if horizontal or widest <= bar_px * 1.15 or row.name == (chart.highlight or chart.series[0].name)]
    for i in keep:
        colour = palette.text if chart.series[i].name == chart.highlight or chart.highlight is None else palette.muted
        bar_labels(ax, [drawn[i]], [chart.series[i].values], palette, size, colour)
    lo, hi = value_span(chart)
    room = 0.18 if horizontal else 0.12  # headroom for the value labels
    (ax.set_xlim if horizontal else ax.set_ylim)(min(0, lo * (1 + room)), max(0, hi * (1 + room)))


def stacked(ax, chart: Chart, palette: Palette, size: float) -> None:
    """Stacked bars with each bar's total on top."""
    bottoms = [0.0] * len(chart.labels)
    positions = list(range(len(chart.labels)))
    container = None
    for row, colour in zip(chart.series, colours(chart, palette)):
        container = ax.bar(positions, row.values, GROUP, bottom=bottoms, color=colour, linewidth=0, label=row.name,
                           edgecolor="none")
        bottoms = [b + v for b, v in zip(bottoms, row.values)]
    ax.bar_label(container, labels=[figure(total) for total in bottoms], padding=size * 0.25, fontsize=size,
                 color=palette.text)
    ax.set_xticks(positions, chart.labels)
    ax.yaxis.set_visible(False)
    ax.grid(False)
    ax.set_ylim(0, max(bottoms) * 1.12 or 1)


def lines(ax, chart: Chart, palette: Palette, size: float) -> None:
    """Lines (filled below for area), each named with its last value at its right end."""
    from matplotlib.ticker import MaxNLocator

    positions = list(range(len(chart.labels)))
    ends = []
    for row, colour in zip(chart.series, colours(chart, palette)):
        main = row.name == chart.highlight or chart.highlight is None
        width = palette.line_width * (1.6 if main else 1.1)
        ax.plot(positions, row.values, color=colour, linewidth=width, marker="o", markersize=width * 2.2,
                solid_capstyle="round", zorder=3 if main else 2)
        if chart.type == "area":
            ax.fill_between(positions, row.values, color=colour, alpha=0.22 if main else 0.12, linewidth=0)
        # The label of a quiet line keeps text contrast: the muted text colour, not the blended line colour.
        ends.append([row.values[-1], f"{row.name} {figure(row.values[-1])}", colour if main else palette.muted])
    ax.set_xticks(positions, chart.labels)
    ax.tick_params(axis="y", colors=palette.muted)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    lo, hi = value_span(chart)
    if chart.type == "area" or lo >= 0:
        ax.set_ylim(bottom=0, top=hi * 1.08 or 1)
    ax.set_xlim(-0.15, len(positions) - 0.85)
    spread_ends(ax, ends, size)
    for value, text, colour in ends:
        ax.annotate(text, (positions[-1], value[0]), xytext=(size * 0.5, value[1]), textcoords="offset points",
                    fontsize=size, color=colour, va="center", annotation_clip=False)


def spread_ends(ax, ends: list, size: float) -> None:
    """Turn each end's value into (value, vertical offset in px) so that end labels never overlap."""
    ax.figure.canvas.draw_idle()
    lo, hi = ax.get_ylim()
    px_per_unit = ax.get_window_extent().height / ((hi - lo) or 1)
    order = sorted(range(len(ends)), key=lambda i: ends[i][0])
    placed: list[float] = []
    for i in order:
        y = ends[i][0] * px_per_unit
        if placed and y - placed[-1] < size * 1.15:
            y = placed[-1] + size * 1.15
        placed.append(y)
        ends[i][0] = (ends[i][0], y - ends[i][0] * px_per_unit)


def donut(ax, chart: Chart, palette: Palette, size: float) -> None:
    """A donut of one series: tones per slice, a legend with values and shares, the total in the middle."""
    row = chart.series[0]
    tones = list(dict.fromkeys([palette.accent, palette.blue, palette.amber, palette.red, palette.green,
                                palette.muted]))
    slices = [tones[i % len(tones)] for i in range(len(row.values))]
    wedges, _ = ax.pie(row.values, colors=slices, startangle=90, counterclock=False,
                       wedgeprops={"width": 0.34, "linewidth": palette.line_width, "edgecolor": palette.background})
    total = sum(row.values) or 1
    ax.text(0, 0, figure(sum(row.values)) + (f"\n{chart.unit}" if chart.unit else ""), ha="center", va="center",
            fontsize=size * 1.25, color=palette.text, linespacing=1.1)
    names = [f"{label}  {figure(v)} · {v / total:.0%}" for label, v in zip(chart.labels, row.values)]
    legend = ax.legend(wedges, names, loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize=size,
                       handlelength=0.8, handleheight=0.8, labelspacing=0.6)
    for text in legend.get_texts():
        text.set_color(palette.text)
    ax.set_aspect("equal")


def value_span(chart: Chart) -> tuple[float, float]:
    """The lowest and highest values of all series."""
    values = [v for row in chart.series for v in row.values]
    return min(values), max(values)
