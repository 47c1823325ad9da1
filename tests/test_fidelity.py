"""Every sentence of the five source documents is on its record's public page, in the order of the source's
sections: the fixtures carry every fact of their source, each in its field (docs/editorial-rules.md).

Each line of a source is one of these, and the tables below say which for every line that is not prose:

- prose: split into sentences, each of which must be on the English page (which shows the original
  French) after the sentence before it, outside "At a glance";
- a heading of the source (`headings`), or a heading that opens a line whose rest is prose
  (`inline_headings`): the page has its own headings, in the page's language, so the test skips them;
- text of the website or viewer around the record (`around`): navigation, sharing buttons, a newsletter
  box, page numbers. It is not part of the record, and the editors' note says it was left out;
- a fact the page shows in its own words (`shown_as`): dates, countries and organisations in "At a glance",
  people among the contacts, the source's title in its citation, or words the editors' note quotes. Each
  such line maps to what the page must show for it, anywhere on the page.

A sentence missing from the page is a fact missing from the record: put it in its field, do not list it here.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

SOURCE_DOCUMENTS = settings.BASE_DIR / "sources" / "documents"

# List markers start a line or stand alone between items; the page draws its lists with its own markup.
BULLET = "[-•\uf0b7]"  # \uf0b7: the bullet of the Symbol font, as the PDF of seed 003 gives it
LINE_MARKER = re.compile(rf"^(?:{BULLET}|\d+\.)\s+")
LONE_BULLET = re.compile(rf"(?<!\S){BULLET}(?!\S)")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Source:
    document: str
    page: str
    headings: tuple[str, ...] = ()
    inline_headings: tuple[str, ...] = ()
    around: tuple[str, ...] = ()
    shown_as: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __str__(self):
        return self.document[:3]


SOURCES = [
    Source(
        "000_b955c21db59c6fb9.txt",
        "/en/practices/protection-migrants-covid-19-relance-activites-economiques/",
        headings=(
            # The Hub's practice form. The editors' note lists the headings the page left empty.
            "Secondary GCM Objectives",
            "Dates",
            "Type de pratique",
            "Résumé",
            "Organisations",
            "Principale(s) organisation(s) de mise en œuvre",
            "Partenaires impliqués",
            "Organisations partenaires/donatrices",
            "Bénéfice et impact",
            "- Autres résultats essentiels",
            "Principales leçons",
            "- Comment chaque défi a été surmonté:",
            "Recommandations(if the practice is to be replicated)",
            "Innovation",
            "- Cette bonne pratique a-t-elle catalysé d'autres initiatives similaires ?",
            "- Les impacts de cette bonne pratique sont-ils durables ?",
            "- Cette bonne pratique est-elle extensible ?",
            "- Le cas échéant, comment la pratique s'est-elle adaptée aux circonstances changeantes engendrées par la "
            "pandémie de COVID-19 ?",
            "Ressources additionnelles",
            "Additional Images",
            "Date de soumission:",
            "Plus de pratiques connexes:",
            "Commentaires des pairs évaluateurs:",
        ),
        inline_headings=(
            # The form's question on immediate impacts, which the editors' note quotes: the answer is
            # under "Benefits and impact".
            "les impacts immédiats ont-ils été",
            "Qu'est-ce qui aurait pu être fait différemment ? :",
        ),
        around=("Newsletter", "Subscribe to our newsletter."),
        shown_as={
            # The Hub's catalogue, named in the source citation.
            "Inventaire des pratiques": ("Inventaire des pratiques",),
        },
    ),
    Source(
        "001_261f9efd22314eeb.txt",
        "/en/practices/initiative-mondiale-financement-initial-oim-pnud-covid-19/",
        headings=(
            # A heading with no values after it, as the editors' note says.
            "Objectifs de Développement Durable Connexes et Objectifs du Pacte Mondial sur les Migrations",
            "Résumé",
            "Objectif clé",
            "Principales activités",
            "Principaux succès ou facteurs innovants, bonnes pratiques et enseignements tirés (si disponibles)",
            "Bénéficiaires",
        ),
        shown_as={
            "David Khoudour, Siège du PNUD, Bureau de la Crise - Solutions de Rétablissement et Équipe de Mobilité "
            "Humaine, david.khoudour@undp.org": (
                "David Khoudour",
                "Siège du PNUD, Bureau de la Crise - Solutions de Rétablissement et Équipe de Mobilité Humaine",
                "david.khoudour@undp.org",
            ),
            "Manuel Hoff, Siège de l'OIM, Unité de la Migration et du Développement Durable, mhoff@iom.int": (
                "Manuel Hoff",
                "Siège de l'OIM, Unité de la Migration et du Développement Durable",
                "mhoff@iom.int",
            ),
            # An invitation to click on links that were not part of the copy: the editors' note quotes it.
            "Cliquez sur chaque pays pour trouver plus de détails sur nos initiatives.": (
                "“Cliquez sur chaque pays pour trouver plus de détails sur nos initiatives.”",
            ),
        },
    ),
    Source(
        "002_20edad67d14d2397.txt",
        "/en/projects/i-migr/",
        headings=(
            "Durée du projet:",
            "Objectif général",
            "Objectifs spécifiques",
            "Plus de détails",
            "Résultats attendus :",
            "Les principales activités :",
            "Régions bénéficiaires",
            # Above the logos of the organisations the page names last.
            "Supporté par",
        ),
        inline_headings=("Zone d’intervention :", "Contact :"),
        around=("Exprimer mon avis", "Partager le projet sur"),
        shown_as={
            # The title, then the site's link back to its list of projects.
            "I-MIGR Retour vers les projets": ("I-MIGR",),
            "Jun 2020 Jun 2020": ("Jun 2020 Jun 2020",),
            "Cofinancé par : L’Union Européenne par le biais du Centre international pour le développement des "
            "politiques migratoires (ICMPD)": (
                "European Union",
                "par le biais du Centre international pour le développement des politiques migratoires (ICMPD)",
                "International Centre for Migration Policy Development (ICMPD)",
            ),
            "Réalisé par : Le Centre d’Information et d’Education au Développement – CIES Onlus": (
                "Centre d’Information et d’Education au Développement – CIES Onlus",
            ),
            "Partenaires stratégiques : Cies Tunisie, Union Tunisienne de Solidarité Sociale (UTSS), Municipalité de "
            "Raoued (Gouvernorat de l’Ariana), Municipalité de La Marsa (Gouvernorat de Tunis)": (
                "Cies Tunisie",
                "Union Tunisienne de Solidarité Sociale (UTSS)",
                "Municipalité de Raoued (Gouvernorat de l’Ariana)",
                "Municipalité de La Marsa (Gouvernorat de Tunis)",
            ),
            "Autres partenaires : Association pour le Leadership et le Développement en Afrique (ALDA), Association "
            "des étudiants et stagiaires africains en Tunisie (AESAT), Association Tunisienne de Coopération pour le "
            "Développement (ATCD)": (
                "Association pour le Leadership et le Développement en Afrique (ALDA)",
                "Association des étudiants et stagiaires africains en Tunisie (AESAT)",
                "Association Tunisienne de Coopération pour le Développement (ATCD)",
            ),
            # Two logos: "UE" is the European Union.
            "Réseau Euromed Logo UE Logo": ("Réseau Euromed", "European Union"),
        },
    ),
    Source(
        "003_5c0e113779a7440f.txt",
        "/en/practices/amuddu/",
        headings=(
            # The Global Compact on Refugees' good-practice form, its questions wrapped over several lines.
            "In what way does the good practice meet one or more of the four objectives of the",
            "Global Compact on Refugees?",
            "Key theme (eg. education, jobs and livelihoods, energy and infrastructure, protection",
            "capacity, solutions, or other themes addressed by the Global Compact on",
            "Refugees). Please provide one theme.",
            "When did the project begin? (month/year)",
            # Unanswered, as the editors' note says.
            "When the project will be completed? Is there an expectation that it will be renewed?",
            "Or is it still ongoing?",
        ),
        # The PDF viewer's page number and its strip of page numbers.
        around=("14", "9 10 11 12 13 14 15"),
        shown_as={
            # The viewer's title bar and the page's number: the e-book and its page, in the source citation.
            "Page 14 - Microsoft Word - e-BOOK Amuddu": ("e-BOOK Amuddu, p. 14",),
            "P. 14": ("e-BOOK Amuddu, p. 14",),
            "Mars 2018": ("Mars 2018",),
        },
    ),
    Source(
        "004_a2ad88edcd316826.txt",
        "/en/projects/gene-sis/",
        headings=(
            "Durée du projet",
            "Financé par",
            "Le projet",
            "Objectifs du projet",
            "Partenaires du projet",
            "Résultats",
        ),
        shown_as={
            # A stray word of the page, which the editors' note quotes and leaves out.
            "invalid": ("“invalid”",),
            "El Salvador": ("El Salvador",),
            "13.704472": ("13.704472",),
            "-89.193733": ("-89.193733",),
            "2021 - 2023": ("2021 – 2023",),
            "• Union européenne": ("European Union",),
            "• INSAFORP": ("INSAFORP",),
            "• Ministère des affaires étrangères": ("Ministère des affaires étrangères",),
            "• Ministère du travail": ("Ministère du travail",),
            "• CASALCO": ("CASALCO",),
            "• CASATUR": ("CASATUR",),
            "• CONMIGRANTES": ("CONMIGRANTES",),
            "• CONAMYPE": ("CONAMYPE",),
            "• GMIES": ("GMIES",),
            # Written as the university writes its name (editorial rules); the editors' note quotes the page.
            "• Université Universidad de Oriente": ("Universidad de Oriente", "“Université Universidad de Oriente”"),
            "• Fé y Alegria": ("Fé y Alegria",),
        },
    ),
]


def normalise(text):
    """Text as a reader sees it: one space for any run of white space, no list markers."""
    return " ".join(LONE_BULLET.sub(" ", text).split())


def source_lines(source):
    """The source's lines, white space normalised (the PDF of seed 003 pads its words); blank ones are ""."""
    text = (SOURCE_DOCUMENTS / source.document).read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines()]


