"""Part of the designer (web/designer.py): check and publish an app, its history with each
version's changes and rollback, export and import as a zip of Altinn's folder layout, and new
services (blank or copied).

    GET/POST /designer/<org>/<app>/publish                       check, see changes, publish
    GET      /designer/<org>/<app>/history                       versions, newest first
    GET      /designer/<org>/<app>/history/<n>                   what version n changed
    GET/POST /designer/<org>/<app>/history/<n>/rollback          back to version n
    GET      /designer/<org>/<app>/export.zip[?version=n]        the draft or a version
    GET/POST /designer/import                                    a zip, as a new or same app
    GET/POST /designer/new                                       a new service

Publishing stores the draft's files as the app's next version: new instances start on it,
running ones keep theirs (forms/registry.py). History only grows: a rollback publishes the old
files as a new version."""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path
from typing import Any

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from designer.blank_app import blank_app, copied_app
from designer.publishing import (
    MAX_ZIP_BYTES,
    ImportedApp,
    ImportRefused,
    diff_files,
    new_code,
    read_app_zip,
)
from designer.workspace import Workspace
from forms.definitions import AppDefinition
from forms.loader import load_app
from forms.problems import Problem
from forms.texts import LANGUAGES
from storage import app_versions
from web.context import admin_orgs, current_language, known_user, registry
from web.db import db_session
from web.designer import (
    DesignerApp,
    app_state,
    apply_change,
    apps_dir,
    bp,
    designer_app,
    problems_text,
    render,
    user_ref,
)
from web.designer_i18n import add, texts
from web.downloads import attachment

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")
MAX_NOTE = 500

