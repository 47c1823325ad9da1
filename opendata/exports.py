"""The filtered lists as CSV and JSON files, one row per record, streamed a chunk at a time.

A row's keys are the same in every language; its texts, every section of the record's
page among them, are in the page's language, else in the record's original language.
Multi-valued fields are lists, joined with "; " in CSV; identifiers and people are objects
in JSON, each a line of text in CSV ("IOM Prima ID: 12345").
"""

import csv
import itertools
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.timezone import now

from practices.models import Practice
from projects.models import Project
from records.filters import period_status
from records.models import OrganisationRole
from records.sections import text_fields
from taxonomy.models import OrganisationAlias
from taxonomy.text import localized

# Records read from the database at a time, each chunk with its own prefetch queries.
CHUNK_SIZE = 500
SEPARATOR = "; "
# Spreadsheet programs read a CSV file as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


def partial_date(year, month):
    """ISO 8601 with the precision the source gives: "2018" or "2018-03"."""
    if not year:
        return ""
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


class Part(dict):
    """A structured value, such as a person: an object in JSON, a line of text in CSV."""

    def __init__(self, text, **fields):
        super().__init__(**fields)
        self.text = text

    def __str__(self):
        return self.text


def identifier_part(identifier):
    return Part(str(identifier), scheme=identifier.scheme, value=identifier.value)


def person_part(person):
    """In CSV: "Ana Pérez, Project officer, UNDP (contact) <ana@example.org>", with what the source gives."""
    text = ", ".join(part for part in (person.name, person.job_title, person.organisation) if part)
    text += f" ({person.role})" + (f" <{person.email}>" if person.email else "")
    fields = ("name", "job_title", "organisation", "role", "email")
    return Part(text, **{field: getattr(person, field) for field in fields})


def organisation_name(organisation):
    """As the pages name it: in the page's language, else its alias in that language (prefetched)."""
    return organisation.localized_part("name", OrganisationAlias.Kind.NAME).text


