"""Peer review as on the Hub: the secretariat assigns internal and external reviewers, who declare conflicts,
score, comment and recommend; disagreement asks for one more reviewer; the secretariat decides (issue 20)."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from practices.models import Practice
from records import workflow
from records.models import Status
from reviews import process
from reviews.criteria import criteria
from reviews.models import Assignment, Review
from tests.partners import PASSWORD, complete, partner

pytestmark = pytest.mark.django_db


def member_of_secretariat(email="secretariat@example.org"):
    user = User.objects.create_user(email, email=email, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=process.SECRETARIAT))
    return user


def internal(email="un@example.org"):
    return User.objects.create_user(email, email=email, password=PASSWORD, is_staff=True)


def external(email):
    user = partner(email)
    user.groups.add(Group.objects.get(name=process.EXTERNAL_REVIEWERS))
    return user


@pytest.fixture
def submitted():
    owner = partner("owner@example.org")
    practice, _submission = complete(owner, title="Reintegration grants")
    workflow.apply(practice, "submit", owner)
    mail.outbox.clear()
    return practice


@pytest.fixture
def secretary():
    return member_of_secretariat()


def review_data(recommendation="publish", comment="Clear and useful.", public=False, score=4):
    data = {f"score_{key}": str(score) for key, _text in criteria()}
    data.update({"recommendation": recommendation, "comment": comment})
    if public:
        data["public"] = "on"
    return data


def reviewed(client, assignment, **review):
    client.force_login(assignment.reviewer)
    client.post(f"/en/reviews/{assignment.pk}/", {"declaration": "none"})
    response = client.post(f"/en/reviews/{assignment.pk}/", review_data(**review))
    assert response.status_code == 302
    return response


def test_the_secretariat_assigns_reviewers_and_each_is_told(client, submitted, secretary):
    reviewer = external("ext@example.org")
    client.force_login(secretary)
    page = client.get(f"/en/secretariat/{submitted.pk}/")
    assert page.status_code == 200
    assert "ext@example.org" in page.text  # offered in the list of reviewers
    response = client.post(f"/en/secretariat/{submitted.pk}/assign/", {"reviewer": reviewer.pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.kind, assignment.state) == (Assignment.Kind.EXTERNAL, Assignment.State.DECLARING)
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW
    (message,) = mail.outbox
    assert message.to == ["ext@example.org"]
    assert f"/en/reviews/{assignment.pk}/" in message.body


def test_only_invited_users_and_staff_may_be_assigned(client, submitted, secretary):
    stranger = partner("stranger@example.org")
    client.force_login(secretary)
    response = client.post(f"/en/secretariat/{submitted.pk}/assign/", {"reviewer": stranger.pk})
    assert response.status_code == 400
    assert not Assignment.objects.exists()
    client.post("/en/secretariat/invite/", {"email": "stranger@example.org"})
    assert client.post(f"/en/secretariat/{submitted.pk}/assign/", {"reviewer": stranger.pk}).status_code == 302


def test_the_submitter_cannot_review_their_own_practice(submitted, secretary):
    owner = submitted.created_by
    owner.groups.add(Group.objects.get(name=process.EXTERNAL_REVIEWERS))
    with pytest.raises(process.ValidationError):
        process.assign(submitted, owner, Assignment.Kind.EXTERNAL, secretary)


def test_a_reviewer_sees_the_practice_only_after_declaring_no_conflict(client, submitted, secretary):
    assignment = process.assign(submitted, external("ext@example.org"), "external", secretary)
    client.force_login(assignment.reviewer)
    before = client.get(f"/en/reviews/{assignment.pk}/")
    assert before.status_code == 200
    assert "Reintegration grants" in before.text  # its title, as the mail that assigned it gave
    assert "Returning migrants get training" not in before.text
    client.post(f"/en/reviews/{assignment.pk}/", {"declaration": "none"})
    after = client.get(f"/en/reviews/{assignment.pk}/")
    assert "Reintegration grants" in after.text
    assert "Returning migrants get training" in after.text


def test_a_declared_conflict_frees_the_assignment_and_tells_the_secretariat(client, submitted, secretary):
    assignment = process.assign(submitted, external("ext@example.org"), "external", secretary)
    mail.outbox.clear()
    client.force_login(assignment.reviewer)
    missing = client.post(f"/en/reviews/{assignment.pk}/", {"declaration": "conflict", "conflict": ""})
    assert missing.status_code == 400
    assert "Say what the conflict is." in missing.text
    client.post(f"/en/reviews/{assignment.pk}/", {"declaration": "conflict", "conflict": "I advised this project."})
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.CONFLICT
    (message,) = mail.outbox
    assert message.to == [secretary.email]
    assert "I advised this project." in message.body
    page = client.get(f"/en/reviews/{assignment.pk}/")
    assert "Returning migrants get training" not in page.text
    assert client.post(f"/en/reviews/{assignment.pk}/", review_data()).status_code == 403


def test_a_review_needs_every_score_a_recommendation_and_a_comment(client, submitted, secretary):
    assignment = process.assign(submitted, internal(), "internal", secretary)
    client.force_login(assignment.reviewer)
    client.post(f"/en/reviews/{assignment.pk}/", {"declaration": "none"})
    response = client.post(f"/fr/reviews/{assignment.pk}/", {"recommendation": "publish", "score_quality": "9"})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.text
    assert not Review.objects.exists()


def test_reviewers_do_not_see_each_others_reviews_before_submitting_their_own(client, submitted, secretary):
    first = process.assign(submitted, internal(), "internal", secretary)
    second = process.assign(submitted, external("ext@example.org"), "external", secretary)
    reviewed(client, first, comment="The first opinion of all.")
    client.force_login(second.reviewer)
    client.post(f"/en/reviews/{second.pk}/", {"declaration": "none"})
    assert "The first opinion of all." not in client.get(f"/en/reviews/{second.pk}/").text
    client.post(f"/en/reviews/{second.pk}/", review_data(comment="The second one."))
    assert "The first opinion of all." in client.get(f"/en/reviews/{second.pk}/").text


def test_a_complete_quorum_in_agreement_tells_the_secretariat_it_can_decide(client, submitted, secretary):
    assignments = [
        process.assign(submitted, internal(), "internal", secretary),
        process.assign(submitted, external("one@example.org"), "external", secretary),
        process.assign(submitted, external("two@example.org"), "external", secretary),
    ]
    mail.outbox.clear()
    for assignment in assignments:
        reviewed(client, assignment)
    (message,) = mail.outbox
    assert message.to == [secretary.email]
    assert "Reviews complete" in message.subject
    assert process.standing(submitted)["decidable"]


def test_disagreement_asks_for_one_more_reviewer_whose_review_settles_the_round(client, submitted, secretary):
    reviewed(client, process.assign(submitted, internal(), "internal", secretary), recommendation="publish")
    reviewed(client, process.assign(submitted, external("one@example.org"), "external", secretary))
    third = process.assign(submitted, external("two@example.org"), "external", secretary)
    mail.outbox.clear()
    reviewed(client, third, recommendation="reject")
    (message,) = mail.outbox
    assert "Reviewers disagree" in message.subject
    standing = process.standing(submitted)
    assert standing["one_more"]
    assert not standing["decidable"]
    client.force_login(secretary)
    assert "assign one more reviewer" in client.get(f"/en/secretariat/{submitted.pk}/").text
    reviewed(client, process.assign(submitted, external("three@example.org"), "external", secretary))
    assert process.standing(submitted)["decidable"]


def test_publishing_shows_the_comments_reviewers_marked_public(client, submitted, secretary):
    reviewed(
        client, process.assign(submitted, internal(), "internal", secretary), comment="A model for cities.", public=True
    )
    reviewed(
        client, process.assign(submitted, external("one@example.org"), "external", secretary), comment="Private note."
    )
    reviewed(client, process.assign(submitted, external("two@example.org"), "external", secretary))
    client.force_login(secretary)
    response = client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "publish"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert submitted.status_changes.latest("at").by == secretary
    client.logout()
    page = client.get(submitted.get_absolute_url())
    assert "A model for cities." in page.text
    assert "Private note." not in page.text


def test_changes_requested_go_back_to_the_same_reviewers_for_a_second_round(client, submitted, secretary):
    assignment = process.assign(submitted, internal(), "internal", secretary)
    reviewed(client, assignment, recommendation="changes")
    client.force_login(secretary)
    assert (
        client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "changes", "note": ""}).status_code == 400
    )
    client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "changes", "note": "Add the figures."})
    submitted.refresh_from_db()
    assert submitted.status == Status.CHANGES_REQUESTED
    mail.outbox.clear()
    workflow.apply(submitted, "submit", submitted.created_by)
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.REVIEWING
    assert (
        "submitted again for your review" in next(m for m in mail.outbox if m.to == [assignment.reviewer.email]).subject
    )
    reviewed(client, assignment, recommendation="publish")
    assert list(assignment.reviews.values_list("round", flat=True)) == [1, 2]


def test_the_secretariat_may_decline_and_the_partner_is_told(client, submitted, secretary):
    client.force_login(secretary)
    client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "decline", "note": "Not yet completed."})
    submitted.refresh_from_db()
    assert submitted.status == Status.ARCHIVED
    (message,) = [m for m in mail.outbox if m.to == ["owner@example.org"]]
    assert "was not accepted" in message.subject
    assert "Not yet completed." in message.body


# Nobody sees what is not theirs.


def test_a_reviewer_cannot_open_or_answer_another_reviewers_assignment(client, submitted, secretary):
    theirs = process.assign(submitted, external("one@example.org"), "external", secretary)
    intruder = external("two@example.org")
    client.force_login(intruder)
    assert client.get(f"/en/reviews/{theirs.pk}/").status_code == 404
    assert client.post(f"/en/reviews/{theirs.pk}/", {"declaration": "none"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Assignment.State.DECLARING


def test_the_secretariat_pages_are_the_secretariats_only(client, submitted, secretary):
    for user in (partner("p@example.org"), external("ext@example.org"), internal()):
        client.force_login(user)
        assert client.get("/en/secretariat/").status_code == 403
        assert client.get(f"/en/secretariat/{submitted.pk}/").status_code == 403
        assert client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "publish"}).status_code == 403
        assert client.post(f"/en/secretariat/{submitted.pk}/assign/", {"reviewer": user.pk}).status_code == 403
        assert client.post("/en/secretariat/invite/", {"email": user.email}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not Assignment.objects.exists()
    client.logout()
    assert client.get("/en/secretariat/")["Location"].startswith("/en/accounts/login/")


def test_an_external_reviewer_cannot_preview_the_practice_at_its_public_address(client, submitted, secretary):
    assignment = process.assign(submitted, external("ext@example.org"), "external", secretary)
    reviewed(client, assignment)
    assert client.get(submitted.get_absolute_url()).status_code == 404
    assert not Practice.objects.published().filter(pk=submitted.pk).exists()


def test_overdue_reviews_are_told_once_however_often_the_command_runs(submitted, secretary):
    from django.core.management import call_command
    from django.utils import timezone

    assignment = process.assign(submitted, external("ext@example.org"), "external", secretary)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timezone.timedelta(days=1))
    mail.outbox.clear()
    call_command("tell_overdue_reviews", verbosity=0)
    call_command("tell_overdue_reviews", verbosity=0)
    assert sorted(message.to[0] for message in mail.outbox) == ["ext@example.org", secretary.email]


def test_a_reviewer_who_chose_a_daily_digest_gets_one_mail_however_often_it_runs(client, submitted, secretary):
    from django.core.management import call_command

    reviewer = external("digest@example.org")
    client.force_login(reviewer)
    data = {"organisation": "University", "language": "fr", "mail_assignment": "daily"}
    data.update({f"mail_{kind}": "now" for kind in ("overdue", "conflict", "quorum")})
    assert client.post("/en/accounts/profile/", data).status_code == 302
    process.assign(submitted, reviewer, "external", secretary)
    assert mail.outbox == []  # kept for the digest
    call_command("send_digests", verbosity=0)
    call_command("send_digests", verbosity=0)
    (digest,) = mail.outbox
    assert digest.to == ["digest@example.org"]
    assert "Votre résumé du jour" in digest.subject
    assert "Reintegration grants" in digest.body


def test_a_user_may_choose_never_for_a_kind_of_message(client, submitted, secretary):
    reviewer = external("quiet@example.org")
    profile = reviewer.profile
    profile.mail_frequency = {"assignment": "never"}
    profile.save()
    process.assign(submitted, reviewer, "external", secretary)
    assert mail.outbox == []


# What a fresh review of the peer review found, each now a test.


def test_a_reviewer_removed_from_the_external_reviewers_can_no_longer_declare_or_read(client, submitted, secretary):
    reviewer = external("ext@example.org")
    assignment = process.assign(submitted, reviewer, "external", secretary)
    reviewer.groups.remove(Group.objects.get(name=process.EXTERNAL_REVIEWERS))
    client.force_login(reviewer)
    assert client.get(f"/en/reviews/{assignment.pk}/").status_code == 403
    assert client.post(f"/en/reviews/{assignment.pk}/", {"declaration": "none"}).status_code == 403
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.DECLARING


def test_the_secretariat_does_not_review(client, submitted, secretary):
    colleague = member_of_secretariat("colleague@example.org")
    client.force_login(secretary)
    page = client.get(f"/en/secretariat/{submitted.pk}/")
    assert "colleague@example.org" not in page.text
    assert client.post(f"/en/secretariat/{submitted.pk}/assign/", {"reviewer": secretary.pk}).status_code == 400
    with pytest.raises(process.ValidationError):
        process.assign(submitted, colleague, "internal", secretary)


def test_a_reviewed_practice_is_published_only_on_a_complete_round_whoever_publishes_it(client, submitted, secretary):
    reviewed(client, process.assign(submitted, internal(), "internal", secretary))
    client.force_login(secretary)
    response = client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "publish"})
    assert response.status_code == 400
    assert "The peer review of this practice is not complete" in response.text
    staff_reviewer = User.objects.create_user("old@example.org", email="old@example.org", is_staff=True)
    staff_reviewer.groups.add(Group.objects.get(name=workflow.REVIEWERS))
    with pytest.raises(process.ValidationError):
        workflow.apply(submitted, "publish", staff_reviewer)  # the admin's step
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW


def test_only_the_deciding_rounds_public_comments_reach_the_page(client, submitted, secretary):
    reviewers = [
        process.assign(submitted, internal(), "internal", secretary),
        process.assign(submitted, external("one@example.org"), "external", secretary),
        process.assign(submitted, external("two@example.org"), "external", secretary),
    ]
    for assignment in reviewers:
        reviewed(client, assignment, recommendation="changes", comment="Round one: the figures are wrong.", public=True)
    client.force_login(secretary)
    client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "changes", "note": "Fix the figures."})
    workflow.apply(submitted, "submit", submitted.created_by)
    for number, assignment in enumerate(reviewers):
        client.force_login(assignment.reviewer)
        response = client.post(
            f"/en/reviews/{assignment.pk}/", review_data(comment=f"Round two: fine {number}.", public=True)
        )
        assert response.status_code == 302
    client.force_login(secretary)
    assert client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "publish"}).status_code == 302
    client.logout()
    page = client.get(Practice.objects.get(pk=submitted.pk).get_absolute_url())
    assert "Round two: fine 0." in page.text
    assert "Round one: the figures are wrong." not in page.text


def test_a_decided_practice_stops_the_overdue_mail_and_the_open_reviews(client, submitted, secretary):
    from django.core.management import call_command
    from django.utils import timezone

    late = process.assign(submitted, external("late@example.org"), "external", secretary)
    client.force_login(secretary)
    client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "decline", "note": "Out of scope."})
    Assignment.objects.filter(pk=late.pk).update(due_at=timezone.now() - timezone.timedelta(days=1))
    mail.outbox.clear()
    call_command("tell_overdue_reviews", verbosity=0)
    assert mail.outbox == []
    client.force_login(late.reviewer)
    assert client.get(f"/en/reviews/{late.pk}/").status_code == 403


def test_a_new_round_gives_every_remaining_reviewer_a_new_due_date(client, submitted, secretary):
    from django.utils import timezone

    done = process.assign(submitted, internal(), "internal", secretary)
    waiting = process.assign(submitted, external("slow@example.org"), "external", secretary)
    reviewed(client, done, recommendation="changes")
    Assignment.objects.filter(pk=waiting.pk).update(
        due_at=timezone.now() - timezone.timedelta(days=1), overdue_told_at=timezone.now()
    )
    client.force_login(secretary)
    client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "changes", "note": "More detail."})
    workflow.apply(submitted, "submit", submitted.created_by)
    waiting.refresh_from_db()
    assert waiting.due_at > timezone.now()
    assert waiting.overdue_told_at is None
    assert waiting.state == Assignment.State.DECLARING


def test_a_disagreement_is_named_in_the_message_when_the_quorum_fills_late(client, submitted, secretary):
    for number, recommendation in enumerate(["publish", "reject", "publish"]):
        reviewed(
            client,
            process.assign(submitted, external(f"e{number}@example.org"), "external", secretary),
            recommendation=recommendation,
        )
    last = process.assign(submitted, internal(), "internal", secretary)
    mail.outbox.clear()
    reviewed(client, last)
    (message,) = mail.outbox
    assert "Reviews complete" in message.subject
    assert "They recommend different decisions" in message.body


def test_an_overlong_declaration_or_note_is_refused(client, submitted, secretary):
    assignment = process.assign(submitted, external("ext@example.org"), "external", secretary)
    client.force_login(assignment.reviewer)
    response = client.post(f"/en/reviews/{assignment.pk}/", {"declaration": "conflict", "conflict": "x" * 5001})
    assert response.status_code == 400
    client.force_login(secretary)
    assert (
        client.post(f"/en/secretariat/{submitted.pk}/decide/", {"decision": "decline", "note": "x" * 5001}).status_code
        == 400
    )


def test_digests_skip_deactivated_users(client, submitted, secretary):
    from django.core.management import call_command

    reviewer = external("gone@example.org")
    reviewer.profile.mail_frequency = {"assignment": "daily"}
    reviewer.profile.save()
    process.assign(submitted, reviewer, "external", secretary)
    User.objects.filter(pk=reviewer.pk).update(is_active=False)
    call_command("send_digests", verbosity=0)
    assert mail.outbox == []