def prose_blocks(source):
    """The source's prose, in order, as runs of consecutive prose lines: a blank line, a heading, a fact
    shown elsewhere or the text around the record ends a run, as the page ends a paragraph or a section."""
    blocks, block = [], []
    for line in source_lines(source):
        prose = prose_of(source, line)
        if prose:
            block.append(LINE_MARKER.sub("", prose))
        elif block:
            blocks.append(" ".join(block))
            block = []
    return [*blocks, " ".join(block)] if block else blocks


def prose_of(source, line):
    if line in source.headings or line in source.around or line in source.shown_as:
        return ""
    for heading in source.inline_headings:
        if line.startswith(heading):
            return line.removeprefix(heading).strip()
    return line


def sentences(block):
    return SENTENCE_END.split(normalise(block))


class PageText(HTMLParser):
    """The text of a record's <article>, all of it and without "At a glance", and never the related records,
    whose titles are other records' words."""

    def __init__(self):
        super().__init__()
        self.everything, self.outside_glance = [], []
        self.open = {"article": 0, "aside": 0, "related": 0}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article" or self.open["article"]:
            self.count(tag, attributes, 1)

    def handle_endtag(self, tag):
        if self.open["article"]:
            self.count(tag, {}, -1)

    def count(self, tag, attributes, step):
        if tag in ("article", "aside"):
            self.open[tag] += step
        elif tag == "section" and (self.open["related"] or attributes.get("id") == "related"):
            self.open["related"] += step

    def handle_data(self, data):
        if self.open["article"] and not self.open["related"]:
            self.everything.append(data)
            if not self.open["aside"]:
                self.outside_glance.append(data)