add({
    "nb": {
        "publish.title": "Sjekk og publiser",
        "publish.intro": "Publisering lager en ny versjon. Nye innsendinger bruker den; de som "
                         "alt er startet, fortsetter på versjonen de startet på.",
        "publish.check": "Sjekk av tjenesten",
        "publish.ok": "Ingen feil funnet.",
        "publish.errors": "Tjenesten har feil og kan ikke publiseres før de er rettet.",
        "publish.problems": "Feil og advarsler",
        "publish.changes": "Endringer siden versjon {0}",
        "publish.changes_first": "Endringer (tjenesten er ikke publisert før)",
        "publish.no_changes": "Utkastet er likt versjon {0}. Det er ingenting å publisere.",
        "publish.note": "Merknad (valgfri)",
        "publish.note_help": "Hva er endret? Vises i historikken.",
        "publish.note_too_long": "Merknaden kan ha høyst {0} tegn.",
        "publish.button": "Publiser",
        "publish.done": "Versjon {0} er publisert.",
        "publish.refused": "Tjenesten ble ikke publisert.",
        "diff.added": "lagt til",
        "diff.removed": "fjernet",
        "diff.changed": "endret",
        "diff.binary": "Binærfil; innholdet vises ikke.",
        "diff.counts": "{0} linjer lagt til, {1} fjernet",
        "diff.files": "Endrede filer",
        "diff.file": "Fil",
        "diff.status": "Endring",
        "diff.none": "Ingen filer er endret.",
        "diff.legend": "Linjer som begynner med + er lagt til, linjer som begynner med - er "
                       "fjernet.",
        "history.title": "Historikk",
        "history.intro": "Publiserte versjoner, nyeste først.",
        "history.none": "Tjenesten er ikke publisert ennå.",
        "history.version": "Versjon",
        "history.time": "Publisert",
        "history.by": "Av",
        "history.note": "Merknad",
        "history.actions": "Handlinger",
        "history.show": "Se endringene i versjon {0}",
        "history.rollback": "Gå tilbake til versjon {0}",
        "history.export": "Last ned versjon {0} som zip",
        "history.export_draft": "Last ned utkastet som zip",
        "version.title": "Versjon {0}",
        "version.against": "Endringer fra versjon {0}",
        "version.first": "Første versjon: alle filene er nye.",
        "rollback.title": "Gå tilbake til versjon {0}?",
        "rollback.intro": "Utkastet blir gjort likt versjon {0}, og det publiseres som en ny "
                          "versjon. Upubliserte endringer i utkastet blir erstattet og går "
                          "tapt.",
        "rollback.changed": "Utkastet har endringer som ikke er publisert.",
        "rollback.confirm": "Ja, gå tilbake til versjon {0}",
        "rollback.cancel": "Avbryt",
        "rollback.note": "Tilbake til versjon {0}",
        "rollback.refused": "Versjon {0} kunne ikke gjenopprettes.",
        "import.title": "Importer tjeneste fra zip",
        "import.intro": "Last opp en zip med Altinn-mappen App/ (også slik GitHub og Altinn "
                        "Studio laster ned, med én mappe rundt). Finnes tjenesten, erstattes "
                        "utkastet; ellers lages en ny tjeneste som ikke er publisert.",
        "import.file": "Zip-fil",
        "import.file_help": "Høyst {0} MB.",
        "import.button": "Importer",
        "import.missing": "Velg en zip-fil.",
        "import.not_zip": "Filen er ikke en zip-fil.",
        "import.too_big": "Zip-filen er for stor (høyst {0} MB).",
        "import.too_big_unpacked": "Zip-filen blir for stor pakket ut (høyst {0} MB).",
        "import.too_many": "Zip-filen har for mange filer (høyst {0}).",
        "import.code": "Zip-filen har programkode som ikke finnes i tjenesten fra før: {0}. "
                       "Programkode kjøres på serveren og kommer bare med tjenestens egne filer, "
                       "fra utviklerne; fjern filene fra zip-filen.",
        "import.unsafe_path": "Zip-filen har en fil med en ulovlig sti: {0}",
        "import.broken_zip": "Zip-filen kan ikke leses: {0}",
        "import.no_app_folder": "Fant ikke mappen App/ i zip-filen.",
        "import.no_metadata": "Zip-filen mangler App/config/applicationmetadata.json.",
        "import.bad_metadata": "applicationmetadata.json kan ikke leses: {0}",
        "import.bad_id": "applicationmetadata.json må ha en id på formen «org/app».",
        "import.other_org": "Tjenesten tilhører {0}, som du ikke er administrator for.",
        "import.folder_taken": "Mappen {0} brukes allerede av en annen tjeneste.",
        "import.broken_app": "Tjenesten i zip-filen har feil og ble ikke importert.",
        "import.created": "Tjenesten {0} er importert. Den er ikke publisert.",
        "import.replaced": "Utkastet til {0} er erstattet med innholdet i zip-filen.",
        "new.title": "Ny tjeneste",
        "new.org": "Organisasjon",
        "new.name": "Navn i adressen (app-navn)",
        "new.name_help": "Små bokstaver, sifre og bindestrek, 2–60 tegn. Kan ikke endres "
                         "senere.",
        "new.title_nb": "Tittel på bokmål",
        "new.title_nn": "Tittel på nynorsk (valgfri)",
        "new.title_en": "Tittel på engelsk (valgfri)",
        "new.start": "Start med",
        "new.blank": "En tom tjeneste",
        "new.copy": "En kopi av «{0}» ({1})",
        "new.button": "Lag tjenesten",
        "new.err_org": "Velg en organisasjon du er administrator for.",
        "new.err_name": "Bruk 2–60 små bokstaver, sifre og bindestrek, og begynn med en "
                        "bokstav eller et siffer.",
        "new.err_taken": "Navnet {0} er allerede i bruk.",
        "new.err_title": "Skriv en tittel på bokmål.",
        "new.err_title_long": "Tittelen kan ha høyst 200 tegn.",
        "new.err_start": "Velg hva tjenesten skal starte med.",
        "new.created": "Tjenesten «{0}» er laget. Den er ikke publisert.",
        "new.broken": "Tjenesten kunne ikke lages:",
    },
    "nn": {
        "publish.title": "Sjekk og publiser",
        "publish.intro": "Publisering lagar ein ny versjon. Nye innsendingar brukar han; dei "
                         "som alt er starta, held fram på versjonen dei starta på.",
        "publish.check": "Sjekk av tenesta",
        "publish.ok": "Ingen feil funne.",
        "publish.errors": "Tenesta har feil og kan ikkje publiserast før dei er retta.",
        "publish.problems": "Feil og åtvaringar",
        "publish.changes": "Endringar sidan versjon {0}",
        "publish.changes_first": "Endringar (tenesta er ikkje publisert før)",
        "publish.no_changes": "Utkastet er likt versjon {0}. Det er ingenting å publisere.",
        "publish.note": "Merknad (valfri)",
        "publish.note_help": "Kva er endra? Blir vist i historikken.",
        "publish.note_too_long": "Merknaden kan ha høgst {0} teikn.",
        "publish.button": "Publiser",
        "publish.done": "Versjon {0} er publisert.",
        "publish.refused": "Tenesta vart ikkje publisert.",
        "diff.added": "lagd til",
        "diff.removed": "fjerna",
        "diff.changed": "endra",
        "diff.binary": "Binærfil; innhaldet blir ikkje vist.",
        "diff.counts": "{0} linjer lagde til, {1} fjerna",
        "diff.files": "Endra filer",
        "diff.file": "Fil",
        "diff.status": "Endring",
        "diff.none": "Ingen filer er endra.",
        "diff.legend": "Linjer som byrjar med + er lagde til, linjer som byrjar med - er "
                       "fjerna.",
        "history.title": "Historikk",
        "history.intro": "Publiserte versjonar, nyaste først.",
        "history.none": "Tenesta er ikkje publisert enno.",
        "history.version": "Versjon",
        "history.time": "Publisert",
        "history.by": "Av",
        "history.note": "Merknad",
        "history.actions": "Handlingar",
        "history.show": "Sjå endringane i versjon {0}",
        "history.rollback": "Gå tilbake til versjon {0}",
        "history.export": "Last ned versjon {0} som zip",
        "history.export_draft": "Last ned utkastet som zip",
        "version.title": "Versjon {0}",
        "version.against": "Endringar frå versjon {0}",
        "version.first": "Første versjon: alle filene er nye.",
        "rollback.title": "Gå tilbake til versjon {0}?",
        "rollback.intro": "Utkastet blir gjort likt versjon {0}, og det blir publisert som ein "
                          "ny versjon. Upubliserte endringar i utkastet blir erstatta og går "
                          "tapt.",
        "rollback.changed": "Utkastet har endringar som ikkje er publiserte.",
        "rollback.confirm": "Ja, gå tilbake til versjon {0}",
        "rollback.cancel": "Avbryt",
        "rollback.note": "Tilbake til versjon {0}",
        "rollback.refused": "Versjon {0} kunne ikkje gjenopprettast.",
        "import.title": "Importer teneste frå zip",
        "import.intro": "Last opp ein zip med Altinn-mappa App/ (også slik GitHub og Altinn "
                        "Studio lastar ned, med éi mappe rundt). Finst tenesta, blir utkastet "
                        "erstatta; elles blir det laga ei ny teneste som ikkje er publisert.",
        "import.file": "Zip-fil",
        "import.file_help": "Høgst {0} MB.",
        "import.button": "Importer",
        "import.missing": "Vel ei zip-fil.",
        "import.not_zip": "Fila er ikkje ei zip-fil.",
        "import.too_big": "Zip-fila er for stor (høgst {0} MB).",
        "import.too_big_unpacked": "Zip-fila blir for stor pakka ut (høgst {0} MB).",
        "import.too_many": "Zip-fila har for mange filer (høgst {0}).",
        "import.code": "Zip-fila har programkode som ikkje finst i tenesta frå før: {0}. "
                       "Programkode blir køyrd på serveren og kjem berre med filene til tenesta, "
                       "frå utviklarane; fjern filene frå zip-fila.",
        "import.unsafe_path": "Zip-fila har ei fil med ein ulovleg sti: {0}",
        "import.broken_zip": "Zip-fila kan ikkje lesast: {0}",
        "import.no_app_folder": "Fann ikkje mappa App/ i zip-fila.",
        "import.no_metadata": "Zip-fila manglar App/config/applicationmetadata.json.",
        "import.bad_metadata": "applicationmetadata.json kan ikkje lesast: {0}",
        "import.bad_id": "applicationmetadata.json må ha ein id på forma «org/app».",
        "import.other_org": "Tenesta høyrer til {0}, som du ikkje er administrator for.",
        "import.folder_taken": "Mappa {0} blir alt brukt av ei anna teneste.",
        "import.broken_app": "Tenesta i zip-fila har feil og vart ikkje importert.",
        "import.created": "Tenesta {0} er importert. Ho er ikkje publisert.",
        "import.replaced": "Utkastet til {0} er erstatta med innhaldet i zip-fila.",
        "new.title": "Ny teneste",
        "new.org": "Organisasjon",
        "new.name": "Namn i adressa (app-namn)",
        "new.name_help": "Små bokstavar, siffer og bindestrek, 2–60 teikn. Kan ikkje endrast "
                         "seinare.",
        "new.title_nb": "Tittel på bokmål",
        "new.title_nn": "Tittel på nynorsk (valfri)",
        "new.title_en": "Tittel på engelsk (valfri)",
        "new.start": "Start med",
        "new.blank": "Ei tom teneste",
        "new.copy": "Ein kopi av «{0}» ({1})",
        "new.button": "Lag tenesta",
        "new.err_org": "Vel ein organisasjon du er administrator for.",
        "new.err_name": "Bruk 2–60 små bokstavar, siffer og bindestrek, og byrj med ein "
                        "bokstav eller eit siffer.",
        "new.err_taken": "Namnet {0} er alt i bruk.",
        "new.err_title": "Skriv ein tittel på bokmål.",
        "new.err_title_long": "Tittelen kan ha høgst 200 teikn.",
        "new.err_start": "Vel kva tenesta skal starte med.",
        "new.created": "Tenesta «{0}» er laga. Ho er ikkje publisert.",
        "new.broken": "Tenesta kunne ikkje lagast:",
    },
    "en": {
        "publish.title": "Check and publish",
        "publish.intro": "Publishing makes a new version. New submissions use it; those "
                         "already started go on with the version they started on.",
        "publish.check": "Check of the service",
        "publish.ok": "No errors found.",
        "publish.errors": "The service has errors and cannot be published until they are "
                          "fixed.",
        "publish.problems": "Errors and warnings",
        "publish.changes": "Changes since version {0}",
        "publish.changes_first": "Changes (the service has not been published before)",
        "publish.no_changes": "The draft is the same as version {0}. There is nothing to "
                              "publish.",
        "publish.note": "Note (optional)",
        "publish.note_help": "What has changed? Shown in the history.",
        "publish.note_too_long": "The note can have at most {0} characters.",
        "publish.button": "Publish",
        "publish.done": "Version {0} is published.",
        "publish.refused": "The service was not published.",
        "diff.added": "added",
        "diff.removed": "removed",
        "diff.changed": "changed",
        "diff.binary": "Binary file; its content is not shown.",
        "diff.counts": "{0} lines added, {1} removed",
        "diff.files": "Changed files",
        "diff.file": "File",
        "diff.status": "Change",
        "diff.none": "No files have changed.",
        "diff.legend": "Lines starting with + are added, lines starting with - are removed.",
        "history.title": "History",
        "history.intro": "Published versions, newest first.",
        "history.none": "The service has not been published yet.",
        "history.version": "Version",
        "history.time": "Published",
        "history.by": "By",
        "history.note": "Note",
        "history.actions": "Actions",
        "history.show": "See the changes in version {0}",
        "history.rollback": "Go back to version {0}",
        "history.export": "Download version {0} as a zip",
        "history.export_draft": "Download the draft as a zip",
        "version.title": "Version {0}",
        "version.against": "Changes from version {0}",
        "version.first": "First version: every file is new.",
        "rollback.title": "Go back to version {0}?",
        "rollback.intro": "The draft is made the same as version {0}, and that is published "
                          "as a new version. Unpublished changes in the draft are replaced "
                          "and lost.",
        "rollback.changed": "The draft has changes that are not published.",
        "rollback.confirm": "Yes, go back to version {0}",
        "rollback.cancel": "Cancel",
        "rollback.note": "Back to version {0}",
        "rollback.refused": "Version {0} could not be restored.",
        "import.title": "Import a service from a zip",
        "import.intro": "Upload a zip with Altinn's App/ folder (also as GitHub and Altinn "
                        "Studio download it, in one folder). If the service exists, its draft "
                        "is replaced; otherwise a new, unpublished service is made.",
        "import.file": "Zip file",
        "import.file_help": "At most {0} MB.",
        "import.button": "Import",
        "import.missing": "Choose a zip file.",
        "import.not_zip": "The file is not a zip file.",
        "import.too_big": "The zip file is too big (at most {0} MB).",
        "import.too_big_unpacked": "The zip file is too big unpacked (at most {0} MB).",
        "import.too_many": "The zip file has too many files (at most {0}).",
        "import.code": "The zip file has program code the service does not already have: {0}."
                       " Program code runs on the server and comes only with the service's own "
                       "files, from its developers; remove those files from the zip file.",
        "import.unsafe_path": "The zip file has a file with a forbidden path: {0}",
        "import.broken_zip": "The zip file cannot be read: {0}",
        "import.no_app_folder": "No App/ folder was found in the zip file.",
        "import.no_metadata": "The zip file has no App/config/applicationmetadata.json.",
        "import.bad_metadata": "applicationmetadata.json cannot be read: {0}",
        "import.bad_id": "applicationmetadata.json must have an id like «org/app».",
        "import.other_org": "The service belongs to {0}, which you are not an administrator "
                            "of.",
        "import.folder_taken": "The folder {0} is already used by another service.",
        "import.broken_app": "The service in the zip file has errors and was not imported.",
        "import.created": "The service {0} is imported. It is not published.",
        "import.replaced": "The draft of {0} is replaced with the zip file's content.",
        "new.title": "New service",
        "new.org": "Organisation",
        "new.name": "Name in the address (app name)",
        "new.name_help": "Lowercase letters, digits and hyphens, 2–60 characters. Cannot be "
                         "changed later.",
        "new.title_nb": "Title in Bokmål",
        "new.title_nn": "Title in Nynorsk (optional)",
        "new.title_en": "Title in English (optional)",
        "new.start": "Start with",
        "new.blank": "A blank service",
        "new.copy": "A copy of «{0}» ({1})",
        "new.button": "Create the service",
        "new.err_org": "Choose an organisation you are an administrator of.",
        "new.err_name": "Use 2–60 lowercase letters, digits and hyphens, starting with a "
                        "letter or a digit.",
        "new.err_taken": "The name {0} is already taken.",
        "new.err_title": "Write a title in Bokmål.",
        "new.err_title_long": "The title can have at most 200 characters.",
        "new.err_start": "Choose what the service starts with.",
        "new.created": "The service «{0}» is created. It is not published.",
        "new.broken": "The service could not be created:",
    },
})


