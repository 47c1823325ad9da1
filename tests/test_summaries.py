"""PDF summaries of a record and of a filtered list, in the page's language."""

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def pdf_text(response):
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def test_a_practice_summary_is_a_pdf_with_its_title(client, make_practice):
    practice = make_practice(countries=["SN"], objectives=[3], summary_en="Water points in villages")
    response = client.get(f"/en/practices/{practice.slug}/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(pdf_text(response))
    assert practice.title_en in text
