"""Every public page, and every error page, is valid HTML by the Nu HTML Checker (vnu.jar, on Java).

The pages are fetched with Django's test client and checked in one run of the checker, which takes a
few seconds to start, together with the stylesheet.
"""

import json
import shutil
import subprocess
from collections import defaultdict

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from tests import partners
from tests.browser import tools
from tests.browser.conftest import LANGUAGES

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/{language}/",
    "practice list": "/{language}/practices/",
    "filtered practice list": "/{language}/practices/?country=SN&gcm=15&q=covid&sort=title",
    "list with filters that cannot be used": "/{language}/practices/?gcm=99&country=ZZZ&year_from=1066",
    "paginated practice list": "/{language}/practices/?page=1",
    "project list": "/{language}/projects/",
    "filtered project list": "/{language}/projects/?status=completed&organisation=201",
    "practice from the Hub": "/{language}/practices/protection-migrants-covid-19-relance-activites-economiques/",
    "practice with many countries": "/{language}/practices/initiative-mondiale-financement-initial-oim-pnud-covid-19/",
    "practice with a GCR objective": "/{language}/practices/amuddu/",
    "project with partners": "/{language}/projects/i-migr/",
    "project with results and a location": "/{language}/projects/gene-sis/",
    "search": "/{language}/search/?q=migrants",
    "search without a result": "/{language}/search/?q=zzzqqq",
    "search with words too long": "/{language}/search/?q=" + "x" * 201,
    "empty search": "/{language}/search/",
    "coverage": "/{language}/coverage/",
    "coverage by sub-region, filtered": "/{language}/coverage/?by=subregion&beneficiary=refugees",
    "coverage with a filter that cannot be used": "/{language}/coverage/?gcm=99&by=planet",
    "GCM objective": "/{language}/objectives/16/",
    "country": "/{language}/countries/SN/",
    "organisation": "/{language}/organisations/201/",
    "beneficiary group": "/{language}/beneficiaries/refugees/",
    "guiding principle": "/{language}/principles/6/",
    "GCR objective": "/{language}/gcr-objectives/2/",
    "SDG": "/{language}/sdgs/1/",
    "page not found": "/{language}/no-such-page/",
    "about": "/{language}/about/",
    "submit a practice": "/{language}/submit/",
    "sign up": "/{language}/accounts/signup/",
    "sign in": "/{language}/accounts/login/",
    "password reset": "/{language}/accounts/password/reset/",
    "API documentation": "/api/v1/docs/?lang={language}",
}
# A partner's own pages, seen signed in, with a draft whose form has every part filled in.
PARTNER_PAGES = {
    "my submissions": "/{language}/my-submissions/",
    "submission form": "/{language}/my-submissions/{draft}/",
    "account": "/{language}/accounts/profile/",
    "account deletion": "/{language}/accounts/profile/delete/",
    "saved searches": "/{language}/saved-searches/",
    "stopping a saved search's mail": "/{language}/saved-searches/stop/{token}/",
    "practice list with the save form": "/{language}/practices/?country=SN",
}
# The peer review's pages, seen by a reviewer before and after declaring, and by the secretariat.
REVIEW_PAGES = {
    "my reviews": ("reviewer", "/{language}/reviews/"),
    "review declaration": ("declaring", "/{language}/reviews/{declaring}/"),
    "review form": ("reviewer", "/{language}/reviews/{reviewing}/"),
    "secretariat": ("secretariat", "/{language}/secretariat/"),
    "secretariat's practice": ("secretariat", "/{language}/secretariat/{practice}/"),
}
# Django renders these without going through a URL; each is drawn by its view as it would be.
ERROR_VIEWS = {
    "bad request": lambda request: defaults.bad_request(request, exception=None),
    "permission denied": lambda request: defaults.permission_denied(request, exception=PermissionDenied()),
    "server error": defaults.server_error,
}


