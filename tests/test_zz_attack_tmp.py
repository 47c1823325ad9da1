import pytest
from django.contrib.auth.models import User
from practices.models import Practice
from records import workflow
from records.models import Status
from submissions.checklist import criteria
from submissions.models import Submission
from tests.partners import PASSWORD, complete, draft, partner, reviewer

pytestmark = pytest.mark.django_db


def form_data(practice, **changes):
    data = {
        "language": practice.language,
        "title": getattr(practice, f"title_{practice.language}"),
        "summary": getattr(practice, f"summary_{practice.language}"),
        "countries": [l.country_id for l in practice.country_links.all()],
        "gcm_objectives": [l.objective_id for l in practice.objective_links.all()],
        "checklist": practice.submission.checklist,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def owner(client):
    user = partner()
    client.force_login(user)
    return user


BAD = [
    {"language": "de"},
    {"language": "xx-yy"},
    {"title": "x" * 301},
    {"title": "a\x00b"},
    {"summary": "a\x00b"},
    {"start_year": "abc"},
    {"start_year": "99999999999999999999999"},
    {"start_year": "-5"},
    {"start_month": "13"},
    {"start_month": "1.5"},
    {"start_month": "99999999999999999999999"},
    {"countries": ["XX"]},
    {"countries": ["' OR 1=1 --"]},
    {"gcm_objectives": ["abc"]},
    {"gcm_objectives": ["999"]},
    {"gcm_objectives": ["0"]},
    {"gcm_objectives": ["-1"]},
    {"gcm_objectives": ["99999999999999999999999"]},
    {"gcm_objectives": ["1e3"]},
    {"principles": ["99999999999999999999999"]},
    {"sdgs": ["99999999999999999999999"]},
    {"beneficiaries": ["99999999999999999999999"]},
    {"sdgs": ["abc"]},
    {"beneficiaries": ["abc"]},
    {"principles": ["abc"]},
    {"checklist": ["bogus"]},
    {"practice_type": "bogus"},
    {"contact_1_name": "A", "contact_1_email": "not-an-email"},
    {"contact_1_name": "A" * 201},
    {"contact_1_name": "A\x00"},
    {"start_year": "2020", "end_year": "2010"},
    {"ongoing": "on", "end_year": "2020", "start_year": "2010"},
    {"end_month": "5"},
    {"locality": "x" * 301},
    {"key_theme": "x" * 201},
    {"image_alt": "x" * 301},
    {"image_caption": "x" * 501},
    {"image_credit": "x" * 301},
    {"organisations_as_written": "a\x00"},
]


@pytest.mark.parametrize("change", BAD, ids=[str(i) for i in range(len(BAD))])
@pytest.mark.parametrize("autosave", [False, True])
def test_bad_input_is_a_400(client, owner, change, autosave):
    practice, _ = draft(owner, title="Before")
    headers = {"X-Autosave": "1"} if autosave else {}
    r = client.post(f"/en/my-submissions/{practice.pk}/", form_data(practice, **change), headers=headers)
    assert r.status_code == 400, (change, r.status_code)
    practice.refresh_from_db()
    assert practice.title_en == "Before"


def test_smuggled_fields_ignored(client, owner):
    other = partner("b@example.org")
    practice, _ = draft(owner, title="Mine")
    slug = practice.slug
    data = form_data(practice, status="published", slug="hijack", created_by=str(other.pk),
                     submitted_at="2020-01-01", published_at="2020-01-01", source_document="x",
                     peer_review_comments="x", peer_review_comments_en="x", editors_note="x", editors_note_en="x",
                     source_related_practices="1", title_fr="French smuggled", summary_fr="x", submitter=str(other.pk),
                     imported_from="evil", id="99999", pk="99999", source_url="http://evil",
                     source_citation="x", scope="global", region_as_written="x", period_as_written="x",
                     type_provenance="inferred")
    r = client.post(f"/en/my-submissions/{practice.pk}/", data)
    assert r.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT
    assert practice.created_by == owner
    assert practice.slug != "hijack"
    assert not practice.source_document and not practice.editors_note and not practice.peer_review_comments
    assert not practice.title_fr
    assert practice.submitted_at is None and practice.published_at is None
    assert not practice.source_url
    assert practice.submission.submitter == owner


def test_other_partner_cannot_touch(client, owner):
    other = partner("b@example.org")
    theirs, _ = complete(other, title="Theirs")
    for url in [f"/en/my-submissions/{theirs.pk}/"]:
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(theirs, title="pwn", submit="1")).status_code == 404
    staff = reviewer()
    staff_practice = Practice.objects.create(language="en", title_en="Staff", slug="staff-one", created_by=staff)
    assert client.get(f"/en/my-submissions/{staff_practice.pk}/").status_code == 404
    # the preview of someone else's draft
    theirs.refresh_from_db()
    assert client.get(theirs.get_absolute_url()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title_en == "Theirs" and theirs.status == Status.DRAFT


def test_submit_twice_and_after_publish(client, owner):
    practice, _ = complete(owner)
    url = f"/en/my-submissions/{practice.pk}/"
    r = client.post(url, form_data(practice, submit="1"))
    assert r.status_code == 302
    r = client.post(url, form_data(practice, submit="1"))
    assert r.status_code == 403
    r = client.post(url, form_data(practice, title="changed"), headers={"X-Autosave": "1"})
    assert r.status_code == 403
    staff = reviewer()
    workflow.apply(practice, "publish", staff)
    r = client.post(url, form_data(practice, title="changed"))
    assert r.status_code == 403
    with pytest.raises(Exception):
        workflow.apply(practice, "archive", owner)


def test_staff_partners_only(client):
    staff = reviewer()
    client.force_login(staff)
    assert client.post("/en/submit/").status_code == 403
    assert client.get("/en/my-submissions/").status_code == 403
