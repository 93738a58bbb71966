"""New services (blank or copied) and import from a zip: what an admin makes is hidden from
citizens until it is published; a zip is checked before anything is written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer.blank_app import blank_app
from forms.loader import load_app
from storage.app_versions import read_files
from tests.conftest import SHARED_APPS, login, start_instance
from tests.designer_support import app_root, as_admin, designer_app
from tests.test_designer_publish import publishing_app

BASE = "/designer/ekom/serveringsbevilling"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return publishing_app(tmp_path)


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    client = app.test_client()
    as_admin(client)
    return client


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def _upload(admin: FlaskClient, blob: bytes, name: str = "app.zip"):  # type: ignore[no-untyped-def]
    return admin.post("/designer/import", data={"zip": (io.BytesIO(blob), name)},
                      content_type="multipart/form-data")


def _new(admin: FlaskClient, **form: str):  # type: ignore[no-untyped-def]
    data = {"org": "ekom", "name": "hundeluft", "title_nb": "Søknad om hundeluftertillatelse",
            "title_nn": "", "title_en": "Dog walking permit", "start": "blank", **form}
    return admin.post("/designer/new", data=data)


def _citizen_start_page(app: Flask) -> tuple[FlaskClient, str]:
    citizen = app.test_client()
    login(citizen)
    return citizen, citizen.get("/").get_data(as_text=True)


# --- the blank template ---


def test_the_blank_service_loads_without_problems(tmp_path: Path) -> None:
    folder = tmp_path / "blank"
    for name, content in blank_app("ekom", "blank", {"nb": "Tom", "nn": "", "en": ""}).items():
        (folder / "App" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "App" / name).write_bytes(content)
    app, problems = load_app(folder)
    assert app is not None and problems == []
    assert app.id == "ekom/blank"
    assert app.title("nn") == "Tom"  # the nb title where no other was given
    assert list(app.layout_sets["form"].pages) == ["side1"]
    assert all(app.party_types_allowed.values())


# --- new services ---


def test_the_new_service_form(admin: FlaskClient) -> None:
    page = admin.get("/designer/new").get_data(as_text=True)
    assert '<option value="ekom" selected>' in page  # the only org, preselected
    assert '<label class="ds-label" for="new_name">' in page
    assert "<legend" in page and 'value="blank" checked' in page
    assert 'value="ekom/serveringsbevilling"' in page  # may be copied


def test_a_new_blank_service_is_hidden_until_published(app: Flask, admin: FlaskClient,
                                                       tmp_path: Path) -> None:
    response = _new(admin)
    assert response.status_code == 303
    assert response.headers["Location"] == "/designer/ekom/hundeluft/"
    root = app_root(tmp_path, "hundeluft")
    metadata = json.loads((root / "config" / "applicationmetadata.json").read_text("utf-8"))
    assert metadata["id"] == "ekom/hundeluft"
    assert metadata["title"] == {"nb": "Søknad om hundeluftertillatelse",
                                 "en": "Dog walking permit"}
    assert load_app(root.parent)[0] is not None
    assert "ekom/hundeluft" in admin.get("/designer/").get_data(as_text=True)

    citizen, start = _citizen_start_page(app)
    assert "Søknad om hundeluftertillatelse" not in start
    assert citizen.post("/instances", data={"app_id": "ekom/hundeluft"}).status_code == 404

    response = admin.post("/designer/ekom/hundeluft/publish", data={"note": "Første"})
    assert response.status_code == 303
    citizen, start = _citizen_start_page(app)
    assert "Søknad om hundeluftertillatelse" in start
    page = citizen.get(start_instance(citizen, "ekom/hundeluft")).get_data(as_text=True)
    assert "Søknad om hundeluftertillatelse" in page


def test_a_copy_of_an_app_gets_the_new_id_and_title(admin: FlaskClient, tmp_path: Path) -> None:
    response = _new(admin, name="skjenking", title_nb="Skjenkebevilling", title_en="",
                    start="ekom/serveringsbevilling")
    assert response.status_code == 303
    assert response.headers["Location"] == "/designer/ekom/skjenking/"
    source, copy = app_root(tmp_path), app_root(tmp_path, "skjenking")
    assert _files(source).keys() == _files(copy).keys()
    assert (copy / "ui/form/layouts/soker.json").read_bytes() == (
        source / "ui/form/layouts/soker.json").read_bytes()
    app, problems = load_app(copy.parent)
    assert app is not None
    assert app.id == "ekom/skjenking"
    assert app.title("nb") == "Skjenkebevilling"
    assert app.title("en") == "Skjenkebevilling"
    metadata = json.loads((copy / "config/applicationmetadata.json").read_text("utf-8"))
    assert metadata["title"] == {"nb": "Skjenkebevilling"}
    assert len(metadata["dataTypes"]) == 3  # the rest as it was


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"name": "A"}, "name", "Bruk 2–60 små bokstaver"),
    ({"name": "serveringsbevilling"}, "name", "er allerede i bruk"),
    ({"title_nb": " "}, "title_nb", "Skriv en tittel på bokmål."),
    ({"org": "ttd"}, "org", "Velg en organisasjon"),
    ({"start": "ttd/andre"}, "start", "Velg hva tjenesten skal starte med."),
])
def test_bad_input_gets_a_field_error_and_keeps_the_rest(
        admin: FlaskClient, tmp_path: Path, form: dict[str, str], field: str,
        message: str) -> None:
    before = sorted(p.name for p in (tmp_path / "apps").iterdir())
    response = _new(admin, **form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert f'id="new_{field}_error"' in page
    assert f'href="#new_{field}"' in page  # the summary links to the field
    assert 'value="Dog walking permit"' in page  # nothing typed is lost
    assert sorted(p.name for p in (tmp_path / "apps").iterdir()) == before


# --- export and import ---


def test_export_then_import_into_a_fresh_apps_folder_round_trips(admin: FlaskClient,
                                                                 tmp_path: Path) -> None:
    exported = admin.get(f"{BASE}/export.zip").data
    other = tmp_path / "other"
    (other / "apps").mkdir(parents=True)  # no apps at all: ekom's admin is named in settings
    fresh = publishing_app(other, APP_ADMINS="ekom:12345")
    client = fresh.test_client()
    login(client, 12345)
    response = _upload(client, exported)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == "/designer/ekom/serveringsbevilling/"
    assert _files(app_root(other)) == _files(app_root(tmp_path))
    # New here: hidden from citizens until published.
    assert fresh.extensions["blankett.apps"].is_unpublished("ekom/serveringsbevilling")
    assert "ekom/serveringsbevilling" in fresh.extensions["blankett.apps"].drafts


def test_import_of_an_existing_app_replaces_its_draft(admin: FlaskClient, tmp_path: Path) -> None:
    root = app_root(tmp_path)
    files = _files(root)
    files["config/texts/resource.nb.json"] = files["config/texts/resource.nb.json"].replace(
        "Søknad om serveringsbevilling".encode(), "Søknad om skjenking".encode())
    # As GitHub downloads it: one folder around App/.
    response = _upload(admin, _zip({f"repo-main/App/{k}": v for k, v in files.items()}
                                   | {"repo-main/README.md": b"hei"}))
    assert response.status_code == 303
    assert _files(root) == files
    assert not (root.parent / "README.md").exists()


def test_an_altinn_studio_app_imports_as_a_new_service(tmp_path: Path) -> None:
    source = SHARED_APPS / "frontend-test"
    if not (source / "App").is_dir():
        pytest.skip("no shared Altinn apps")
    app = publishing_app(tmp_path, APP_ADMINS="ttd:12345")
    client = app.test_client()
    login(client, 12345)  # admin for ttd
    files = read_files(source / "App")
    response = _upload(client, _zip({f"frontend-test-main/App/{k}": v
                                     for k, v in files.items()}))
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == "/designer/ttd/frontend-test/"
    assert read_files(app_root(tmp_path, "frontend-test")) == files


@pytest.mark.parametrize(("blob", "message"), [
    (b"PK not really a zip at all", "Filen er ikke en zip-fil."),
    (_zip({"App/../../evil.json": b"{}", "App/config/applicationmetadata.json": b"{}"}),
     "ulovlig sti"),
    (_zip({"/etc/evil.json": b"{}"}), "ulovlig sti"),
    (_zip({"App/ui/layout-sets.json": b"{}"}), "mangler App/config/applicationmetadata.json"),
    (_zip({"readme.txt": b"x", "other/readme.txt": b"y"}), "Fant ikke mappen App/"),
    (_zip({"App/config/applicationmetadata.json": b'{"id": "ttd/andre"}'}),
     "tilhører ttd"),
    (_zip({"App/config/applicationmetadata.json": b'{"id": "bare-navn"}'}), "org/app"),
])
def test_import_refusals(admin: FlaskClient, tmp_path: Path, blob: bytes,
                         message: str) -> None:
    before = _files(tmp_path / "apps")
    response = _upload(admin, blob)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert 'aria-invalid="true"' in page and 'id="import_zip_error"' in page
    assert _files(tmp_path / "apps") == before
    assert not (tmp_path / "evil.json").exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(admin: FlaskClient) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("App/config/applicationmetadata.json", b'{"id": "ekom/bombe"}')
        archive.writestr("App/big.bin", b"\0" * (51 * 1024 * 1024))
    response = _upload(admin, out.getvalue())
    assert response.status_code == 400
    assert "for stor pakket ut" in response.get_data(as_text=True)


def test_an_import_without_a_file_asks_for_one(admin: FlaskClient) -> None:
    response = admin.post("/designer/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Velg en zip-fil." in response.get_data(as_text=True)


def test_a_broken_app_is_refused_and_nothing_changes(admin: FlaskClient, tmp_path: Path) -> None:
    root = app_root(tmp_path)
    before = _files(tmp_path / "apps")
    files = _files(root)
    files["ui/form/Settings.json"] = b'{"pages": {"order": ["finnes-ikke"]}}'
    response = _upload(admin, _zip({f"App/{k}": v for k, v in files.items()}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "page &#39;finnes-ikke&#39; has no file layouts/finnes-ikke.json" in page
    assert _files(tmp_path / "apps") == before
    # A new app that does not load is not left behind either.
    files["config/applicationmetadata.json"] = files["config/applicationmetadata.json"].replace(
        b'"ekom/serveringsbevilling"', b'"ekom/ny-og-odelagt"')
    response = _upload(admin, _zip({f"App/{k}": v for k, v in files.items()}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "finnes-ikke" in page and "ui/form/Settings.json" in page
    assert _files(tmp_path / "apps") == before
    assert sorted(p.name for p in (tmp_path / "apps").iterdir()) == ["serveringsbevilling"]


def test_an_import_may_not_bring_program_code(tmp_path: Path) -> None:
    """App code runs on the server when the app loads, so a zip may carry it only as the app
    already has it: a new app with code, or changed code, is refused before anything loads."""
    app = designer_app(tmp_path)
    client = app.test_client()
    as_admin(client)
    root = tmp_path / "apps" / "serveringsbevilling" / "App"
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
             if p.is_file()}
    marker = tmp_path / "ran"

    def upload(extra: dict[str, bytes], app_id: str) -> str:
        meta = json.loads(files["config/applicationmetadata.json"])
        meta["id"] = app_id
        content = {**files, "config/applicationmetadata.json": json.dumps(meta).encode(),
                   **extra}
        blob = io.BytesIO()
        with zipfile.ZipFile(blob, "w") as archive:
            for name, data in content.items():
                archive.writestr(f"App/{name}", data)
        response = client.post("/designer/import", data={
            "zip": (io.BytesIO(blob.getvalue()), "app.zip")}, content_type="multipart/form-data")
        assert response.status_code == 400
        return response.get_data(as_text=True)

    code = f"open({str(marker)!r}, 'w').write('x')\n".encode()
    page = upload({"logic/hooks.py": code}, "ekom/ny-tjeneste")
    assert "programkode" in page and "logic/hooks.py" in page
    page = upload({"logic/hooks.py": code}, "ekom/serveringsbevilling")
    assert "logic/hooks.py" in page
    assert not marker.exists()
    assert not (tmp_path / "apps" / "ny-tjeneste").exists()
    assert not (root / "logic" / "hooks.py").exists()


def test_a_process_with_entities_is_refused(tmp_path: Path) -> None:
    app_dir = tmp_path / "apps" / "serveringsbevilling"
    designer_app(tmp_path)
    bpmn = app_dir / "App" / "config" / "process" / "process.bpmn"
    bpmn.write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>', encoding="utf-8")
    loaded, problems = load_app(app_dir)
    assert loaded is None
    assert any("process.bpmn" in p.file and "not accepted" in p.reason for p in problems)
