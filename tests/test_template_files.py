"""The submission template as .docx and .odt: offered in three languages, read back into a draft, and any
file that is not a filled template refused with a clear message, changing nothing (issue 19)."""

import html
import io
import zipfile

import docx
import pytest
from odf import teletype
from odf.opendocument import load
from odf.text import P

from practices.models import Practice
from submissions import template_files
from submissions.forms import TEXT_FIELDS
from tests.partners import partner

pytestmark = pytest.mark.django_db

SEED_000 = "protection-migrants-covid-19-relance-activites-economiques"


@pytest.fixture
def owner(client):
    user = partner()
    client.force_login(user)
    return user


def seed_answers():
    """Seed 000, a Hub practice form in French, as a partner would write it into the template."""
    seed = Practice.objects.get(slug=SEED_000)
    answers = {part: getattr(seed, f"{part}_fr") for part in [*TEXT_FIELDS, "title", "locality"]}
    answers = {part: text for part, text in answers.items() if text}
    answers["countries"] = "\n".join(link.country.name_fr for link in seed.country_links.select_related("country"))
    answers["gcm_objectives"] = ", ".join(str(link.objective_id) for link in seed.objective_links.all())
    return seed, answers


def fill_docx(content, answers):
    document = docx.Document(io.BytesIO(content))
    paragraphs = document.paragraphs
    known, _languages = template_files.known_headings()
    headings = [i for i, paragraph in enumerate(paragraphs) if paragraph.style.name.startswith("Heading")]
    for place, index in enumerate(headings):
        part = known.get(template_files.folded(paragraphs[index].text))
        if part not in answers:
            continue
        following = paragraphs[headings[place + 1]] if place + 1 < len(headings) else None
        end = headings[place + 1] if following is not None else len(paragraphs)
        room = paragraphs[end - 1]  # the empty paragraph left under the heading (and its hint)
        first, *rest = answers[part].split("\n\n")
        room.text = first
        for chunk in rest:
            following.insert_paragraph_before(chunk) if following is not None else document.add_paragraph(chunk)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def fill_odt(content, answers):
    document = load(io.BytesIO(content))
    known, _languages = template_files.known_headings()
    children = list(document.text.childNodes)
    current = None
    for element in children:
        name = element.qname[1]
        if name == "h":
            current = known.get(template_files.folded(teletype.extractText(element)))
        elif name == "p" and current in answers and not teletype.extractText(element):
            first, *rest = answers.pop(current).split("\n\n")
            teletype.addTextToElement(element, first)
            anchor = element.nextSibling
            for chunk in rest:
                paragraph = P(text=chunk)
                document.text.insertBefore(paragraph, anchor) if anchor is not None else document.text.addElement(
                    paragraph
                )
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def upload(client, name, content, language="en"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(f"/{language}/submit/upload/", {"file": file})


@pytest.mark.parametrize("kind", ["docx", "odt"])
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_template_is_offered_in_each_language_with_a_heading_for_every_part(client, kind, language):
    response = client.get(f"/{language}/submit/template.{kind}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="practice-template-{language}.{kind}"'
    blocks = list(
        template_files.docx_blocks(io.BytesIO(response.content))
        if kind == "docx"
        else template_files.odt_blocks(io.BytesIO(response.content))
    )
    found, found_language = template_files.sections(blocks)
    assert found_language == language
    assert set(found) == set(template_files.parts())
    assert not any(found.values())  # nothing but headings and hints: an unfilled template


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_filled_seed_000_template_comes_back_with_every_section_in_place(client, owner, kind):
    seed, answers = seed_answers()
    template = client.get(f"/fr/submit/template.{kind}").content
    filled = (fill_docx if kind == "docx" else fill_odt)(template, dict(answers))
    response = upload(client, f"pratique.{kind}", filled, language="en")  # a French file, on the English page
    assert response.status_code == 302
    draft = Practice.objects.get(created_by=owner)
    assert draft.language == "fr"  # the language of the template's headings
    for field in [*TEXT_FIELDS, "title", "locality"]:
        assert (getattr(draft, f"{field}_fr") or "") == (getattr(seed, f"{field}_fr") or ""), field
    assert set(draft.country_links.values_list("country_id", flat=True)) == set(
        seed.country_links.values_list("country_id", flat=True)
    )
    assert set(draft.objective_links.values_list("objective_id", flat=True)) == set(
        seed.objective_links.values_list("objective_id", flat=True)
    )
    assert draft.submission.imported_from == f"pratique.{kind}"
    assert draft.status == "draft"


def test_dates_and_unknown_countries_are_read_and_told(client, owner):
    template = client.get("/en/submit/template.docx").content
    answers = {"title": "Revolving fund", "countries": "Sénégal, Atlantis", "dates": "2018 – ongoing"}
    response = upload(client, "fund.docx", fill_docx(template, answers))
    draft = Practice.objects.get(created_by=owner)
    assert list(draft.country_links.values_list("country_id", flat=True)) == ["SN"]
    assert (draft.start_year, draft.end_year, draft.ongoing) == (2018, None, True)
    page = client.get(response["Location"])
    assert "These countries were not recognised; choose them in the list: Atlantis" in page.text


def docx_with(template, extra=None, content_types=None, replace=None):
    """A copy of a .docx with members added or replaced."""
    source = zipfile.ZipFile(io.BytesIO(template))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and content_types:
                data = content_types(data)
            if replace and item.filename in replace:
                data = replace[item.filename]
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return output.getvalue()


def png_bytes():
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(output, "PNG")
    return output.getvalue()


def zip_bomb():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (80 * 1024 * 1024))
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("empty.docx", lambda template: b"", "The submitted file is empty."),
        ("photo.docx", lambda template: png_bytes(), "This is not a Word (.docx) or OpenDocument (.odt) file."),
        ("notes.docx", lambda template: b"just some text", "This is not a Word (.docx) or OpenDocument (.odt) file."),
        ("cut.docx", lambda template: template[: len(template) // 2], "This is not a Word (.docx) or OpenDocument"),
        (
            "macros.docm",
            lambda template: docx_with(
                template,
                extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"},
                content_types=lambda data: data.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                ),
            ),
            "Files with macros are not accepted.",
        ),
        ("bomb.docx", lambda template: zip_bomb(), "The file unpacks to too much data to be a template."),
        (
            "damaged.docx",
            lambda template: docx_with(template, replace={"word/document.xml": b"<w:document><unclosed>"}),
            "The file could not be read: it may be damaged.",
        ),
        (
            "letter.docx",
            lambda template: docx_document("Dear colleagues,", "Here is our practice."),
            "The file has none of the template's headings.",
        ),
        ("blank.docx", lambda template: template, "The template is empty: write under its headings, then upload it."),
    ],
)
def test_a_file_that_is_not_a_filled_template_gets_a_clear_message_and_changes_nothing(
    client, owner, name, make, message
):
    template = client.get("/en/submit/template.docx").content
    before = Practice.objects.count()
    response = upload(client, name, make(template))
    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert "Nothing was changed." in response.text
    assert Practice.objects.count() == before


