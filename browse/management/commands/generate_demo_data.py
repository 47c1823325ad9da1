"""Synthetic practices and projects, in bulk, to see and measure the catalogue at scale.

    manage.py generate_demo_data --practices 100000 --projects 10000 --seed 1
    manage.py generate_demo_data --remove

Every generated record is published, has every text field filled in English,
French and Spanish, several countries, GCM objectives, organisations and
beneficiary groups, and names itself as demo data in its source field; the
organisations it creates have a website on the reserved `.invalid` domain.
`--remove` deletes all of them and nothing else.
"""

import functools
import random
import time
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from browse.worldmap import outlines, point_inside
from pagecache import cache
from practices import models as practice_models
from projects import models as project_models
from records.models import Scope
from taxonomy.models import SDG, Beneficiary, Country, GCMObjective, GCRObjective, GuidingPrinciple, Organisation

DEMO_SOURCE = "demo data (manage.py generate_demo_data)"
DEMO_HOST = "demo.invalid"
BATCH = 2000
ORGANISATIONS = 2000
# Records share their texts among this many variants a kind, as a catalogue's many similar pages do: the
# search documents' sentence vectors are computed once a variant (records.documents.embed_missing).
TEXT_VARIANTS = 500

WORDS = {
    "en": {
        "action": ["Supporting", "Strengthening", "Protecting", "Including", "Training", "Welcoming", "Connecting"],
        "who": [
            "returning migrants",
            "migrant women",
            "refugees",
            "migrant workers",
            "young migrants",
            "host communities",
        ],
        "what": ["through local services", "with job coaching", "by city halls", "with community agents", "online"],
        "sentence": [
            "The initiative worked with {who} and local authorities to improve access to services.",
            "Partners trained staff and volunteers, and documented what worked.",
            "A small fund helped {who} restart economic activities after the crisis.",
            "Reintegration counselling was offered in three languages.",
            "Results were shared with ministries to inform national policy.",
        ],
    },
    "fr": {
        "action": ["Accompagner", "Renforcer", "Protéger", "Inclure", "Former", "Accueillir", "Relier"],
        "who": [
            "les migrants de retour",
            "les femmes migrantes",
            "les réfugiés",
            "les travailleurs migrants",
            "les jeunes migrants",
            "les communautés d'accueil",
        ],
        "what": [
            "par les services locaux",
            "avec un coaching vers l'emploi",
            "par les mairies",
            "avec des agents communautaires",
            "en ligne",
        ],
        "sentence": [
            "L'initiative a travaillé avec {who} et les autorités locales pour améliorer l'accès aux services.",
            "Les partenaires ont formé le personnel et les bénévoles, et documenté ce qui a marché.",
            "Un petit fonds a aidé {who} à relancer leurs activités économiques après la crise.",
            "Un accompagnement à la réintégration a été proposé en trois langues.",
            "Les résultats ont été partagés avec les ministères pour éclairer la politique nationale.",
        ],
    },
    "es": {
        "action": ["Apoyar", "Fortalecer", "Proteger", "Incluir", "Formar", "Acoger", "Conectar"],
        "who": [
            "a los migrantes retornados",
            "a las mujeres migrantes",
            "a las personas refugiadas",
            "a los trabajadores migrantes",
            "a los jóvenes migrantes",
            "a las comunidades de acogida",
        ],
        "what": [
            "mediante servicios locales",
            "con orientación laboral",
            "desde los municipios",
            "con agentes comunitarios",
            "en línea",
        ],
        "sentence": [
            "La iniciativa trabajó con {who} y las autoridades locales para mejorar el acceso a los servicios.",
            "Los socios formaron al personal y a voluntarios, y documentaron lo que funcionó.",
            "Un pequeño fondo ayudó {who} a reactivar sus actividades económicas tras la crisis.",
            "Se ofreció acompañamiento para la reintegración en tres idiomas.",
            "Los resultados se compartieron con los ministerios para orientar la política nacional.",
        ],
    },
}