def _tx() -> Any:
    return texts(current_language())


# --- check and publish ---


def _published_files(app_id: str, version: int | None) -> dict[str, bytes]:
    """The files of a published version; none for no version (everything is then new)."""
    if version is None:
        return {}
    found = app_versions.get_version(db_session(), app_id, version)
    return app_versions.unzip_files(found.files) if found is not None else {}


def _check(target: DesignerApp) -> list[Problem]:
    """The same checks as `apps check`, on the draft's files as they are now."""
    _, problems = load_app(target.app.folder)
    return sorted(problems, key=lambda p: (p.severity != "error", p.file, p.path))


def _publish_page(target: DesignerApp, note: str = "", note_error: str | None = None,
                  status: int = 200) -> tuple[str, int]:
    problems = _check(target)
    latest = registry().latest_version(target.id)
    diffs = diff_files(_published_files(target.id, latest), target.workspace.files())
    errors = [p for p in problems if p.severity == "error"]
    return render("designer/publish.html", target, problems=problems, errors=errors,
                  latest=latest, diffs=diffs, note=note, note_error=note_error,
                  max_note=MAX_NOTE), status


@bp.route("/<org>/<app_name>/publish", methods=["GET", "POST"])
def publish(org: str, app_name: str) -> Response | tuple[str, int]:
    target = designer_app(org, app_name)
    if request.method == "GET":
        return _publish_page(target)
    return _publish(target)


