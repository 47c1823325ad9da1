"""RSS and Atom feeds of the newest published records, for the whole list or any filter of it.

A feed takes the list page's query parameters (?country=SN&gcm=21): subscribing to a
filtered list follows what is added to it. Values the list would leave out are left out.
"""

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from practices.filters import PracticeFilter
from projects.filters import ProjectFilter
from records.sections import text_fields
from taxonomy.text import localized

FEED_SIZE = 30


class RecordFeed(Feed):
    """Subclasses set the FilterSet (its model gives the records) and the list page's URL name."""

    filterset_class = None
    list_url_name = None

    def get_object(self, request):
        records = self.filterset_class._meta.model.objects.published().for_list()
        filterset = self.filterset_class(request.GET, queryset=records, request=request)
        if not filterset.is_valid():
            # A feed of more records than asked for would look right and be wrong: the 400 page says so.
            raise BadRequest(", ".join(filterset.form.errors))
        return filterset

    def feed_url(self, filterset):
        # The feed's own address, filters included (Atom's rel="self").
        return filterset.request.get_full_path()

    def link(self, filterset):
        query = filterset.data.copy()
        for name in ("page", "sort"):
            query.pop(name, None)
        return reverse(self.list_url_name) + (f"?{query.urlencode()}" if query else "")

    def items(self, filterset):
        # Newly published first whatever ?sort= says: a feed is about what is new. Records loaded from
        # fixtures have no publication date; their creation date stands in for it.
        published = Coalesce("published_at", "created_at")
        return filterset.qs.order_by(published.desc(), "-pk")[:FEED_SIZE]

    def item_title(self, record):
        return localized(record, "title").text

    def item_description(self, record):
        # A record without any excerpt (a project with no summary) is described by its first section with text.
        for field in dict.fromkeys([*record.excerpt_fields, *text_fields(record.sections)]):
            if text := localized(record, field):
                return text.text
        return ""

    def item_pubdate(self, record):
        return record.published_at or record.created_at

    def item_updateddate(self, record):
        return record.updated_at

    def item_categories(self, record):
        return [
            *(str(link.objective) for link in record.objective_links.all()),
            *(link.country.name for link in record.country_links.all()),
        ]


class PracticeFeed(RecordFeed):
    filterset_class = PracticeFilter
    list_url_name = "practices:list"

    def title(self, filterset):
        return _("New practices · Migration practices catalogue")

    def description(self, filterset):
        return _("Migration good practices newly added to the catalogue.")


class ProjectFeed(RecordFeed):
    filterset_class = ProjectFilter
    list_url_name = "projects:list"

    def title(self, filterset):
        return _("New projects · Migration practices catalogue")

    def description(self, filterset):
        return _("Migration projects newly added to the catalogue.")


class AtomFeedMixin:
    feed_type = Atom1Feed

    def subtitle(self, filterset):
        return self.description(filterset)


class PracticeAtomFeed(AtomFeedMixin, PracticeFeed):
    pass


class ProjectAtomFeed(AtomFeedMixin, ProjectFeed):
    pass
