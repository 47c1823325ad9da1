"""Every save through the admin is a revision: staff compare versions, restore one, recover a deleted record."""

import pytest
from django.urls import reverse
from reversion.models import Version

from practices.models import Practice

pytestmark = pytest.mark.django_db

INLINES = [
    "objective_links",
    "country_links",
    "organisation_roles",
    "beneficiary_links",
    "principle_links",
    "gcr_links",
    "sdg_links",
    "review_comments",
    "status_changes",
]


def form_data(title, countries, existing=()):
    """The admin form: `existing` country links are deleted, `countries` added."""
    data = {"title_en": title, "slug": "water-kiosks", "language": "en", "source_document": "form"}
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    forms = [{"id": link.pk, "country": link.country_id, "DELETE": "on"} for link in existing]
    forms += [{"country": code, "provenance": "stated"} for code in countries]
    data["country_links-TOTAL_FORMS"] = str(len(forms))
    data["country_links-INITIAL_FORMS"] = str(len(existing))
    for index, form in enumerate(forms):
        data.update({f"country_links-{index}-{key}": value for key, value in form.items()})
        data.setdefault(f"country_links-{index}-provenance", "stated")
        data[f"country_links-{index}-practice"] = existing[0].practice_id if existing else ""
    return data


@pytest.fixture
def edited_twice(admin_client):
    admin_client.post(reverse("admin:practices_practice_add"), form_data("Water kiosks", ["FR"]))
    practice = Practice.objects.get(slug="water-kiosks")
    change = reverse("admin:practices_practice_change", args=[practice.pk])
    response = admin_client.post(
        change, form_data("Water kiosks, second edition", ["DE"], practice.country_links.all())
    )
    assert response.status_code == 302
    return practice


def test_each_admin_save_is_a_revision(edited_twice):
    assert Version.objects.get_for_object(edited_twice).count() == 2


def test_restoring_a_revision_brings_back_the_old_text_and_links(edited_twice):
    edited_twice.refresh_from_db()
    assert [link.country_id for link in edited_twice.country_links.all()] == ["DE"]
    first = Version.objects.get_for_object(edited_twice).last()
    first.revision.revert(delete=True)
    edited_twice.refresh_from_db()
    assert edited_twice.title_en == "Water kiosks"
    assert [link.country_id for link in edited_twice.country_links.all()] == ["FR"]


def test_history_and_comparison_pages_open(admin_client, edited_twice):
    history = admin_client.get(reverse("admin:practices_practice_history", args=[edited_twice.pk]))
    assert history.status_code == 200
    first, second = Version.objects.get_for_object(edited_twice).order_by("pk")
    compare = admin_client.get(
        reverse("admin:practices_practice_compare", args=[edited_twice.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    assert compare.status_code == 200
    assert "second edition" in compare.text


def test_a_deleted_record_can_be_recovered_with_its_links(admin_client, edited_twice):
    admin_client.post(reverse("admin:practices_practice_delete", args=[edited_twice.pk]), {"post": "yes"})
    assert not Practice.objects.filter(slug="water-kiosks").exists()
    assert admin_client.get(reverse("admin:practices_practice_recoverlist")).status_code == 200
    Version.objects.get_deleted(Practice).first().revision.revert()
    recovered = Practice.objects.get(slug="water-kiosks")
    assert [link.country_id for link in recovered.country_links.all()] == ["DE"]