def docx_document(*paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, owner, settings):
    settings.SUBMISSION_FILE_MAX_BYTES = 1000
    response = upload(client, "big.docx", client.get("/en/submit/template.docx").content)
    assert response.status_code == 400
    assert "The file is larger than 1000" in response.text


def test_an_unknown_template_format_is_not_found(client):
    assert client.get("/en/submit/template.pdf").status_code == 404


def test_uploading_needs_a_partners_account(client):
    response = upload(client, "x.docx", b"x")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def lying_zip(template, real_megabytes=70):
    """A .docx whose document part declares 100 bytes and unpacks to `real_megabytes`."""
    import struct

    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "word/document.xml":
                with target.open("word/document.xml", "w") as part:
                    for _megabyte in range(real_megabytes):
                        part.write(b"a" * (1 << 20))
            else:
                target.writestr(item.filename, source.read(item.filename))
    data = bytearray(output.getvalue())
    name = b"word/document.xml"
    for signature, name_length_at, size_at, header in ((b"PK\x01\x02", 28, 24, 46), (b"PK\x03\x04", 26, 22, 30)):
        place = data.find(signature)
        while place != -1:
            length = struct.unpack("<H", data[place + name_length_at : place + name_length_at + 2])[0]
            if bytes(data[place + header : place + header + length]) == name:
                struct.pack_into("<I", data, place + size_at, 100)
            place = data.find(signature, place + 1)
    return bytes(data)


def test_a_zip_that_lies_about_its_sizes_is_refused_without_unpacking_it(client, owner):
    """Read a megabyte at a time, the part stops at its declared size, and its checksum then fails."""
    bomb = lying_zip(client.get("/en/submit/template.docx").content)
    assert sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) < 1_000_000
    response = upload(client, "small.docx", bomb)
    assert response.status_code == 400
    assert "The file could not be read: it may be damaged." in response.text
    assert not Practice.objects.filter(created_by=owner).exists()


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_file_of_endless_paragraphs_is_refused_without_reading_them_all(client, owner, kind):
    if kind == "docx":
        content = docx_document(*["x"] * 20_000)
    else:
        from odf.opendocument import OpenDocumentText

        document = OpenDocumentText()
        for _number in range(20_000):
            document.text.addElement(P(text="x"))
        output = io.BytesIO()
        document.write(output)
        content = output.getvalue()
    response = upload(client, f"long.{kind}", content)
    assert response.status_code == 400
    assert "The file holds far more text than a template: shorten it." in response.text
    assert not Practice.objects.filter(created_by=owner).exists()


def test_an_answer_longer_than_its_field_is_cut_to_fit(client, owner):
    template = client.get("/en/submit/template.docx").content
    response = upload(
        client, "long.docx", fill_docx(template, {"title": "T" * 400, "locality": "L" * 400, "key_theme": "K" * 400})
    )
    assert response.status_code == 302
    draft = Practice.objects.get(created_by=owner)
    assert (len(draft.title_en), len(draft.locality_en), len(draft.key_theme_en)) == (300, 300, 200)
