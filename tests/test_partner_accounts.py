"""Partners register with a confirmed address, sign in, reset their password and manage their account, in
their language; bots and guessers are held back (issue 19, django-allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User

from accounts.models import Profile
from tests.conftest import send_outbox
from tests.mail_server import body
from tests.partners import PASSWORD, partner

pytestmark = pytest.mark.django_db


def sign_up(client, email="new@example.org", language="en", **extra):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "organisation": "Caritas Senegal"}
    return client.post(f"/{language}/accounts/signup/", {**data, **extra})


def link_in(message):
    return re.search(r"https?://\S+", body(message)).group(0)


def test_a_visitor_signs_up_confirms_by_the_mailed_link_then_signs_in(client, mail_server):
    response = sign_up(client, language="fr")
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert Profile.objects.get(user=user).organisation == "Caritas Senegal"
    assert client.get("/fr/my-submissions/").status_code == 302  # not signed in before confirming
    send_outbox()
    (message,) = mail_server.inbox.to("new@example.org")
    assert "Confirmez votre adresse e-mail" in message["Subject"]
    confirm = link_in(message)
    assert "/fr/accounts/confirm-email/" in confirm
    path = re.sub(r"^https?://[^/]+", "", confirm)
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/fr/my-submissions/").status_code == 200


def test_signing_in_before_confirming_the_address_is_refused(client):
    sign_up(client)
    client.logout()
    response = client.post("/en/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert client.get("/en/my-submissions/").status_code == 302


def test_the_sign_up_page_is_in_the_visitors_language_with_the_organisation_field(client):
    page = client.get("/es/accounts/signup/")
    assert page.status_code == 200
    assert 'lang="es"' in page.text
    assert "Organización" in page.text
    assert 'class="honeypot"' in page.text


def test_a_bot_filling_the_hidden_field_gets_no_account(client):
    response = sign_up(client, email="bot@example.org", website="http://spam.example")
    assert response.status_code == 302  # answered as if it worked, so that the bot learns nothing
    assert not User.objects.filter(email="bot@example.org").exists()


def test_a_second_account_for_a_known_address_is_not_made_and_its_owner_is_told(client, mailoutbox):
    """The page answers as for a new address, so that nobody learns who has an account from it."""
    partner("taken@example.org")
    response = sign_up(client, email="taken@example.org")
    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.org").count() == 1
    (message,) = mailoutbox
    assert message.to == ["taken@example.org"]
    assert "Account Already Exists" in message.subject


def test_sign_ups_from_one_address_are_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    for number in range(2):
        sign_up(client, email=f"person{number}@example.org")
        client.logout()
    response = sign_up(client, email="third@example.org")
    assert response.status_code == 429
    assert not User.objects.filter(email="third@example.org").exists()


def test_wrong_passwords_are_limited(client):
    partner("guessed@example.org")
    statuses = [
        client.post("/en/accounts/login/", {"login": "guessed@example.org", "password": "wrong"}).status_code
        for _attempt in range(7)
    ]
    assert statuses[0] == 200
    assert 429 in statuses


def test_a_partner_resets_a_forgotten_password_by_mail(client, mail_server):
    partner("forgot@example.org", language="es")
    client.post("/es/accounts/password/reset/", {"email": "forgot@example.org"})
    send_outbox()
    (message,) = mail_server.inbox.to("forgot@example.org")
    assert "contraseña" in message["Subject"].lower()
    path = re.sub(r"^https?://[^/]+", "", link_in(message))
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"password1": "another-Passphrase-77", "password2": "another-Passphrase-77"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="forgot@example.org").check_password("another-Passphrase-77")


def test_a_partner_names_their_organisation_and_language(client):
    user = partner()
    client.force_login(user)
    response = client.post("/en/accounts/profile/", {"organisation": "IOM Tunis", "language": "fr"})
    assert response.status_code == 302
    user.profile.refresh_from_db()
    assert (user.profile.organisation, user.profile.language) == ("IOM Tunis", "fr")
    bad = client.post("/en/accounts/profile/", {"organisation": "", "language": "xx"})
    assert bad.status_code == 400
    assert "This field is required." in bad.text


def test_the_home_and_about_pages_say_how_to_submit_a_practice(client):
    for page in ("/en/", "/en/about/"):
        assert 'href="/en/submit/"' in client.get(page).text
