"""The world map above a list of records, drawn where it is shown."""

from django import template

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