def _publish(target: DesignerApp) -> Response | tuple[str, int]:
    """Publish the draft as the next version, unless it has errors or nothing changed."""
    tx = _tx()
    org, app_name = target.app.org, target.app.name
    note = request.form.get("note", "").strip()
    if len(note) > MAX_NOTE:
        return _publish_page(target, note, tx("publish.note_too_long", MAX_NOTE), 400)
    if any(p.severity == "error" for p in _check(target)):
        flash(tx("publish.refused"), "error")
        return _publish_page(target, note, status=400)
    files = target.workspace.files()
    latest = registry().latest_version(target.id)
    if latest is not None and app_versions.files_sha256(files) == app_versions.version_sha256(
            db_session(), target.id, latest):
        flash(tx("publish.no_changes", latest), "info")
        return redirect(url_for("designer.publish", org=org, app_name=app_name), 303)
    number = _publish_files(target.id, files, note or None)
    flash(tx("publish.done", number), "success")
    return redirect(url_for("designer.history", org=org, app_name=app_name), 303)


def _publish_files(app_id: str, files: dict[str, bytes], note: str | None) -> int:
    session = db_session()
    version = app_versions.publish(session, app_id, files, user_ref(), note)
    session.commit()
    registry().published_changed()
    return version.version


# --- history, a version's changes, rollback ---


