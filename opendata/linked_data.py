"""schema.org descriptions of the record pages, for search engines and link previews.

A practice is a CreativeWork (a described way of doing things); a project is a
schema.org Project, an Organization-like undertaking with founding and dissolution
dates. Both read only what `for_detail()` prefetched.

Only what the source states is said here: a classification the editors assigned (a
country, an objective, a beneficiary group, an organisation's role) is the catalogue's
judgement, which the page marks as such and schema.org has no way to mark, so it is
left out.
"""

from opendata.exports import partial_date
from records.models import OrganisationRole
from taxonomy.models import OrganisationAlias
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
        "identifier": identifiers(record),
        "dateModified": record.updated_at.isoformat(),
        "isBasedOn": source(record),
        "image": image(record, request),
    }
    if record._meta.model_name == "project":
        data.update(project_properties(record))
    else:
        data.update(practice_properties(record))
    return without_empty(data)


def without_empty(data):
    return {key: value for key, value in data.items() if value not in ("", [], {}, None)}


def stated(links):
    """The links the source states; those the editors assigned are left out."""
    return [link for link in links.all() if not link.assigned]


def practice_properties(practice):
    return {
        "inLanguage": practice.language,
        "temporalCoverage": period(practice),
        "spatialCoverage": [*places(practice), *countries(practice)],
        "about": objectives(practice),
        "audience": [
            {"@type": "Audience", "audienceType": link.beneficiary.name} for link in stated(practice.beneficiary_links)
        ],
        "creator": organisations(practice, [OrganisationRole.Role.LEAD]),
        "contributor": organisations(
            practice, [OrganisationRole.Role.PARTNER, OrganisationRole.Role.STRATEGIC, OrganisationRole.Role.OTHER]
        ),
        "funder": organisations(practice, [OrganisationRole.Role.DONOR]),
        "mentions": organisations(practice, [OrganisationRole.Role.MENTIONED]),
    }


def project_properties(project):
    located = []
    if project.has_location:
        located.append(
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
        # An ongoing project has no dissolution date: none is given, as schema.org has no "present".
        "foundingDate": partial_date(project.start_year, project.start_month),
        "dissolutionDate": partial_date(project.end_year, project.end_month),
        "location": [*countries(project), *places(project), *located],
        "knowsAbout": objectives(project),
        # An organisation the source mentions with no role stated is no member: a project is no creative
        # work, so has no `mentions` to name it under.
        "member": organisations(
            project,
            [
                role
                for role in OrganisationRole.Role
                if role not in (OrganisationRole.Role.DONOR, OrganisationRole.Role.MENTIONED)
            ],
        ),
        "funder": organisations(project, [OrganisationRole.Role.DONOR]),
        "funding": funding(project),
    }


def excerpt(record):
    for field in record.excerpt_fields:
        if text := localized(record, field):
            return text.text
    return ""


def identifiers(record):
    """The catalogue's own (the slug), then each the source gives, as a PropertyValue: scheme and value."""
    given = [
        {"@type": "PropertyValue", "propertyID": identifier.scheme, "value": identifier.value}
        for identifier in record.identifiers.all()
    ]
    return [record.slug, *given] if given else record.slug


def source(record):
    """The source the record was entered from, as cited on the page (never the editors' internal file)."""
    if not record.source_citation:
        return record.source_url
    return without_empty({"@type": "CreativeWork", "name": record.source_citation, "url": record.source_url})


def image(record, request):
    if not record.image:
        return None
    return without_empty(
        {
            "@type": "ImageObject",
            "contentUrl": request.build_absolute_uri(record.image.url),
            "description": localized(record, "image_alt").text,
            "caption": localized(record, "image_caption").text,
            "creditText": record.image_credit,
        }
    )


def period(record):
    """An ISO 8601 interval; ".." for an end the source does not give, or that has not come (ongoing)."""
    start = partial_date(record.start_year, record.start_month)
    end = partial_date(record.end_year, record.end_month)
    if not start:
        return end
    return f"{start}/{end or '..'}"


def countries(record):
    return [
        {"@type": "Country", "name": link.country.name, "identifier": link.country_id}
        for link in stated(record.country_links)
    ]


def places(record):
    """The places below or across the countries, as the source names them: the locality, the region."""
    names = [localized(record, "locality").text, record.region_as_written]
    return [{"@type": "Place", "name": name} for name in names if name]


def objectives(record):
    return [
        {
            "@type": "DefinedTerm",
            "termCode": str(link.objective_id),
            "name": link.objective.short_label,
            "inDefinedTermSet": GCM,
        }
        for link in stated(record.objective_links)
    ]


def organisations(record, roles):
    result = []
    for link in stated(record.organisation_roles):
        if link.role not in roles:
            continue
        result.append(organisation_data(link.organisation))
    return result


def organisation_data(organisation):
    """Its name as the page gives it, and its other names: acronym and aliases (prefetched), in any language."""
    name = organisation.localized_part("name", OrganisationAlias.Kind.NAME).text
    acronym = localized(organisation, "acronym").text
    others = [acronym, *(alias.name for alias in organisation.aliases.all())]
    data = {
        "@type": "Organization",
        "name": name,
        "alternateName": [other for other in dict.fromkeys(others) if other and other != name],
        "url": organisation.website,
    }
    return without_empty(data)


def funding(project):
    """The budget, as a grant of that amount, under its funding programme's name."""
    if project.budget_amount is None and not project.funding_programme:
        return None
    amount = None
    if project.budget_amount is not None:
        amount = {"@type": "MonetaryAmount", "value": float(project.budget_amount), "currency": project.budget_currency}
    return without_empty({"@type": "MonetaryGrant", "name": project.funding_programme, "amount": amount})
