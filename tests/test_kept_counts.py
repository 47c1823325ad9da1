"""The facet counts kept at write time equal the counts made from the link tables, after every kind of change."""

import pytest
from django.core.management import call_command
from django.http import QueryDict

from practices.filters import PracticeFilter
from practices.models import Practice, PracticeCountry, PracticeObjective, PracticeOrganisation
from projects.filters import ProjectFilter
from projects.models import Project
from records.models import FacetCount, Status
from taxonomy.models import Organisation

pytestmark = pytest.mark.django_db


def kept_and_counted(filterset_class, model):
    """(kept counts, counts made from the tables) of every facet the kept counts cover."""
    filterset = filterset_class(QueryDict(), queryset=model.objects.published())
    filterset.is_valid()
    counted = {}
    for name in filterset.kept_facets():
        counts = filterset.counts(name, filterset.queryset)
        counted[name] = {value: count for value, count in counts.items() if value is not None and count}
    kept = {name: filterset.kept_counts.get(name, {}) for name in counted}
    return kept, counted


def test_the_seeds_kept_counts_equal_the_counted_ones():
    for filterset_class, model in [(PracticeFilter, Practice), (ProjectFilter, Project)]:
        kept, counted = kept_and_counted(filterset_class, model)
        assert kept == counted
        assert counted["country"]


def test_kept_counts_follow_links_added_and_removed_withdrawals_and_deletions(
    make_practice, django_capture_on_commit_callbacks
):
    first = make_practice(countries=["IS", "NO"], objectives=[3, 5])
    second = make_practice(countries=["IS"], objectives=[3])
    organisation = Organisation.objects.create(name_en="Fjord Council")
    PracticeOrganisation.objects.create(record=first, organisation=organisation, role="lead")
    PracticeCountry.objects.filter(record=first, country_id="NO").delete()
    PracticeObjective.objects.create(record=second, objective_id=7)
    second.status = Status.ARCHIVED
    second.save()
    with django_capture_on_commit_callbacks(execute=True):
        Practice.objects.get(slug="amuddu").delete()
    kept, counted = kept_and_counted(PracticeFilter, Practice)
    assert kept == counted
    assert counted["country"]["IS"] == 1
    assert counted["organisation"][organisation.pk] == 1
    assert "MA" not in kept["country"]


def test_the_unfiltered_list_counts_its_records_from_the_kept_counts(client, make_practice):
    make_practice(countries=["IS"])
    withdrawn = make_practice(countries=["IS"])
    withdrawn.status = Status.ARCHIVED
    withdrawn.save()
    response = client.get("/en/practices/")
    assert response.context["page_obj"].paginator.count == Practice.objects.published().count()
    assert response.context["filter"].known_count() == Practice.objects.published().count()


def test_rebuilding_every_document_gives_the_same_counts(make_practices):
    make_practices(30, countries=["FR", "DE"], objectives=[1])
    before = set(FacetCount.objects.filter(count__gt=0).values_list("kind", "key", "count"))
    FacetCount.objects.all().delete()
    call_command("index_search", verbosity=0)
    assert set(FacetCount.objects.filter(count__gt=0).values_list("kind", "key", "count")) == before
