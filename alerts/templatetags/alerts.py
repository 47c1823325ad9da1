"""The "save this search" form under a list, for signed-in users (visitors' pages stay the same for all,
and cacheable)."""

from django import template

from alerts.forms import SaveSearchForm

register = template.Library()


@register.inclusion_tag("alerts/save_form.html", takes_context=True)
def save_search(context, kind, title):
    """`title`: the list's ("Practices"); the search is named after it and its active filters."""
    request = context["request"]
    if not request.user.is_authenticated:
        return {"show": False}
    values = [chip.value_label for chip in context.get("chips", [])]
    label = f"{title}: {', '.join(str(value) for value in values)}" if values else str(title)
    query = request.GET.copy()
    for name in ("page", "sort"):
        query.pop(name, None)
    form = SaveSearchForm(initial={"kind": kind, "query": query.urlencode(), "label": label[:300]})
    return {"show": True, "form": form}
