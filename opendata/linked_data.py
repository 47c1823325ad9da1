"""schema.org descriptions of the record pages, for search engines and link previews.

A practice is a CreativeWork (a described way of doing things); a project is a
schema.org Project, an Organization-like undertaking with founding and dissolution
dates. Both read only what `for_detail()` prefetched.
"""

from opendata.exports import partial_date
from records.models import OrganisationRole
from taxonomy.text import localized

GCM = "Global Compact for Safe, Orderly and Regular Migration: objectives"


def linked_data(record, request):
    url = request.build_absolute_uri(record.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": localized(record, "title").text,
        "description": excerpt(record),
        "identifier": record.slug,
        "dateModified": record.updated_at.isoformat(),
    }
    if record.source_url:
        data["isBasedOn"] = record.source_url
    if record._meta.model_name == "project":
        data.update(project_properties(record))
    else:
        data.update(practice_properties(record))
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def practice_properties(practice):
    return {
        "inLanguage": practice.language,
        "temporalCoverage": period(practice),
        "spatialCoverage": countries(practice),
        "about": objectives(practice),
        "audience": [
            {"@type": "Audience", "audienceType": link.beneficiary.name} for link in practice.beneficiary_links.all()
        ],
        "creator": organisations(practice, [OrganisationRole.Role.LEAD]),
        "contributor": organisations(
            practice, [OrganisationRole.Role.PARTNER, OrganisationRole.Role.STRATEGIC, OrganisationRole.Role.OTHER]
        ),
        "funder": organisations(practice, [OrganisationRole.Role.DONOR]),
    }


def project_properties(project):
    places = countries(project)
    if project.has_location:
        places.append(
            {
                "@type": "Place",
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": float(project.latitude),
                    "longitude": float(project.longitude),
                },
            }
        )
    return {
        "@type": "Project",
        "foundingDate": partial_date(project.start_year, project.start_month),
        "dissolutionDate": partial_date(project.end_year, project.end_month),
        "location": places,
        "knowsAbout": objectives(project),
        "member": organisations(
            project, [role for role in OrganisationRole.Role if role != OrganisationRole.Role.DONOR]
        ),
        "funder": organisations(project, [OrganisationRole.Role.DONOR]),
    }


def excerpt(record):
    for field in record.excerpt_fields:
        if text := localized(record, field):
            return text.text
    return ""


def period(record):
    """An ISO 8601 interval; ".." for an end the source does not give."""
    start = partial_date(record.start_year, record.start_month)
    end = partial_date(record.end_year, record.end_month)
    if not start:
        return end
    return f"{start}/{end or '..'}"


def countries(record):
    return [
        {"@type": "Country", "name": link.country.name, "identifier": link.country_id}
        for link in record.country_links.all()
    ]


def objectives(record):
    return [
        {
            "@type": "DefinedTerm",
            "termCode": str(link.objective_id),
            "name": link.objective.short_label,
            "inDefinedTermSet": GCM,
        }
        for link in record.objective_links.all()
    ]


def organisations(record, roles):
    result = []
    for link in record.organisation_roles.all():
        if link.role not in roles:
            continue
        organisation = {"@type": "Organization", "name": localized(link.organisation, "name").text}
        if acronym := localized(link.organisation, "acronym").text:
            organisation["alternateName"] = acronym
        if link.organisation.website:
            organisation["url"] = link.organisation.website
        result.append(organisation)
    return result
