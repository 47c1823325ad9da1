"""Every facet of a list reaches every door: the API's records, the downloads, and the staff.

A facet is a filter of PracticeFilter or ProjectFilter. Whatever a visitor can filter by, a reuser of
the API or of a download must be able to read in each record, and the staff groups must be able to
see every model the facet reads, or they could not fill it in. These tests walk the FilterSets' own
filters, so a new facet fails here until each of those places has it (docs/adding-a-facet.md).
"""

import pytest
from django.contrib.auth.models import Group

from api.serializers import PracticeSerializer, ProjectSerializer
from opendata.exports import PRACTICE_FIELDS, PROJECT_FIELDS
from practices.filters import PracticeFilter
from projects.filters import ProjectFilter
from records.models import OrganisationRole

# Each list: its FilterSet, the serializer of the API's list of those records, and the download's columns.
LISTS = {
    "practices": (PracticeFilter, PracticeSerializer, PRACTICE_FIELDS),
    "projects": (ProjectFilter, ProjectSerializer, PROJECT_FIELDS),
}
# Settings of a list that are no facet: words, the order, and the primary-objective switch of `gcm`
# (`page` is the paginator's, not a filter).
NOT_FACETS = {"q", "sort", "gcm_primary"}
# Filters that work through a method on the record's own columns: the fields they read. A project's
# status (planned, ongoing, completed) is worked out from its period; an ongoing record runs to today.
PERIOD = ["start_year", "end_year", "ongoing"]
FIELDS_READ = {"year_from": PERIOD, "year_to": PERIOD, "status": PERIOD}
# The downloads name a few columns otherwise than the record does: record field -> download columns.
DOWNLOAD_COLUMNS = {
    "language": ["original_language"],
    "start_year": ["start"],
    "end_year": ["end"],
    "principles": ["gcm_principles"],
    "organisations": [f"organisations_{role}" for role in OrganisationRole.Role],
}
STAFF_GROUPS = ["Contributors", "Reviewers"]

FACETS = [
    pytest.param(kind, name, id=f"{kind}-{name}")
    for kind, (filterset_class, _serializer, _columns) in LISTS.items()
    for name in filterset_class.base_filters
    if name not in NOT_FACETS
]


def paths(kind, name):
    """The model paths that facet `name` reads, from the record: `countries__region`, `practice_type`."""
    filterset_class = LISTS[kind][0]
    return FIELDS_READ.get(name) or [filterset_class.base_filters[name].field_name]


def record_fields(kind, name):
    """The record's own fields through which facet `name` reads: `countries` for `countries__region`.

    A facet reaching past a link (a country's region) is shown by the link (the country), which the
    API's reference endpoints describe in full.
    """
    model = LISTS[kind][0]._meta.model
    return [model._meta.get_field(path.split("__")[0]) for path in paths(kind, name)]


def api_sources(field):
    """What an API field showing record `field` reads: the field, or for a link, the links themselves
    (`country_links`, each with its provenance)."""
    if not field.many_to_many:
        return {field.name}
    link_to_record = field.remote_field.through._meta.get_field(field.m2m_field_name())
    return {field.name, link_to_record.remote_field.get_accessor_name()}


def models_read(kind, name):
    """Every model facet `name` reads: the record's own, or each link table and entry along its path."""
    model = LISTS[kind][0]._meta.model
    models = set()
    for path in paths(kind, name):
        current = model
        for part in path.split("__"):
            field = current._meta.get_field(part)
            if field.many_to_many:
                models.add(field.remote_field.through)
            current = field.related_model or current
            models.add(current)
    return models


@pytest.mark.parametrize(("kind", "name"), FACETS)
def test_every_facet_is_a_field_of_the_api_records(kind, name):
    sources = {field.source for field in LISTS[kind][1]().fields.values()}
    missing = [field.name for field in record_fields(kind, name) if not api_sources(field) & sources]
    assert missing == [], f"{kind}: the API's records show nothing of {missing}, which facet {name!r} reads"


@pytest.mark.parametrize(("kind", "name"), FACETS)
def test_every_facet_is_a_column_of_the_downloads(kind, name):
    expected = {
        column for field in record_fields(kind, name) for column in DOWNLOAD_COLUMNS.get(field.name, [field.name])
    }
    missing = sorted(expected - set(LISTS[kind][2]))
    assert missing == [], f"{kind}: the downloads have no column {missing} for facet {name!r}"


@pytest.mark.django_db
@pytest.mark.parametrize("group", STAFF_GROUPS)
@pytest.mark.parametrize(("kind", "name"), FACETS)
def test_both_staff_groups_may_view_every_model_a_facet_reads(kind, name, group):
    granted = set(Group.objects.get(name=group).permissions.values_list("content_type__app_label", "codename"))
    needed = {(model._meta.app_label, f"view_{model._meta.model_name}") for model in models_read(kind, name)}
    assert needed <= granted, f"{group} cannot view {sorted(needed - granted)}, which facet {name!r} reads"


def test_the_guard_checks_every_facet_the_filter_forms_count():
    for kind, (filterset_class, _serializer, _columns) in LISTS.items():
        counted = {*filterset_class.relation_facets, *(name for name, *_ in filterset_class().column_facets())}
        checked = {name for facet_kind, name in (facet.values for facet in FACETS) if facet_kind == kind}
        assert counted <= checked, kind


def test_the_settings_left_out_are_filters_of_both_lists():
    for filterset_class, _serializer, _columns in LISTS.values():
        assert set(filterset_class.base_filters) >= NOT_FACETS
