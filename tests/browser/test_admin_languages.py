"""Staff enter a record in its own language: the language tabs open on it, a text typed in another tab is
pointed out, and the slug follows the title in that language."""

import pytest
from django.contrib.auth.models import User

from practices.models import Practice

PASSWORD = "a-long-password-for-tests-only"


@pytest.fixture
def editor(seeded, page, expect):
    """`page`, logged in to the admin as a superuser."""
    User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    return page


def test_the_tabs_of_a_spanish_record_open_on_spanish_and_follow_the_language_when_it_changes(editor, expect):
    practice = Practice.objects.create(
        title_es="Atención a migrantes", slug="atencion", language="es", summary_es="Un servicio municipal."
    )
    editor.goto(f"/admin/practices/practice/{practice.pk}/change/")
    expect(editor.locator("#id_title_es")).to_be_visible()
    expect(editor.locator("#id_summary_es")).to_be_visible()
    expect(editor.locator("#id_title_en")).to_be_hidden()
    editor.locator("#id_language").select_option("fr")
    expect(editor.locator("#id_summary_fr")).to_be_visible()
    # The French tab is now the original one, and empty while the Spanish one has text.
    expect(editor.get_by_role("status").filter(has_text="The French tab is empty").first).to_be_visible()


def test_the_slug_of_a_new_record_fills_from_its_spanish_title_until_typed_by_hand(editor, expect):
    editor.goto("/admin/practices/practice/add/")
    editor.locator("#id_language").select_option("es")
    expect(editor.locator("#id_title_es")).to_be_visible()
    editor.locator("#id_title_es").fill("Atención jurídica a migrantes en Quito")
    expect(editor.locator("#id_slug")).to_have_value("atencion-juridica-a-migrantes-en-quito")

    editor.locator("#id_slug").fill("asesoria-quito")
    editor.locator("#id_title_es").fill("Asesoría jurídica en Quito")
    expect(editor.locator("#id_slug")).to_have_value("asesoria-quito")


def test_text_typed_in_another_languages_tab_of_a_new_record_is_pointed_out(editor, expect):
    editor.goto("/admin/practices/practice/add/")
    editor.locator("#id_language").select_option("es")
    title = editor.locator(".ui-tabs", has=editor.locator("#id_title_en"))
    title.get_by_role("tab", name="en", exact=True).click()
    editor.locator("#id_title_en").fill("Legal aid for migrants")
    note = title.get_by_role("status")
    expect(note).to_have_text("The Spanish tab is empty: give this text in the record’s original language too.")
    title.get_by_role("tab", name="es", exact=True).click()
    editor.locator("#id_title_es").fill("Asesoría jurídica")
    expect(note).to_have_text("This text is in the English tab, but the record’s original language is Spanish.")