def _who(user_id: str | None) -> str:
    """A publisher's name where the register knows them, else their id."""
    if user_id and user_id.isdigit():
        user = known_user(int(user_id))
        if user is not None:
            return user.name
    return user_id or ""


@bp.get("/<org>/<app_name>/history")
def history(org: str, app_name: str) -> str:
    target = designer_app(org, app_name)
    versions = app_versions.history(db_session(), target.id)
    return render("designer/history.html", target, versions=versions, who=_who)


def _version_or_404(app_id: str, version: int) -> app_versions.AppVersion:
    found = app_versions.get_version(db_session(), app_id, version)
    if found is None:
        abort(404)
    return found


@bp.get("/<org>/<app_name>/history/<int:version>")
def version(org: str, app_name: str, version: int) -> str:
    target = designer_app(org, app_name)
    found = _version_or_404(target.id, version)
    before = _published_files(target.id, version - 1) if version > 1 else {}
    diffs = diff_files(before, app_versions.unzip_files(found.files))
    return render("designer/version.html", target, found=found, diffs=diffs,
                  who=_who(found.created_by))


@bp.route("/<org>/<app_name>/history/<int:version>/rollback", methods=["GET", "POST"])
def rollback(org: str, app_name: str, version: int) -> Response | str:
    target = designer_app(org, app_name)
    found = _version_or_404(target.id, version)
    if request.method == "GET":
        return render("designer/rollback.html", target, found=found,
                      changed=app_state(target.id)[0] == "changed")
    return _rollback(target, found)