class Command(BaseCommand):
    help = "Create (or, with --remove, delete) synthetic published practices and projects, marked as demo data."

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=int, default=1000)
        parser.add_argument("--projects", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--remove", action="store_true", help="Delete every generated record and organisation.")

    def handle(self, *, practices, projects, seed, remove, **options):
        started = time.monotonic()
        if remove:
            removed = remove_demo_data()
            self.stdout.write(f"Removed {removed} generated records in {time.monotonic() - started:.1f} s")
            return
        generator = Generator(random.Random(seed), seed)
        generator.generate(practice_models, "practice", practices)
        generator.generate(project_models, "project", projects)
        self.stdout.write(f"Generated {practices} practices and {projects} projects in {_since(started)}")
        analyse()
        started = time.monotonic()
        # Written without signals: their search documents are built here, then their vectors, once a text.
        call_command("index_search", stdout=self.stdout)
        analyse()
        cache.bump()
        self.stdout.write(f"Indexed them for search in {_since(started)}")


def analyse():
    """Statistics for the planner: this machine's PostgreSQL runs without autovacuum, and a bulk load
    without them plans badly."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _since(started):
    return f"{time.monotonic() - started:.1f} s"


def remove_demo_data():
    with transaction.atomic():
        count = (
            practice_models.Practice.objects.filter(source_document=DEMO_SOURCE)
            .delete()[1]
            .get("practices.Practice", 0)
        )
        count += (
            project_models.Project.objects.filter(source_document=DEMO_SOURCE).delete()[1].get("projects.Project", 0)
        )
        Organisation.objects.filter(website__contains=DEMO_HOST).delete()
    cache.bump()
    return count


class Generator:
    def __init__(self, rng, seed):
        self.rng = rng
        self.seed = seed
        self.countries = list(Country.objects.exclude(code="AQ").values_list("code", flat=True))
        # Those large enough to have an outline on the map, where a project's place is drawn.
        self.mappable_countries = [code for code in self.countries if outlines().get(code)]
        self.objectives = list(GCMObjective.objects.values_list("pk", flat=True))
        self.gcr = list(GCRObjective.objects.values_list("pk", flat=True))
        self.principles = list(GuidingPrinciple.objects.values_list("pk", flat=True))
        self.sdgs = list(SDG.objects.values_list("pk", flat=True))
        self.beneficiaries = list(Beneficiary.objects.values_list("pk", flat=True))
        self.organisations = self.demo_organisations()

    def demo_organisations(self):
        existing = list(Organisation.objects.filter(website__contains=DEMO_HOST).values_list("pk", flat=True))
        if existing:
            return existing
        kinds = [
            ("Association", "Association", "Asociación"),
            ("Network", "Réseau", "Red"),
            ("Foundation", "Fondation", "Fundación"),
        ]
        created = Organisation.objects.bulk_create(
            Organisation(
                name_en=f"{kinds[number % 3][0]} {number}",
                name_fr=f"{kinds[number % 3][1]} {number}",
                name_es=f"{kinds[number % 3][2]} {number}",
                website=f"https://org{number}.{DEMO_HOST}/",
                country_id=self.rng.choice(self.countries),
            )
            for number in range(1, ORGANISATIONS + 1)
        )
        return [organisation.pk for organisation in created]

    @staticmethod
    def text(rng, language, sentences=1):
        words = WORDS[language]
        who = rng.choice(words["who"])
        return " ".join(rng.choice(words["sentence"]).format(who=who) for _ in range(sentences))

    @staticmethod
    def title(rng, language):
        words = WORDS[language]
        return f"{rng.choice(words['action'])} {rng.choice(words['who'])} {rng.choice(words['what'])}"

    @staticmethod
    @functools.cache
    def translated_fields(model):
        """(field name, max length) of every translated text column of `model`."""
        return [
            (field.name, field.max_length)
            for field in model._meta.concrete_fields
            if field.name[-3:] in ("_en", "_fr", "_es") and field.get_internal_type() in ("TextField", "CharField")
        ]

    @functools.cache  # noqa: B019 — one generator a command run
    def texts(self, model, variant):
        """The title, texts and original language of text variant `variant` of `model`, by column."""
        rng = random.Random(f"{self.seed}-{model._meta.label}-{variant}")
        fields = {}
        for name, max_length in self.translated_fields(model):
            base, language = name[:-3], name[-2:]
            if base == "title":
                value = self.title(rng, language)
            elif base == "summary":
                value = self.text(rng, language, sentences=3)
            elif base in ("image_alt", "image_caption"):
                value = ""  # no image
            else:
                value = self.text(rng, language)
            fields[name] = value[:max_length] if max_length else value
        fields["language"] = rng.choice(list(WORDS))
        return fields

    def record(self, model, kind, number):
        """The field values of one generated record, by column."""
        fields = dict(self.texts(model, self.rng.randrange(TEXT_VARIANTS)))
        start = self.rng.randint(2005, 2025)
        # One record in ten still running, as many real pages say ("2016 – Presente").
        ongoing = self.rng.random() < 0.1
        fields.update(
            slug=f"demo-{kind}-{self.seed}-{number}",
            status="published",
            start_year=start,
            start_month=self.rng.randint(1, 12),
            end_year=None if ongoing else start + self.rng.randint(0, 4),
            ongoing=ongoing,
            scope=self.rng.choice(Scope.values),
            source_document=DEMO_SOURCE,
        )
        if kind == "practice":
            fields["practice_type"] = self.rng.choice(model.Type.values)
        else:
            # Its place is on the land of one of its countries (links() adds it), not anywhere on the globe.
            home = self.rng.choice(self.mappable_countries)
            latitude, longitude = point_inside(home, self.rng) or (None, None)
            fields.update(
                home_country=home,
                duration_months=self.rng.randint(6, 48),
                latitude=latitude,
                longitude=longitude,
                budget_amount=Decimal(self.rng.randint(10, 5000) * 1000),
                budget_currency=self.rng.choice(["USD", "EUR", "CHF"]),
            )
        return fields

    def links(self, module, kind, record_id, home=None):
        """(link model, field values) of one record's classifications; `home` among its countries."""
        prefix = kind.capitalize()
        choices = [
            ("Country", "country_id", self.countries, 1, 4),
            ("Objective", "objective_id", self.objectives, 1, 3),
            ("Beneficiary", "beneficiary_id", self.beneficiaries, 1, 3),
            ("Organisation", "organisation_id", self.organisations, 1, 3),
            ("Principle", "principle_id", self.principles, 0, 2),
            ("GCRObjective", "objective_id", self.gcr, 0, 1),
            ("SDG", "sdg_id", self.sdgs, 0, 2),
        ]
        for suffix, target, pool, low, high in choices:
            link_model = getattr(module, f"{prefix}{suffix}")
            values = self.rng.sample(pool, self.rng.randint(low, high))
            if suffix == "Country" and home:
                values = [home, *(value for value in values if value != home)][:high]
            for position, value in enumerate(values):
                row = {"record_id": record_id, target: value, "provenance": "assigned"}
                if suffix == "Objective":
                    row["is_primary"] = position == 0
                if suffix == "Organisation":
                    row.update(role=self.rng.choice(link_model.Role.values), position=position)
                yield link_model, row

    def generate(self, module, kind, count):
        model = module.Practice if kind == "practice" else module.Project
        first = model.objects.filter(source_document=DEMO_SOURCE).count()
        writer = CopyWriter() if connection.vendor == "postgresql" else BulkWriter()
        for start in range(first, first + count, BATCH):
            numbers = range(start, min(start + BATCH, first + count))
            with transaction.atomic():
                ids = writer.new_ids(model, len(numbers))
                records = [
                    {"id": pk, **self.record(model, kind, number)} for pk, number in zip(ids, numbers, strict=True)
                ]
                homes = {record["id"]: record.pop("home_country", None) for record in records}
                writer.write(model, records)
                rows_by_model = {}
                for pk in ids:
                    for link_model, row in self.links(module, kind, pk, homes[pk]):
                        rows_by_model.setdefault(link_model, []).append(row)
                for link_model, rows in rows_by_model.items():
                    writer.write(link_model, rows)


class BulkWriter:
    """Any database: Django's bulk_create."""

    def new_ids(self, model, count):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return range(last + 1, last + 1 + count)

    def write(self, model, rows):
        model.objects.bulk_create(model(**row) for row in rows)


class CopyWriter:
    """PostgreSQL: COPY, several times faster than INSERT for 100,000 records and their links."""

    def new_ids(self, model, count):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def write(self, model, rows):
        now = timezone.now()
        columns = [field for field in model._meta.concrete_fields if not (field.primary_key and "id" not in rows[0])]
        defaults = {}
        for field in columns:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults[field.attname] = now
            elif not field.null:
                defaults[field.attname] = field.get_default()
            else:
                defaults[field.attname] = None
        names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([row.get(field.attname, defaults[field.attname]) for field in columns])
