"""The world map of the home page and the lists: each country shaded by its number of records.

Drawn on the server as inline SVG from Natural Earth's 1:110m borders, shipped in
static/vendor/world-atlas, so that it needs no JavaScript, no tile server and nothing from the
internet. The borders are decoded and projected once per process; a page only picks the shades.
"""

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import pairwise

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django_countries import countries

BORDERS = settings.BASE_DIR / "static/vendor/world-atlas/countries-110m.json"
# Map units across the world. Coordinates are rounded to whole units, about 40 km at the equator:
# as fine as the 1:110m borders, and the SVG stays under 40 KB.
WIDTH = 1000
# Antarctica would take a fifth of the height, for no migration record.
LEFT_OUT = {"AQ"}
# Shades for countries with records; 0 is the shade of a country without.
SHADES = 4

# Equal Earth's coefficients, and its x at longitude 180 on the equator.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
EDGE = 2 * math.sqrt(3) * math.pi / (3 * A1)


def equal_earth(longitude, latitude):
    """Equal Earth projection (Šavrič, Patterson and Jenny, 2018), in map units, y pointing down.

    Equal-area, so that a large country does not look as if it had more records than a small one.
    """
    theta = math.asin(math.sqrt(3) / 2 * math.sin(math.radians(latitude)))
    theta2, theta6 = theta**2, theta**6
    x = 2 * math.sqrt(3) * math.radians(longitude) * math.cos(theta)
    x /= 3 * (9 * A4 * theta6 * theta2 + 7 * A3 * theta6 + 3 * A2 * theta2 + A1)
    y = theta * (A1 + A2 * theta2 + theta6 * (A3 + A4 * theta2))
    scale = WIDTH / (2 * EDGE)
    return (x + EDGE) * scale, -y * scale


@dataclass(frozen=True)
class Borders:
    paths: dict[str, str]  # ISO 3166-1 alpha-2 -> an SVG path's `d`; "" for areas without a code
    view_box: str


@cache
def outlines():
    """Each country's rings of (longitude, latitude), read from the TopoJSON file once per process."""
    topology = json.loads(BORDERS.read_text())
    arcs = _decode_arcs(topology)
    rings = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        # Kosovo, Somaliland and Northern Cyprus have no ISO numeric code: drawn, never linked.
        code = countries.alpha2(geometry["id"]) if "id" in geometry else ""
        if code in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings.setdefault(code, []).extend(
            side for polygon in polygons for ring in polygon for side in _split_at_antimeridian(_ring(ring, arcs))
        )
    return rings


def point_inside(code, rng, tries=200):
    """A random (latitude, longitude) on `code`'s land, for generated records; None for a country too small
    for the map's outlines (Monaco, Tuvalu)."""
    rings = [ring for ring in outlines().get(code, []) if len(ring) > 2]
    if not rings:
        return None
    longitudes = [x for ring in rings for x, _y in ring]
    latitudes = [y for ring in rings for _x, y in ring]
    for _ in range(tries):
        x, y = rng.uniform(min(longitudes), max(longitudes)), rng.uniform(min(latitudes), max(latitudes))
        if sum(_crosses(ring, x, y) for ring in rings) % 2:  # inside an outline and not in a hole
            return round(y, 6), round(x, 6)
    return None


