"""The mail of saved searches: each due search's records published since it was last checked."""

from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from accounts.mail import send
from alerts.models import SavedSearch
from practices.filters import PracticeFilter
from projects.filters import ProjectFilter

FILTERS = {"practices": PracticeFilter, "projects": ProjectFilter}
SHOWN = 20


def new_records(search, since, until):
    filterset_class = FILTERS[search.kind]
    records = filterset_class._meta.model.objects.published().filter(published_at__gt=since, published_at__lte=until)
    filterset = filterset_class(QueryDict(search.query), queryset=records)
    if not filterset.is_valid():
        # A filter it no longer takes (an organisation merged away): better no mail than every new record.
        return records.none()
    return filterset.qs.order_by("-published_at")


def pages_of(search, records):
    """The addresses the mail gives, in its recipient's language: each record, the list, the way out."""

    def pages(recipient):
        return {
            "items": [(record.title, record.get_absolute_url()) for record in records],
            "list_url": search.list_path(),
            "unsubscribe_url": reverse("alerts:unsubscribe", args=[search.token]),
        }

    return pages


def send_due(now=None):
    """Mail every due search that has new records; running it twice sends nothing twice, as a search is
    checked (its `checked_at` moved) in the transaction that queues its mail."""
    now = now or timezone.now()
    sent = 0
    for search in SavedSearch.objects.select_related("user").filter(user__is_active=True):
        if not search.due(now):
            continue
        with transaction.atomic():
            claimed = SavedSearch.objects.filter(pk=search.pk, checked_at=search.checked_at).update(checked_at=now)
            if not claimed:
                continue  # another run took it
            records = list(new_records(search, search.checked_at, now)[: SHOWN + 1])
            if not records:
                continue
            context = {"search": search, "count": len(records[:SHOWN]), "more": len(records) > SHOWN}
            send(search.user, "alerts/mail/new_records", context, pages_of(search, records[:SHOWN]))
            sent += 1
    return sent
