"""PDF summaries of a record and of a filtered list, for reading offline and printing at workshops.

WeasyPrint draws them from the site's templates (templates/opendata/summary*.html) and a stylesheet of
their own (static/css/summary.css), with Debian's fonts, found by fontconfig: the page's language, the
title as metadata, and tags for screen readers (PDF/UA-1). It fetches nothing: a template or a record's
text that named an address outside would be refused, not read (decisions/014).
"""

import logging
from functools import cache

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

# A list's PDF holds its first records, in the list's order: a workshop's handful, not the catalogue.
LIST_LIMIT = 50
STYLESHEET = settings.BASE_DIR / "static" / "css" / "summary.css"


logger = logging.getLogger(__name__)


@cache
def weasyprint():
    """WeasyPrint's HTML class, the stylesheet and a fetcher that refuses every address, or None without
    Pango: imported on first use, so that the site runs, its PDFs aside, on a machine without it."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except OSError:
        logger.exception("WeasyPrint cannot load Pango: the PDF summaries are unavailable")
        return None

    class NothingFetched(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"A summary fetches nothing: {url}")

    fetcher = NothingFetched()
    return HTML, CSS(filename=str(STYLESHEET), url_fetcher=fetcher), fetcher


def pdf(request, template_name, context):
    """The PDF of `template_name`, its links absolute, so that they lead to the site from a printout's
    file; None when WeasyPrint is unavailable."""
    if (loaded := weasyprint()) is None:
        return None
    html_class, stylesheet, fetcher = loaded
    html = render_to_string(template_name, context, request=request)
    document = html_class(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True)


def pdf_response(content, name, public=True):
    """`content` as a PDF to open in the browser, or save as `name`-<language>.pdf. An unpublished record's
    summary (a staff preview) is private, never stored by a shared cache."""
    if content is None:
        message = _("PDF summaries are not available at the moment. The page and the CSV and JSON downloads are.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-{translation.get_language()}.pdf"'
    if not public:
        patch_cache_control(response, private=True, no_store=True)
    return response


def record_summary(request, record):
    content = pdf(request, "opendata/summary.html", {"record": record, "address": address(request, record)})
    return pdf_response(content, record.slug, public=record.is_public)


def list_summary(request, records, title, list_address):
    """The first LIST_LIMIT of `records` (a list's queryset, in its order), a table of contents first, each
    record from a new page."""
    chosen = list(records[:LIST_LIMIT])
    context = {
        "records": [(record, address(request, record)) for record in chosen],
        "title": title,
        "list_address": request.build_absolute_uri(list_address),
        "limit": LIST_LIMIT,
    }
    return pdf_response(pdf(request, "opendata/summaries.html", context), "records")


def address(request, record):
    return request.build_absolute_uri(record.get_absolute_url())
