"""The partners', reviewers' and secretariat's lists cost the same number of queries whatever their length."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alerts.models import SavedSearch
from records import workflow
from reviews import process
from tests.partners import complete, partner
from tests.test_reviews import member_of_secretariat

pytestmark = pytest.mark.django_db


def queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_my_submissions_costs_the_same_for_one_practice_or_five(client):
    owner = partner()
    client.force_login(owner)
    complete(owner, title="One")
    one = queries(client, "/en/my-submissions/")
    for number in range(4):
        practice, _submission = complete(owner, title=f"More {number}")
        workflow.apply(practice, "submit", owner)
    assert queries(client, "/en/my-submissions/") == one


def test_the_secretariat_list_and_my_reviews_cost_the_same_for_one_practice_or_five(client):
    secretary = member_of_secretariat()
    reviewer = partner("reviewer@example.org")
    reviewer.groups.add(Group.objects.get(name=process.EXTERNAL_REVIEWERS))

    def submit_and_assign(number):
        owner = partner(f"owner{number}@example.org")
        practice, _submission = complete(owner, title=f"Practice {number}")
        workflow.apply(practice, "submit", owner)
        process.declare(process.assign(practice, reviewer, "external", secretary), "")

    submit_and_assign(0)
    client.force_login(secretary)
    secretariat_one = queries(client, "/en/secretariat/")
    client.force_login(reviewer)
    reviews_one = queries(client, "/en/reviews/")
    for number in range(1, 5):
        submit_and_assign(number)
    client.force_login(secretary)
    assert queries(client, "/en/secretariat/") == secretariat_one
    client.force_login(reviewer)
    assert queries(client, "/en/reviews/") == reviews_one


def test_saved_searches_cost_the_same_for_one_or_five(client):
    user = partner()
    client.force_login(user)
    SavedSearch.objects.create(user=user, kind="practices", query="country=SN", label="Senegal")
    one = queries(client, "/en/saved-searches/")
    for number in range(4):
        SavedSearch.objects.create(
            user=user, kind="projects", query=f"gcm={number + 1}", label=f"Objective {number + 1}"
        )
    assert queries(client, "/en/saved-searches/") == one


def test_the_secretariats_page_of_a_practice_costs_the_same_for_one_reviewer_or_four(client):
    secretary = member_of_secretariat()
    owner = partner("owner@example.org")
    practice, _submission = complete(owner)
    workflow.apply(practice, "submit", owner)
    reviewers = []
    for number in range(4):
        reviewer = partner(f"reviewer{number}@example.org")
        reviewer.groups.add(Group.objects.get(name=process.EXTERNAL_REVIEWERS))
        reviewers.append(reviewer)
    process.declare(process.assign(practice, reviewers[0], "external", secretary), "")
    client.force_login(secretary)
    one = queries(client, f"/en/secretariat/{practice.pk}/")
    for reviewer in reviewers[1:]:
        process.declare(process.assign(practice, reviewer, "external", secretary), "")
    assert queries(client, f"/en/secretariat/{practice.pk}/") == one
