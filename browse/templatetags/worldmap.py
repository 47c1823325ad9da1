"""The world map above a list of records, drawn where it is shown."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from browse.worldmap import world_map
from records.views import narrowing

register = template.Library()


@register.inclusion_tag("includes/world_map.html", takes_context=True)
def list_map(context, title):
    """Each country shaded by its records under the list's filters, and a link that adds it to them.

    Reads what render_filtered_list puts in the context: the country facet's counts and the points.
    """
    request = context["request"]
    filterset = context["filter"]
    drawn = world_map(
        context["country_counts"],
        context["map_points"],
        narrowing(request, "country"),
        selected=filterset.selected_values("country"),
        kind=filterset._meta.model._meta.model_name,
    )
    return {"world_map": drawn, "title": title, "foldable": True}


# A map shows up to 200 countries, each twice: as a shaded link on the map and as a link in the list
# under it, and up to 500 projects' points (projects.models.MAP_POINTS). Built here as strings, like the
# facets' options: a template loop over the countries took 6 ms a page, over 500 points 11 ms. Escaped by
# the standard library's html.escape(), as the facets' options are (records.templatetags.catalogue).


@register.simple_tag
def map_shapes(drawn):
    """The countries with records, each a link around its shaded outline, titled with its count."""
    return mark_safe(
        "\n".join(
            f'<a class="country shade-{country.shade}{" selected" if country.selected else ""}"'
            f' href="{escape(country.link)}"{current(country)}>'
            f'<title>{escape(country.label)}</title><path d="{country.path}"/></a>'  # path: safe (worldmap.py)
            for country in drawn.countries
        )
    )


@register.simple_tag
def map_points(drawn):
    """The projects with a location, each a link around its dot. Coordinates as the SVG reads them, with a
    point for decimals in every language (a float's own str(), as `unlocalize` gives)."""
    return mark_safe(
        "\n".join(
            f'<a class="point" href="{escape(point.link)}"><title>{escape(point.label)}</title>'
            f'<circle cx="{point.x}" cy="{point.y}" r="4"/></a>'
            for point in drawn.points
        )
    )


@register.simple_tag
def map_links(drawn):
    """The same links in text, as list items, for those who do not read the map."""
    return mark_safe(
        "".join(
            f'<li><a href="{escape(country.link)}"{current(country)}>{escape(country.label)}</a></li>'
            for country in drawn.countries
        )
    )


def current(country):
    return ' aria-current="true"' if country.selected else ""
