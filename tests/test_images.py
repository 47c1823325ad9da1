"""Uploaded images: only real JPEG, PNG or WebP under 5 MB, re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from records.images import MAX_BYTES, clean_image
from tests.admin_forms import INLINES, PRACTICE_DEFAULTS

pytestmark = pytest.mark.django_db


def image_file(name="photo.jpg", image_format="JPEG", size=(40, 30), exif=None):
    output = io.BytesIO()
    options = {"exif": exif} if exif else {}
    Image.new("RGB", size, "teal").save(output, image_format, **options)
    return SimpleUploadedFile(name, output.getvalue())


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (14.0, 41.0, 0.0)}  # GPS block
    return exif


def test_a_jpeg_is_re_encoded_without_its_metadata():
    cleaned = clean_image(image_file(exif=gps_exif()))
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_png_and_webp_are_accepted():
    assert clean_image(image_file("map.png", "PNG")).name.endswith(".png")
    assert clean_image(image_file("map.webp", "WEBP")).name.endswith(".webp")


def test_a_renamed_text_file_is_refused():
    with pytest.raises(ValidationError, match="not a JPEG, PNG or WebP"):
        clean_image(SimpleUploadedFile("photo.jpg", b"just some text, not an image"))


def test_a_gif_is_refused():
    with pytest.raises(ValidationError, match="not a JPEG, PNG or WebP"):
        clean_image(image_file("anim.gif", "GIF"))


def test_an_image_over_5_mb_is_refused():
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * MAX_BYTES)
    with pytest.raises(ValidationError, match="larger than 5 MB"):
        clean_image(big)


def admin_post(client, upload):
    data = {"title_en": "Kiosk photos", "slug": "kiosk-photos", "language": "en", "source_document": "form"}
    data.update(PRACTICE_DEFAULTS)
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data["image"] = upload
    return client.post(reverse("admin:practices_practice_add"), data)


def test_admin_refuses_a_renamed_text_file_and_saves_nothing(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = admin_post(admin_client, SimpleUploadedFile("photo.jpg", b"<?php echo 'hello'; ?>"))
    assert response.status_code == 200
    assert "Upload a valid image." in response.text
    assert not list(tmp_path.rglob("*"))


def test_admin_stores_the_re_encoded_image(admin_client, settings, tmp_path):
    from practices.models import Practice

    settings.MEDIA_ROOT = tmp_path
    assert admin_post(admin_client, image_file(exif=gps_exif())).status_code == 302
    stored = Practice.objects.get(slug="kiosk-photos").image
    with Image.open(stored.path) as image:
        assert not image.getexif()


def test_a_record_with_an_image_shows_it_on_its_page_and_card_with_caption_credit_and_alt(
    client, make_practice, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice(
        countries=["SN"],
        image_alt_en="Women sorting seedlings in a nursery",
        image_caption_en="The cooperative's nursery in Thiès",
        image_credit="Photo: A. Diallo",
    )
    practice.image.save("nursery.jpg", image_file(), save=True)
    page = client.get(practice.get_absolute_url()).text
    assert 'alt="Women sorting seedlings in a nursery"' in page
    assert "The cooperative&#x27;s nursery in Thiès" in page
    assert "Photo: A. Diallo" in page
    card = client.get("/en/practices/", {"country": "SN"}).text
    assert f'class="card-image" src="{practice.image.url}" alt="Women sorting seedlings in a nursery"' in card


def test_a_record_without_an_image_shows_no_placeholder(client):
    card = client.get("/en/practices/").text
    page = client.get("/en/practices/amuddu/").text
    assert "card-image" not in card
    assert "record-image" not in page
    assert "<img" not in page[page.index("<main") : page.index("</main>")]