def page_text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parser = PageText()
    parser.feed(response.text)
    return normalise(" ".join(parser.everything)), normalise(" ".join(parser.outside_glance))


def source_sentences(source):
    return [sentence for block in prose_blocks(source) for sentence in sentences(block)]


def sentences_not_in_order(expected, text):
    """The `expected` sentences that are not in `text` after the one before them, each marked as missing
    from it or out of order."""
    gaps, cursor = [], 0
    for sentence in expected:
        found = text.find(sentence, cursor)
        if found < 0:
            gaps.append(("out of order" if sentence in text else "missing", sentence))
        else:
            cursor = found + len(sentence)
    return gaps


@pytest.mark.parametrize("source", SOURCES, ids=str)
def test_every_sentence_of_the_source_is_on_its_page_in_the_order_of_its_sections(client, source):
    _everything, outside_glance = page_text(client, source.page)
    assert sentences_not_in_order(source_sentences(source), outside_glance) == []


@pytest.mark.parametrize("source", SOURCES, ids=str)
def test_every_fact_the_page_shows_in_its_own_words_is_on_the_page(client, source):
    everything, _outside_glance = page_text(client, source.page)
    shown = [normalise(text) for texts in source.shown_as.values() for text in texts]
    assert [text for text in shown if text not in everything] == []


@pytest.mark.parametrize("source", SOURCES, ids=str)
def test_every_line_set_apart_from_the_prose_is_a_line_of_its_source(source):
    lines = source_lines(source)
    assert {*source.headings, *source.around, *source.shown_as} - set(lines) == set()
    assert [heading for heading in source.inline_headings if not any(line.startswith(heading) for line in lines)] == []


def test_every_source_document_is_checked():
    assert sorted(source.document for source in SOURCES) == sorted(path.name for path in SOURCE_DOCUMENTS.glob("*.txt"))


def test_a_list_is_read_as_its_items_without_their_markers():
    second_round = (
        "Le deuxième tour de l'initiative était composé de projets dans: Burkina Faso, Costa Rica, Indonésie, "
        "Kazakhstan, Malaisie, Mozambique, Pérou, Soudan, Turquie et Ouganda."
    )
    assert second_round in source_sentences(SOURCES[1])
    assert normalise("dans:\n- Burkina Faso,\n• Costa Rica, un projet - participatif") == (
        "dans: Burkina Faso, Costa Rica, un projet participatif"
    )


def test_a_sentence_found_only_before_the_one_it_follows_is_out_of_order():
    assert sentences_not_in_order(["One.", "Two."], "Two. One.") == [("out of order", "Two.")]


def test_a_sentence_not_on_the_page_is_missing():
    assert sentences_not_in_order(["One.", "Two."], "One.") == [("missing", "Two.")]