def review_setup(owner):
    """A practice in review with an external reviewer who declared and another who has not, and a client
    for each of them and for the secretariat."""
    from django.contrib.auth.models import Group, User

    from records import workflow
    from reviews import process

    practice, _submission = partners.complete(owner, title="Practice under review")
    workflow.apply(practice, "submit", owner)
    secretary = User.objects.create_user("sec@example.org", email="sec@example.org", is_staff=True)
    secretary.groups.add(Group.objects.get(name=process.SECRETARIAT))
    people = {}
    for name in ("reviewer", "declaring"):
        people[name] = partners.partner(f"{name}@example.org")
        people[name].groups.add(Group.objects.get(name=process.EXTERNAL_REVIEWERS))
    reviewing = process.assign(practice, people["reviewer"], "external", secretary)
    process.declare(reviewing, "")
    declaring = process.assign(practice, people["declaring"], "external", secretary)
    clients = {}
    for name, user in {**people, "secretariat": secretary}.items():
        clients[name] = Client()
        clients[name].force_login(user)
        clients[name].user = user
    return reviewing, declaring, clients


def fetch_every_page(folder):
    """{file name: (page name, language)}, with each page saved in `folder`."""
    client = Client()
    names = {}
    owner = partners.partner("checked@example.org")
    draft, _submission = partners.complete(owner, practice_type="programme", locality="Dakar", start_year=2019)
    partner_client = Client()
    partner_client.force_login(owner)
    reviewing, declaring, clients = review_setup(owner)
    from alerts.models import SavedSearch

    search = SavedSearch.objects.create(user=owner, kind="practices", query="country=SN", label="Practices: Senegal")
    for language in LANGUAGES:
        for number, (name, address) in enumerate(PAGES.items()):
            response = client.get(address.format(language=language))
            expected = 400 if "cannot be used" in name or "too long" in name else 404 if "not found" in name else 200
            assert response.status_code == expected, (name, language, response.status_code)
            names[f"{language}-{number}.html"] = (name, language)
            (folder / f"{language}-{number}.html").write_bytes(response.content)
        for number, (name, address) in enumerate(PARTNER_PAGES.items()):
            response = partner_client.get(address.format(language=language, draft=draft.pk, token=search.token))
            assert response.status_code == 200, (name, language, response.status_code)
            names[f"{language}-partner-{number}.html"] = (name, language)
            (folder / f"{language}-partner-{number}.html").write_bytes(response.content)
        for number, (name, (who, address)) in enumerate(REVIEW_PAGES.items()):
            places = {"declaring": declaring.pk, "reviewing": reviewing.pk, "practice": reviewing.practice_id}
            response = clients[who].get(address.format(language=language, **places))
            assert response.status_code == 200, (name, language, response.status_code)
            names[f"{language}-review-{number}.html"] = (name, language)
            (folder / f"{language}-review-{number}.html").write_bytes(response.content)
        with translation.override(language):
            for name, view in ERROR_VIEWS.items():
                response = view(RequestFactory().get(f"/{language}/"))
                names[f"{language}-{name}.html".replace(" ", "-")] = (name, language)
                (folder / f"{language}-{name}.html".replace(" ", "-")).write_bytes(response.content)
    reviewing.practice.delete()
    draft.delete()
    for user in {owner, *(client.user for client in clients.values())}:
        user.delete()
    shutil.copy(tools.ROOT / "static" / "css" / "site.css", folder)
    names["site.css"] = ("stylesheet", "static/css")
    return names


@pytest.fixture(scope="module")
def checker_messages(django_db_setup, django_db_blocker, tmp_path_factory):
    """{page name: [message]}: what the checker says about the page in any language."""
    folder = tmp_path_factory.mktemp("pages")
    with django_db_blocker.unblock():
        names = fetch_every_page(folder)
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(tools.VNU),
            "--also-check-css",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = defaultdict(list)
    for message in json.loads(result.stdout)["messages"]:
        name, language = names[message["url"].rsplit("/", 1)[-1]]
        if message["type"] != "info" or message.get("subType") == "warning":
            messages[name].append(f"{language}, line {message.get('lastLine')}: {message['message']}")
    return messages


@pytest.mark.parametrize("name", [*PAGES, *PARTNER_PAGES, *REVIEW_PAGES, *ERROR_VIEWS])
def test_page_is_valid_html_in_every_language(checker_messages, name):
    assert checker_messages[name] == []


# SVG 2's vector-effect keeps the map's borders thin at any size; the checker's CSS profile predates it.
KNOWN_TO_THE_BROWSERS = "“vector-effect”"


def test_the_stylesheet_is_valid_css(checker_messages):
    assert [message for message in checker_messages["stylesheet"] if KNOWN_TO_THE_BROWSERS not in message] == []