def _crosses(ring, x, y):
    """How many of `ring`'s sides a ray from (x, y) towards the east crosses."""
    return sum(
        (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in pairwise(ring + ring[:1])
    )


@cache
def borders():
    """The countries' outlines in map units, once per process."""
    projected = {code: [_projected(ring) for ring in country_rings] for code, country_rings in outlines().items()}
    corners = [point for country_rings in projected.values() for ring in country_rings for point in ring]
    left, top = min(x for x, _y in corners), min(y for _x, y in corners)
    right, bottom = max(x for x, _y in corners), max(y for _x, y in corners)
    margin = 5
    # Safe: path data is digits, signs, commas and the letters M, l and z, written by _path().
    return Borders(
        {
            code: mark_safe("".join(_path(ring) for ring in country_rings if ring))
            for code, country_rings in projected.items()
        },
        f"{left - margin} {top - margin} {right - left + 2 * margin} {bottom - top + 2 * margin}",
    )


def _decode_arcs(topology):
    """Each arc as (longitude, latitude) points: TopoJSON stores them as quantized steps from the last."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for steps in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in steps:
            x, y = x + step_x, y + step_y
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(indexes, arcs):
    """A closed ring from its arcs; a negative index (~i) is arc i walked backwards."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # An arc starts where the previous one ended.
        points.extend(arc[1:] if points else arc)
    return points


def _split_at_antimeridian(ring):
    """A ring that crosses longitude 180 (Fiji, Chukotka) as one ring a side, else it would run across the map.

    The borders already have a point on the meridian where a ring crosses it, so cutting between the
    two points is enough.
    """
    pieces = [[ring[0]]]
    for before, point in pairwise(ring):
        if abs(point[0] - before[0]) > 180:
            pieces.append([])
        pieces[-1].append(point)
    if len(pieces) == 1:
        return [ring]
    # The ring is closed: its last piece and its first are one, on the same side.
    pieces[0] = pieces.pop() + pieces[0]
    sides = {}
    for piece in pieces:
        sides.setdefault(piece[0][0] < 0, []).extend(piece)
    return [side + side[:1] for side in sides.values()]


def _projected(ring):
    """The ring in whole map units, without the points that rounding makes useless; empty if nothing is left.

    A point is useless when it repeats the last one, or when it lies on the way from the one before to
    the next: rounding puts many points of a long straight border in line.
    """
    points = []
    for longitude, latitude in ring:
        x, y = equal_earth(longitude, latitude)
        point = (round(x), round(y))
        if points and point == points[-1]:
            continue
        if len(points) >= 2 and _straight_on(points[-2], points[-1], point):
            points[-1] = point
        else:
            points.append(point)
    # Three corners and the closing point, or the island is smaller than a map unit.
    return points if len(points) >= 4 else []


def _straight_on(first, middle, last):
    """Whether `middle` lies on the segment from `first` to `last`, going the same way."""
    (x1, y1), (x2, y2) = (middle[0] - first[0], middle[1] - first[1]), (last[0] - middle[0], last[1] - middle[1])
    return x1 * y2 == x2 * y1 and x1 * x2 + y1 * y2 > 0


def _path(points):
    """M, then relative steps, shorter to write than points; z closes the ring, so the last point goes."""
    steps = " ".join(f"{x - before_x},{y - before_y}" for (before_x, before_y), (x, y) in pairwise(points[:-1]))
    # A minus sign separates numbers as well as a space does.
    return f"M{points[0][0]},{points[0][1]}l{steps}z".replace(" -", "-")


# What a page draws.


@dataclass
class MapCountry:
    code: str
    name: str
    count: int
    shade: int
    link: str
    path: str
    selected: bool = False  # ticked in the list's filters
    kind: str = "practice"  # what the shades count: "practice" or "project"

    @cached_property  # read twice a country: on the map and in the list of links under it
    def label(self):
        return counted(self.kind, self.count, get_language()) % {"country": self.name, "count": self.count}


@lru_cache(maxsize=1024)
def counted(kind, count, language):
    """The sentence that labels a country with `count` records of `kind`, in the active language, which
    `language` names for the cache: a map asks for 200, and counts repeat."""
    if kind == "project":
        return ngettext("%(country)s: %(count)s project", "%(country)s: %(count)s projects", count)
    return ngettext("%(country)s: %(count)s practice", "%(country)s: %(count)s practices", count)


@dataclass
class MapPoint:
    x: float
    y: float
    label: str
    link: str


@dataclass
class LegendEntry:
    shade: int
    lowest: int
    highest: int


@dataclass
class WorldMap:
    view_box: str
    land: str  # one path for every area without records: they are neither links nor shaded
    countries: list[MapCountry]  # those with records, by name
    points: list[MapPoint]
    legend: list[LegendEntry]
    any_selected: bool = False
    kind: str = "practice"


def world_map(counts, points, link, selected=(), kind="practice"):
    """What templates/includes/world_map.html draws. Costs no query.

    counts: {ISO alpha-2 code: number of records}; points: [(latitude, longitude, label, address)];
    link: code -> the address a country leads to; selected: the codes ticked in the filters; kind: what
    `counts` counts, "practice" or "project", which the title, legend and labels name alike.
    """
    paths = borders().paths
    counts = {code: count for code, count in counts.items() if count and code in paths}
    buckets = shade_bounds(counts.values())
    shown = [
        MapCountry(
            code, name, counts[code], _shade(counts[code], buckets), link(code), paths[code], code in selected, kind
        )
        for code, name in countries  # by name in the active language, as django-countries sorts them
        if code in counts
    ]
    return WorldMap(
        view_box=borders().view_box,
        land=mark_safe("".join(path for code, path in paths.items() if code not in counts)),  # safe paths
        countries=shown,
        points=[_point(*point) for point in points],
        legend=[LegendEntry(*bucket) for bucket in buckets],
        any_selected=any(country.selected for country in shown),
        kind=kind,
    )


def shade_bounds(counts):
    """[(shade, lowest count, highest count)], lightest first.

    Bounds grow geometrically up to the highest count, so that one busy country does not put every
    other in the lightest shade; the highest bucket always gets the darkest shade.
    """
    highest = max(counts, default=0)
    if not highest:
        return []
    tops = sorted({max(1, round(highest ** (step / SHADES))) for step in range(1, SHADES + 1)})
    lowests = [1, *(top + 1 for top in tops[:-1])]
    first_shade = SHADES - len(tops) + 1
    return [(first_shade + index, lowest, top) for index, (lowest, top) in enumerate(zip(lowests, tops, strict=True))]


def _point(latitude, longitude, label, link):
    x, y = equal_earth(float(longitude), float(latitude))
    return MapPoint(round(x, 1), round(y, 1), label, link)


def _shade(count, buckets):
    return next(shade for shade, _lowest, highest in buckets if count <= highest)
