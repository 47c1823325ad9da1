import io, time
import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from practices.models import Practice
from tests.partners import PASSWORD, complete, draft, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = partner()
    client.force_login(user)
    return user


@pytest.mark.parametrize("name", ["bad_exif.jpg", "bad_exif.webp"])
def test_bad_exif_image(client, owner, name, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    practice, _ = draft(owner, title="T")
    data = open(f"/tmp/attack/{name}", "rb").read()
    r = client.post(f"/en/my-submissions/{practice.pk}/", {"language": "en", "title": "T", "image": SimpleUploadedFile(name, data)})
    print(name, r.status_code)
    assert r.status_code == 400


def make_docx(parts):
    d = docx.Document()
    for heading, text in parts:
        d.add_heading(heading, level=2)
        d.add_paragraph(text)
    out = io.BytesIO(); d.save(out); return out.getvalue()


def test_big_text_draft_cannot_be_saved(client, owner):
    data = make_docx([("Title", "Big"), ("Summary", "word " * 600_000)])
    r = client.post("/en/submit/upload/", {"file": SimpleUploadedFile("t.docx", data)})
    print("upload", len(data), r.status_code)
    assert r.status_code == 302
    p = Practice.objects.get(created_by=owner)
    print("summary length", len(p.summary_en))
    r = client.get(r["Location"])
    assert r.status_code == 200
    form = {"language": "en", "title": "Big", "summary": p.summary_en}
    r = client.post(f"/en/my-submissions/{p.pk}/", form)
    print("save back", r.status_code)
    r = client.post(f"/en/my-submissions/{p.pk}/", form, headers={"X-Autosave": "1"})
    print("autosave back", r.status_code, r["Content-Type"])
    assert r.status_code in (200, 302)


def test_failed_upload_leaves_no_draft(client, owner):
    data = make_docx([("Title", "Long"), ("Key theme", "x" * 250)])
    try:
        r = client.post("/en/submit/upload/", {"file": SimpleUploadedFile("t.docx", data)})
        print("status", r.status_code)
    except Exception as e:
        print("raised", type(e).__name__)
    print("drafts left", list(Practice.objects.filter(created_by=owner).values_list("slug", "title_en")))


def test_many_paragraphs_time(client, owner):
    d = docx.Document()
    d.add_heading("Title", level=2); d.add_paragraph("T")
    d.add_heading("Summary", level=2)
    body = d.element.body
    from docx.oxml import parse_xml
    p = d.add_paragraph("a")._p
    import copy
    for _ in range(20000):
        body.insert(body.index(p), copy.deepcopy(p))
    out = io.BytesIO(); d.save(out); data = out.getvalue()
    t = time.time()
    r = client.post("/en/submit/upload/", {"file": SimpleUploadedFile("t.docx", data)})
    print("20k paragraphs", len(data), "bytes", r.status_code, f"{time.time() - t:.1f}s")
