"""The coverage page's charts as geometry: what templates/browse/charts/*.svg draw, in whole SVG units.

Drawn here rather than by a charting library: the page's Content-Security-Policy refuses inline styles,
which pygal writes into every chart, and these three charts need a hundred lines
(decisions/014). Scales start at zero and are linear, axes are labelled, and every mark has a text
equivalent: its <title>, and the data table under the chart.
"""

import math
from dataclasses import dataclass, field

from browse.worldmap import shade_bounds

FONT_SIZE = 13
# An average character of the sans-serif text at FONT_SIZE, to fit labels into their column.
CHARACTER_WIDTH = 7


def shortened(text, width):
    """`text` cut to what `width` units hold, with an ellipsis; the full text is in the mark's <title>."""
    fits = max(4, width // CHARACTER_WIDTH)
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "…"


def shade(count, bounds):
    """The shade class number of `count` among `bounds` (worldmap.shade_bounds): 0 for none."""
    return next((number for number, _lowest, highest in bounds if count <= highest), 0) if count else 0


def nice_step(highest, ticks=5):
    """A step of 1, 2 or 5 times a power of ten that divides 0..highest into about `ticks` parts."""
    if highest <= ticks:
        return 1
    rough = highest / ticks
    power = 10 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= rough)


@dataclass
class Tick:
    value: int
    position: int


# The matrices.


@dataclass
class MatrixCell:
    x: int
    y: int
    count: int
    link: str
    shade: int
    title: str


@dataclass
class MatrixRow:
    y: int
    label: str
    title: str
    cells: list[MatrixCell]


@dataclass
class MatrixHead:
    x: int
    y: int
    label: str
    title: str


@dataclass
class MatrixChart:
    width: int
    height: int
    cell_width: int
    cell_height: int
    label_width: int
    header_height: int
    rotated: bool
    heads: list[MatrixHead]
    rows: list[MatrixRow]
    legend: list[tuple[int, int, int]] = field(default_factory=list)


def matrix_chart(matrix, total_label, cell_title):
    """The SVG of a Matrix (browse.coverage): a row an entry, a column a place and the total, apart.

    cell_title(entry, place name, count): what a cell says to a screen reader and on hover.
    """
    rotated = len(matrix.columns) > 6
    cell_width, cell_height = (44, 26) if rotated else (92, 26)
    label_width = 300
    header_height = 140 if rotated else 44
    gap = 12
    places = [region.name for region in matrix.columns]
    heads = [
        MatrixHead(label_width + index * cell_width + cell_width // 2, header_height - 8, shortened(name, 130), name)
        for index, name in enumerate(places)
    ]
    total_x = label_width + len(places) * cell_width + gap
    heads.append(MatrixHead(total_x + cell_width // 2, header_height - 8, total_label, total_label))
    bounds = shade_bounds([cell.count for row in matrix.rows for cell in row.cells])
    rows = []
    for number, row in enumerate(matrix.rows):
        y = header_height + number * cell_height
        label = str(row.entry)
        cells = [
            MatrixCell(
                label_width + index * cell_width,
                y,
                cell.count,
                cell.link,
                shade(cell.count, bounds),
                cell_title(label, places[index], cell.count),
            )
            for index, cell in enumerate(row.cells)
        ]
        total = row.total
        cells.append(MatrixCell(total_x, y, total.count, total.link, -1, cell_title(label, total_label, total.count)))
        rows.append(MatrixRow(y, shortened(label, label_width - 8), label, cells))
    return MatrixChart(
        width=total_x + cell_width + 2,
        height=header_height + len(rows) * cell_height + 2,
        cell_width=cell_width,
        cell_height=cell_height,
        label_width=label_width,
        header_height=header_height,
        rotated=rotated,
        heads=heads,
        rows=rows,
        legend=bounds,
    )


# Records per year of start, stacked by kind.


@dataclass
class Segment:
    kind: str
    y: int
    height: int


@dataclass
class YearBar:
    x: int
    year: int
    segments: list[Segment]
    title: str
    labelled: bool
    label_x: int


@dataclass
class BarChart:
    width: int
    height: int
    left: int
    top: int
    bottom: int  # y of the axis
    bar_width: int
    bars: list
    ticks: list[Tick]


def years_chart(years, kinds, bar_title):
    """Stacked bars of [YearCount] (browse.coverage), kinds in the order of `kinds`, on a y axis from 0.

    bar_title(year count): what a bar says to a screen reader and on hover.
    """
    left, top, plot_height, right, plot_width = 56, 12, 240, 12, 720
    # The plot keeps its width: a few years give wide slots, with bars no wider than 40 units in them.
    slot = max(6, plot_width // max(1, len(years)))
    bar_width = max(4, min(40, slot - 4))
    highest = max((year.total for year in years), default=0) or 1
    step = nice_step(highest)
    top_value = step * math.ceil(highest / step)
    bottom = top + plot_height

    def height_of(count):
        return round(count * plot_height / top_value)

    # A label every few years, so that they do not overlap: 4-digit years need some 36 units.
    every = max(1, math.ceil(36 / slot))
    bars = []
    for index, year in enumerate(years):
        y, segments = bottom, []
        for kind in kinds:
            height = height_of(year.counts.get(kind, 0))
            y -= height
            segments.append(Segment(kind, y, height))
        x = left + index * slot + (slot - bar_width) // 2
        labelled = index % every == 0
        bars.append(YearBar(x, year.year, segments, bar_title(year), labelled, x + bar_width // 2))
    ticks = [Tick(value, bottom - height_of(value)) for value in range(0, top_value + 1, step)]
    return BarChart(left + len(years) * slot + right, bottom + 48, left, top, bottom, bar_width, bars, ticks)


# The busiest organisations: a horizontal bar each, named above it.


@dataclass
class OrganisationBar:
    y: int
    width: int
    count: int
    name: str
    language: str
    link: str


def organisations_chart(ranked):
    """Horizontal bars of [RankedOrganisation] (browse.coverage), on an x axis from 0."""
    left, plot_width, row_height = 8, 560, 44
    highest = max((organisation.count for organisation in ranked), default=0) or 1
    step = nice_step(highest)
    top_value = step * math.ceil(highest / step)
    bars = []
    for index, organisation in enumerate(ranked):
        name = organisation.organisation.display_name
        bars.append(
            OrganisationBar(
                index * row_height + 4,
                max(1, round(organisation.count * plot_width / top_value)),
                organisation.count,
                name.text,
                name.language,
                organisation.link,
            )
        )
    bottom = len(ranked) * row_height + 4
    ticks = [Tick(value, left + round(value * plot_width / top_value)) for value in range(0, top_value + 1, step)]
    return BarChart(left + plot_width + 60, bottom + 44, left, 4, bottom, plot_width, bars, ticks)
