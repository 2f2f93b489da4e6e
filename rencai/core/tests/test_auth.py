"""Log-in with lock-out (django-axes, 5 failures per username), and log-out."""

import pytest
from django.urls import reverse

from .factories import make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

PASSWORD = "Correct-horse-42"


def _log_in(client, username, password):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_correct_password_logs_in_and_lands_on_home(client):
    make_user(username="officer", password=PASSWORD)

    response = _log_in(client, "officer", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_password_is_refused_with_the_form_again(client):
    make_user(username="officer", password=PASSWORD)

    response = _log_in(client, "officer", "wrong")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client):
    make_user(username="officer", password=PASSWORD)
    for _ in range(5):
        _log_in(client, "officer", "wrong")

    response = _log_in(client, "officer", PASSWORD)

    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock_and_a_success_resets_the_count(client):
    make_user(username="officer", password=PASSWORD)
    for _ in range(4):
        _log_in(client, "officer", "wrong")

    assert _log_in(client, "officer", PASSWORD).status_code == 302
    client.post(reverse("core:logout"))
    for _ in range(4):
        _log_in(client, "officer", "wrong")
    assert _log_in(client, "officer", PASSWORD).status_code == 302


def test_lock_out_is_per_username_not_per_address(client):
    make_user(username="officer", password=PASSWORD)
    make_user(username="colleague", password=PASSWORD)
    for _ in range(5):
        _log_in(client, "officer", "wrong")

    response = _log_in(client, "colleague", PASSWORD)

    assert response.status_code == 302


def test_logout_is_a_post_and_ends_the_session(client):
    user = make_user(username="officer")
    client.force_login(user)

    assert client.get(reverse("core:logout")).status_code == 405
    response = client.post(reverse("core:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:login")
    assert client.get(reverse("core:home")).status_code == 302


def test_login_page_links_to_the_talent_claim(client):
    response = client.get(reverse("core:login"))

    assert reverse("talents:claim-start") in response.content.decode()


def test_signed_in_user_visiting_login_goes_home(client):
    client.force_login(make_user())

    response = client.get(reverse("core:login"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
