"""The admin login is throttled: a few wrong passwords lock the account for a while (django-axes)."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def staff_user():
    return User.objects.create_user("editor", password="correct horse battery staple", is_staff=True)


def attempt(client, password):
    return client.post(LOGIN, {"username": "editor", "password": password, "next": "/admin/"})


def test_wrong_passwords_lock_the_account_after_the_limit(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
    response = attempt(client, "wrong")
    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_the_right_password_is_refused_while_locked(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(client, "correct horse battery staple").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_good_login_works_and_resets_the_count(client, staff_user):
    attempt(client, "wrong")
    response = attempt(client, "correct horse battery staple")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