def _rollback(target: DesignerApp, found: app_versions.AppVersion) -> Response:
    """Make the draft exactly version `found` and publish it as the next version."""
    tx = _tx()
    org, app_name, version = target.app.org, target.app.name, found.version
    files = app_versions.unzip_files(found.files)
    _changed, problems = apply_change(target, lambda ws: ws.restore(files))
    if problems:
        flash(tx("rollback.refused", version) + " " + problems_text(problems,
                                                                    current_language()), "error")
        return redirect(url_for("designer.history", org=org, app_name=app_name), 303)
    number = _publish_files(target.id, files, texts("nb")("rollback.note", version))
    flash(tx("publish.done", number), "success")
    return redirect(url_for("designer.history", org=org, app_name=app_name), 303)


# --- export and import ---


@bp.get("/<org>/<app_name>/export.zip")
def export(org: str, app_name: str) -> Response:
    """The draft, or with ?version=n a published version, as a zip of Altinn's layout."""
    target = designer_app(org, app_name)
    wanted = request.args.get("version")
    if wanted is None:
        blob = app_versions.zip_files(target.workspace.files())
    elif wanted.isdigit():
        blob = _version_or_404(target.id, int(wanted)).files
    else:
        abort(404)
    return attachment(blob, "application/zip", f"{target.app.name}.zip")