def record_row(record, request):
    """What practices and projects share; reads only what `with_classifications()` prefetched."""
    objectives = list(record.objective_links.all())
    organisations = list(record.organisation_roles.all())
    return {
        "url": request.build_absolute_uri(record.get_absolute_url()),
        "slug": record.slug,
        "title": localized(record, "title").text,
        "summary": localized(record, "summary").text,
        "original_language": record.language,
        "start": partial_date(record.start_year, record.start_month),
        "end": partial_date(record.end_year, record.end_month),
        "ongoing": record.ongoing,
        "period_as_written": record.period_as_written,
        "countries": [link.country_id for link in record.country_links.all()],
        "country_names": [link.country.name for link in record.country_links.all()],
        "locality": localized(record, "locality").text,
        "scope": record.scope,
        "region_as_written": record.region_as_written,
        "gcm_primary": next((link.objective_id for link in objectives if link.is_primary), None),
        "gcm_objectives": [link.objective_id for link in objectives],
        "gcm_principles": [link.principle_id for link in record.principle_links.all()],
        "gcr_objectives": [link.objective_id for link in record.gcr_links.all()],
        "sdgs": [link.sdg_id for link in record.sdg_links.all()],
        "beneficiaries": [link.beneficiary.slug for link in record.beneficiary_links.all()],
        **{
            f"organisations_{role}": [
                organisation_name(link.organisation) for link in organisations if link.role == role
            ]
            for role in OrganisationRole.Role
        },
        "identifiers": [identifier_part(identifier) for identifier in record.identifiers.all()],
        "people": [person_part(person) for person in record.people.all()],
        "assigned_by_editors": assigned_classifications(record),
        # The internal file a record was entered from (source_document) stays with the editors.
        "source_citation": record.source_citation,
        "source_url": record.source_url,
        "image": request.build_absolute_uri(record.image.url) if record.image else "",
        "image_alt": localized(record, "image_alt").text,
        "image_caption": localized(record, "image_caption").text,
        "image_credit": record.image_credit,
        "editors_note": localized(record, "editors_note").text,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def assigned_classifications(record):
    """The classifications the editors assigned rather than read in the source, as "kind:value"; for an
    organisation's country, "organisation_country:" and the organisation's id."""
    organisations = [link.organisation for link in record.organisation_roles.all()]
    return [
        # Only practices have a type.
        *([f"practice_type:{record.practice_type}"] if getattr(record, "type_assigned", False) else []),
        *(f"gcm:{link.objective_id}" for link in record.objective_links.all() if link.assigned),
        *(f"country:{link.country_id}" for link in record.country_links.all() if link.assigned),
        *(f"principle:{link.principle_id}" for link in record.principle_links.all() if link.assigned),
        *(f"gcr:{link.objective_id}" for link in record.gcr_links.all() if link.assigned),
        *(f"sdg:{link.sdg_id}" for link in record.sdg_links.all() if link.assigned),
        *(f"beneficiary:{link.beneficiary.slug}" for link in record.beneficiary_links.all() if link.assigned),
        *(f"organisation:{link.organisation_id}" for link in record.organisation_roles.all() if link.assigned),
        *dict.fromkeys(
            f"organisation_country:{organisation.pk}" for organisation in organisations if organisation.country_assigned
        ),
    ]


def section_columns(model):
    """The text fields of `model`'s sections that record_row() does not give already (the summary), in page order."""
    return [field for field in text_fields(model.sections) if field not in RECORD_FIELDS]


def section_texts(record):
    return {field: localized(record, field).text for field in section_columns(type(record))}


def practice_row(practice, request):
    return {
        **record_row(practice, request),
        "practice_type": practice.practice_type,
        "practice_type_provenance": practice.practice_type_provenance,
        "source_category": practice.source_category,
        **section_texts(practice),
    }


def project_row(project, request):
    return {
        **record_row(project, request),
        "status": project.status_by_dates,
        **{name: getattr(project, name) for name in Project.header_facts},
        "duration_months": project.duration_months,
        "latitude": project.latitude,
        "longitude": project.longitude,
        "results": [result_text(result) for result in project.results.all()],
        **section_texts(project),
    }


def result_text(result):
    """ "2022: 150 women trained", or the year and whichever of the figure and text the source gives."""
    parts = ["" if result.figure is None else str(result.figure), localized(result, "description").text]
    return f"{result.year}: " + " ".join(part for part in parts if part)


# The columns, in order: the keys of the rows above.
RECORD_FIELDS = [
    "url",
    "slug",
    "title",
    "summary",
    "original_language",
    "start",
    "end",
    "ongoing",
    "period_as_written",
    "countries",
    "country_names",
    "locality",
    "scope",
    "region_as_written",
    "gcm_primary",
    "gcm_objectives",
    "gcm_principles",
    "gcr_objectives",
    "sdgs",
    "beneficiaries",
    *(f"organisations_{role}" for role in OrganisationRole.Role),
    "identifiers",
    "people",
    "assigned_by_editors",
    "source_citation",
    "source_url",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "editors_note",
    "created_at",
    "updated_at",
]
# Then each kind's own, and its section texts, long ones last.
PRACTICE_FIELDS = [
    *RECORD_FIELDS,
    "practice_type",
    "practice_type_provenance",
    "source_category",
    *section_columns(Practice),
]
PROJECT_FIELDS = [
    *RECORD_FIELDS,
    "status",
    *Project.header_facts,
    "duration_months",
    "latitude",
    "longitude",
    "results",
    *section_columns(Project),
]


def rows(queryset, make_row, request):
    # A project's status is worked out in the query, by the `status` filter's own expression, on today's date.
    # iterator() with a chunk size runs the queryset's prefetches once per chunk, so neither
    # the records nor their links are ever all in memory.
    for record in queryset.annotate(status_by_dates=period_status()).iterator(chunk_size=CHUNK_SIZE):
        yield make_row(record, request)


class Echo:
    """A file-like object whose write() returns the line, for csv.writer."""

    def write(self, value):
        return value


def csv_lines(rows, fields):
    writer = csv.DictWriter(Echo(), fields)
    yield BOM + writer.writeheader()
    for row in rows:
        yield writer.writerow({name: csv_cell(value) for name, value in row.items()})


# A spreadsheet program runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in the JSON download
    if isinstance(value, list):
        value = SEPARATOR.join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # As OWASP recommends: a leading apostrophe makes the cell text; the JSON download keeps it exact.
        return "'" + value
    return value


def json_chunks(rows, fields):
    """A JSON array, one record a line; `fields` is for the CSV's header, as each record names its own."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "\n]\n"


FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_lines),
    "json": ("application/json", json_chunks),
}


def streamed(content, language):
    # The response is read after the view returns: keep the request's language for every chunk.
    with translation.override(language):
        yield from content


def refused(filterset):
    """A 400 naming each filter a download or feed cannot use, in the request's language: a download of
    more records than asked for would look right and be wrong."""
    messages = [
        f"{filterset.filters[name].label}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
    ]
    return HttpResponseBadRequest("\n".join(messages), content_type="text/plain; charset=utf-8")


def export_response(request, filterset, make_row, fields, name, format):
    """The records of `filterset`, in the list's order, as a streamed `format` download."""
    if not filterset.is_valid():
        return refused(filterset)
    content_type, writer = FORMATS[format]
    content = writer(rows(filterset.qs, make_row, request), fields)
    # The header, then the first record (or the end): the query runs before the response starts, so that a
    # database that does not answer gives a 503, not a 200 with a header alone, which a client could not
    # tell from an empty result. Later, an outage breaks the stream off, unfinished.
    head = list(itertools.islice(content, 2))
    response = StreamingHttpResponse(
        streamed(itertools.chain(head, content), translation.get_language()), content_type=content_type
    )
    filename = f"{name}-{translation.get_language()}-{now():%Y-%m-%d}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
