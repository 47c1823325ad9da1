"""Write fixtures/reference.json from the reference lists in sources/reference/ and django-countries.

The reference CSV files (GCM objectives and guiding principles, GCR objectives, SDGs, UN M49 regions;
see sources/README.md) are the source of truth; country codes and names in each language come from
django-countries, and each country's M49 region from django-countries-hdx.
Run it again when one of those changes, and commit the fixture it writes.
Needs requirements-dev.txt (django-countries-hdx); the site itself does not.
"""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

DEFAULT_SOURCE = settings.BASE_DIR / "sources" / "reference"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# M49 places Antarctica directly under the world; HDX gives it no sub-region.
REGION_OVERRIDES = {"AQ": "010"}
WORLD = "001"


class Command(BaseCommand):
    help = "Build fixtures/reference.json from the reference CSV files and django-countries."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="Folder of the reference CSVs.")
        parser.add_argument("--output", type=Path, default=settings.BASE_DIR / "fixtures" / "reference.json")

    def handle(self, *, source, output, **options):
        if not source.is_dir():
            raise CommandError(f"No reference folder at {source}")
        regions = read_csv(source / "m49-regions.csv")
        parents = {row["code"]: row["parent"] for row in regions}
        objects = [
            *(
                {
                    "model": "taxonomy.region",
                    "pk": row["code"],
                    "fields": {"parent": row["parent"] or None, **localized(row, "name", "name")},
                }
                for row in sorted(regions, key=lambda row: (row["parent"] != "", row["code"]))
            ),
            *country_objects(parents),
            *(
                {
                    "model": "taxonomy.gcmobjective",
                    "pk": int(row["number"]),
                    "fields": {**localized(row, "short", "short_label"), **localized(row, "title", "title")},
                }
                for row in read_csv(source / "gcm-objectives.csv")
            ),
            *(
                {"model": "taxonomy.gcrobjective", "pk": int(row["number"]), "fields": localized(row, "title", "title")}
                for row in read_csv(source / "gcr-objectives.csv")
            ),
            *(
                {
                    "model": "taxonomy.guidingprinciple",
                    "pk": int(row["number"]),
                    "fields": localized(row, "label", "label"),
                }
                for row in read_csv(source / "gcm-guiding-principles.csv")
            ),
            *(
                {"model": "taxonomy.sdg", "pk": int(row["number"]), "fields": localized(row, "short", "short_label")}
                for row in read_csv(source / "sdgs.csv")
            ),
        ]
        output.write_text(json.dumps(objects, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(objects)} objects to {output}")


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def localized(row, column_prefix, field):
    return {f"{field}_{code}": row[f"{column_prefix}_{code}"] for code in LANGUAGE_CODES}


def country_objects(parents):
    """Each country with its most precise M49 region and the top-level region above it."""
    # Imported here: only this command needs the HDX tables.
    import django_countries_hdx
    from django_countries import countries

    names = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            names[code] = {country.code: str(country.name) for country in countries}
    for country in countries:
        subregion = REGION_OVERRIDES.get(country.code) or f"{django_countries_hdx.country_subregion(country):03d}"
        if subregion not in parents:
            raise CommandError(f"{country.code}: M49 region {subregion} is not in m49-regions.csv")
        region = subregion
        while parents[region] != WORLD:
            region = parents[region]
        yield {
            "model": "taxonomy.country",
            "pk": country.code,
            "fields": {
                "region": region,
                "subregion": subregion,
                **{f"name_{code}": names[code][country.code] for code in LANGUAGE_CODES},
            },
        }
