import pytest
from django.urls import reverse

pytestmark = pytest.mark.portable


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
