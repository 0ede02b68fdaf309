"""Bar charts for the evaluation PDF (reportlab.graphics). A hidden count has no bar and is
labelled [c], never drawn as 0."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.textlabels import NA_Label
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from yot_desktop.domain.evaluation import SuppressedEvaluation
from yot_desktop.domain.statistics import SUPPRESSED_MARK, Cell, SuppressedTable
from yot_desktop.letters.fonts import FONT, register_fonts
from yot_desktop.reports.common import short_group

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
SERIES_COLOURS = (
    colors.HexColor("#0072B2"),
    colors.HexColor("#E69F00"),
    colors.HexColor("#009E73"),
    colors.HexColor("#CC79A7"),
)
FUNNEL_KEYS = ("referred", "eligible", "offered", "accepted", "completed", "not_engaged")


def series_colour(index: int) -> colors.Color:
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def _value(cell: Cell) -> int | None:
    return None if cell.suppressed else cell.value


def _bar_chart(
    categories: Sequence[str],
    series: Sequence[Sequence[int | None]],
    width: float,
    bar_height: float,
) -> tuple[HorizontalBarChart, float]:
    """A horizontal bar chart, first category at the top; returns it and the height it needs."""
    register_fonts()
    n_series = len(series)
    group_height = n_series * bar_height + 8
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 12
    chart.width = width - chart.x - 40
    chart.height = group_height * len(categories)
    # Bar charts draw the first category, and in each category the first series, at the
    # bottom; reverse both so the chart reads top-down in the same order as its table.
    chart.data = [list(reversed(s)) for s in reversed(series)]
    chart.categoryAxis.categoryNames = list(reversed(categories))
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    highest = max((v for s in series for v in s if v is not None), default=0)
    chart.valueAxis.valueMax = max(5, int(highest * 1.15) + 1)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.barWidth = bar_height
    chart.groupSpacing = 8
    chart.barSpacing = 1
    chart.barLabelFormat = lambda v: f"{v:,.0f}"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.naLabel = NA_Label()
    chart.naLabel.text = SUPPRESSED_MARK
    chart.naLabel.fontName = FONT
    chart.naLabel.fontSize = 7
    chart.naLabel.boxAnchor = "w"
    chart.naLabel.dx = 3
    for i in range(n_series):
        chart.bars[i].fillColor = series_colour(n_series - 1 - i)
        chart.bars[i].strokeColor = None
    return chart, chart.height + chart.y + 6


def funnel_chart(view: SuppressedEvaluation, width: float) -> Drawing:
    lines = [view.line(k) for k in FUNNEL_KEYS]
    values: list[int | None] = []
    for line in lines:
        assert isinstance(line.value, Cell)
        values.append(_value(line.value))
    chart, height = _bar_chart([ln.label for ln in lines], [values], width, 14)
    drawing = Drawing(width, height)
    drawing.add(chart)
    return drawing


def breakdown_chart(
    table: SuppressedTable,
    width: float,
    stages: Sequence[str] = ("Referred", "Accepted", "Completed"),
) -> Drawing:
    """Chosen funnel stages for each group, one coloured bar per stage."""
    columns = [table.column_labels.index(s) for s in stages]
    series = [[_value(row[j]) for row in table.cells] for j in columns]
    groups = [short_group(g) for g in table.row_labels]
    chart, height = _bar_chart(groups, series, width, 7)
    legend = Legend()
    legend.fontName = FONT
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 7
    legend.deltax = 70
    legend.x, legend.y = 110, height + 8
    legend.colorNamePairs = [(series_colour(i), stage) for i, stage in enumerate(stages)]
    drawing = Drawing(width, height + 16)
    drawing.add(legend)
    drawing.add(chart)
    return drawing
