"""Each detail page shows the key facts of its source document, in the right section."""

import pytest
from django.template.defaultfilters import urlize
from django.utils.html import escape

from records.templatetags import catalogue
from records.templatetags.catalogue import linked

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.text


def test_hub_practice_shows_summary_lessons_innovation_and_related_practices(client):
    text = page(client, "/en/practices/protection-migrants-covid-19-relance-activites-economiques/")
    assert "distribution des kits de protection Covid-19" in text
    assert '<section id="lessons-learned"' in text
    assert "Avoir un bon partenaire" in text
    assert "CSI Afrique" in text
    assert "InfoContigo: Inter-agency attention platform for Refugees and Migrants" in text


# What an item the editors assigned carries: an asterisk for the eye, words for screen readers.
ASSIGNED = (
    '<span class="assigned-mark"><span aria-hidden="true">*</span>'
    '<span class="visually-hidden"> (assigned by the editors)</span></span>'
)


def test_hub_practice_marks_what_the_editors_assigned(client):
    text = page(client, "/en/practices/protection-migrants-covid-19-relance-activites-economiques/")
    assert f"Senegal</a>{ASSIGNED}</li>" in text
    assert f'15. Access to basic services</a>{ASSIGNED} <span class="note">(primary)</span>' in text


def test_hub_practice_explains_the_mark_once_in_a_legend(client):
    text = page(client, "/en/practices/protection-migrants-covid-19-relance-activites-economiques/")
    assert text.count('<p class="provenance-legend">') == 1
    assert "(assigned by the editors)</span>" in text
    assert "Assigned by the editors; the rest is as the source states it." in text


def test_joint_initiative_shows_contacts_countries_and_beneficiaries(client):
    text = page(client, "/en/practices/initiative-mondiale-financement-initial-oim-pnud-covid-19/")
    assert 'href="mailto:david.khoudour@undp.org"' in text
    assert "mhoff@iom.int" in text
    assert ">Kyrgyzstan</a>" in text
    assert ">Moldova</a>" in text
    assert "commerçants transfrontaliers informels" in text
    assert "Informal cross-border traders" in text


def test_amuddu_shows_its_gcr_objective_theme_and_start(client):
    text = page(client, "/en/practices/amuddu/")
    assert "2. Enhance refugee self-reliance" in text
    assert "Emploi et auto-emploi" in text
    assert "March 2018" in text
    assert "Quatre agents communautaires professionnels" in text


def test_i_migr_shows_partners_by_kind_contact_and_results_expected(client):
    text = page(client, "/en/projects/i-migr/")
    assert "<dt>Strategic partner</dt>" in text
    assert "Union Tunisienne de Solidarité Sociale (UTSS)" in text
    assert "<dt>Other partner</dt>" in text
    assert "Centre d’Information et d’Education au Développement – CIES Onlus" in text
    assert "+216 71 749 608" in text
    assert "R3 L’accès des migrants-es aux services" in text
    assert "Ariana et 2 autre(s) régions" in text
    assert "June 2020" in text


def test_gene_sis_shows_location_duration_funder_and_2022_figures(client):
    text = page(client, "/en/projects/gene-sis/")
    assert "13.704472" in text
    assert "-89.193733" in text
    assert "2021 – 2023 (30 months)" in text
    assert "European Union" in text
    assert '<strong class="figure">747</strong>' in text
    assert "Honduras et du Guatemala" in text


def test_french_content_is_marked_french_on_english_pages(client):
    text = page(client, "/en/projects/gene-sis/")
    assert '<h1 lang="fr">Gene-Sis: Création de nouvelles opportunités' in text
    assert "shown in its original language: French" in text


def test_french_content_is_not_marked_on_french_pages(client):
    text = page(client, "/fr/projects/gene-sis/")
    assert "<h1>Gene-Sis: Création de nouvelles opportunités" in text
    assert 'lang="fr"><p>' not in text


def test_a_translation_is_shown_when_there_is_one(client, make_practice):
    practice = make_practice(language="fr", title_fr="Titre original", title_es="Título traducido")
    text = page(client, f"/es/practices/{practice.slug}/")
    assert "<h1>Título traducido</h1>" in text


def test_draft_is_a_404(client, make_practice):
    practice = make_practice(status="draft")
    assert client.get(f"/en/practices/{practice.slug}/").status_code == 404


def test_text_typed_by_staff_is_escaped(client, make_project):
    project = make_project(summary_en='<img src=x onerror="alert(1)">')
    text = page(client, f"/en/projects/{project.slug}/")
    assert "<img src=x" not in text
    assert "&lt;img src=x" in text


@pytest.mark.parametrize(
    "text",
    [
        "Plain words, <b>tags</b> & \"quotes\" and 'apostrophes'",
        "Read more on www.iom.int.",
        "See https://example.org/path?a=1&b=<2> for the law",
        "Write to contact@example.org, or (EXAMPLE.COM)",
        "A word.community and a site.fr are not addresses",
        "Line one\n\nLine two\nwith a break",
        "WWW.UN.ORG; http://xn--bcher-kva.example/ and gov.uk/x.gov/ &amp; &#39;",
        "Ask at info@oim.int; or see data.gov/migration.",
    ],
)
def test_a_record_text_is_escaped_and_linked_as_urlize_would(text):
    assert linked(text) == urlize(text, autoescape=True)


def test_a_record_text_with_no_address_is_escaped_without_urlize(monkeypatch):
    monkeypatch.setattr(catalogue, "urlize", lambda *args, **kwargs: pytest.fail("read word by word"))
    assert linked('Fonds revolving & "micro-crédits" <b>' * 20) == escape('Fonds revolving & "micro-crédits" <b>' * 20)


def test_an_address_in_a_record_text_becomes_a_link_on_its_page(client, make_practice):
    practice = make_practice(summary_en="Details at www.iom.int and <script>x</script>.")
    text = page(client, practice.get_absolute_url())
    assert '<a href="http://www.iom.int" rel="nofollow">www.iom.int</a>' in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text