@bp.route("/import", methods=["GET", "POST"])
def import_app() -> Response | tuple[str, int]:
    if request.method == "GET":
        return _import_page(status=200)
    return _import()


def _import_page(error: str | None = None, problems: list[Problem] | None = None,
                 status: int = 400) -> tuple[str, int]:
    return render("designer/import.html", error=error, problems=problems or [],
                  max_mb=MAX_ZIP_BYTES // (1024 * 1024)), status


def _import() -> Response | tuple[str, int]:
    """A zip as the draft of its app (replaced through a checked save) or as a new app."""
    tx = _tx()
    upload = request.files.get("zip")
    if upload is None or not upload.filename:
        return _import_page(tx("import.missing"))
    try:
        imported = read_app_zip(upload.read(MAX_ZIP_BYTES + 1))
    except ImportRefused as refused:
        return _import_page(tx(refused.key, *refused.args_))
    if imported.org not in admin_orgs():
        return _import_page(tx("import.other_org", imported.org))
    existing = registry().draft(imported.id)
    code = new_code(imported.files, Workspace(existing.folder).files() if existing else None)
    if code:
        return _import_page(tx("import.code", ", ".join(code)))
    if existing is not None:
        return _replace_draft(existing, imported)
    folder = apps_dir() / imported.name
    if folder.exists():
        return _import_page(tx("import.folder_taken", imported.name))
    problems = _create_app(folder, imported.files, imported.id)
    if problems:
        return _import_page(tx("import.broken_app"), problems)
    flash(tx("import.created", imported.id), "success")
    return redirect(url_for("designer.app_home", org=imported.org, app_name=imported.name), 303)


def _replace_draft(existing: AppDefinition, imported: ImportedApp) -> Response | tuple[str, int]:
    """The existing app's draft becomes the zip's files as one checked change (as every
    designer save: the files first become version 1 if they never were published), or stays
    exactly as it was if the zip's app does not load."""
    target = DesignerApp(existing, Workspace(existing.folder))
    _changed, problems = apply_change(target, lambda ws: ws.restore(imported.files))
    if problems:
        return _import_page(_tx()("import.broken_app"), problems)
    flash(_tx()("import.replaced", imported.id), "success")
    return redirect(url_for("designer.app_home", org=existing.org, app_name=existing.name), 303)


def _create_app(folder: Path, files: dict[str, bytes], app_id: str) -> list[Problem]:
    """Make a new app in `folder`, hidden from citizens until it is published; the errors if
    it does not load (and then nothing is left behind). It is built in a hidden folder the
    registry does not read, and moved into place once it loads and is marked unpublished."""
    building = folder.parent / f".new-{folder.name}-{uuid.uuid4().hex[:8]}"
    try:
        for name, content in files.items():
            path = (building / "App" / name).resolve()
            if not path.is_relative_to(building.resolve()):
                raise ValueError(f"{name} is outside the app")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        app, problems = load_app(building)
        if app is None or app.id != app_id:
            shutil.rmtree(building, ignore_errors=True)
            return [p for p in problems if p.severity == "error"] or [
                Problem("App/config/applicationmetadata.json", "$.id", f"must be {app_id}")]
        session = db_session()
        if registry().latest_version(app_id) is None:
            app_versions.mark_unpublished(session, app_id, user_ref())
            session.commit()
            registry().published_changed()
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    registry().reload_app(folder)
    return []


# --- new services ---


def _copyable() -> list[AppDefinition]:
    """The apps an admin may start a new service from: those of their orgs."""
    orgs = admin_orgs()
    return sorted((a for a in registry().drafts.values() if a.org in orgs), key=lambda a: a.id)


def _taken(org: str, name: str) -> bool:
    return ((apps_dir() / name).exists()
            or any(a.name == name for a in registry().drafts.values())
            or registry().latest_version(f"{org}/{name}") is not None)


def _new_errors(form: dict[str, str]) -> dict[str, str]:
    """Field-level errors of the new-service form, by field name."""
    tx = _tx()
    errors: dict[str, str] = {}
    if form["org"] not in admin_orgs():
        errors["org"] = tx("new.err_org")
    if not _NAME.match(form["name"]):
        errors["name"] = tx("new.err_name")
    elif _taken(form["org"], form["name"]):
        errors["name"] = tx("new.err_taken", form["name"])
    for lang in LANGUAGES:
        if len(form[f"title_{lang}"]) > 200:
            errors[f"title_{lang}"] = tx("new.err_title_long")
    if not form["title_nb"] and "title_nb" not in errors:
        errors["title_nb"] = tx("new.err_title")
    sources = {a.id for a in _copyable()}
    if form["start"] != "blank" and form["start"] not in sources:
        errors["start"] = tx("new.err_start")
    return errors


def _new_page(form: dict[str, str], errors: dict[str, str],
              problems: list[Problem] | None = None, status: int = 200) -> tuple[str, int]:
    return render("designer/new_service.html", form=form, errors=errors,
                  problems=problems or [], sources=_copyable()), status


@bp.route("/new", methods=["GET", "POST"])
def new_service() -> Response | tuple[str, int]:
    if request.method == "POST":
        return _new_service()
    orgs = sorted(admin_orgs())
    form = {"org": orgs[0] if len(orgs) == 1 else "", "name": "", "start": "blank",
            **{f"title_{lang}": "" for lang in LANGUAGES}}
    return _new_page(form, {})


def _new_service() -> Response | tuple[str, int]:
    """A new, unpublished service from the blank template or a copy of an app."""
    form = {key: request.form.get(key, "").strip()
            for key in ("org", "name", "start", *(f"title_{lang}" for lang in LANGUAGES))}
    errors = _new_errors(form)
    if errors:
        return _new_page(form, errors, status=400)
    org, name = form["org"], form["name"]
    title = {lang: form[f"title_{lang}"] for lang in LANGUAGES}
    if form["start"] == "blank":
        files = blank_app(org, name, title)
    else:
        source = registry().drafts[form["start"]]
        files = copied_app(Workspace(source.folder).files(), org, name, title)
    problems = _create_app(apps_dir() / name, files, f"{org}/{name}")
    if problems:
        flash(_tx()("new.broken"), "error")
        return _new_page(form, {}, problems, 400)
    flash(_tx()("new.created", form["title_nb"]), "success")
    return redirect(url_for("designer.app_home", org=org, app_name=name), 303)
