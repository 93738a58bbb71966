"""Who reaches the designer: the org's admins, and no one else."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login
from tests.designer_support import as_admin, designer_app
from web.org_roles import ADMIN, CASE_WORKER


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return designer_app(tmp_path)


def test_the_login_page_offers_a_test_admin_per_org(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert "Administrator, ekom" in page
    response = client.post("/login", data={"user_id": str(ADMIN.local_user_id("ekom")),
                                           "next": "/"})
    assert response.headers["Location"] == "/designer/"


def test_an_admin_sees_the_org_services(client: FlaskClient) -> None:
    as_admin(client)
    page = client.get("/designer/").get_data(as_text=True)
    assert "Søknad om serveringsbevilling" in page
    assert "ekom/serveringsbevilling" in page
    assert 'href="/designer/"' in client.get("/").get_data(as_text=True)


def test_no_one_else_reaches_the_designer(client: FlaskClient) -> None:
    assert client.get("/designer/").status_code == 302  # to the login
    login(client)  # a citizen
    assert client.get("/designer/").status_code == 404
    assert client.get("/designer/ekom/serveringsbevilling/").status_code == 404
    login(client, CASE_WORKER.local_user_id("ekom"))
    assert client.get("/designer/").status_code == 404


def test_an_admin_of_another_org_gets_404(tmp_path: Path) -> None:
    app = designer_app(tmp_path, APP_ADMINS="ttd:12345")
    client = app.test_client()
    login(client, 12345)  # Ola Nordmann, admin for ttd only
    assert client.get("/designer/").status_code == 200
    assert client.get("/designer/ekom/serveringsbevilling/").status_code == 404
