"""The admin designer (/designer): admins of an org build and change its services in the
browser, on the same files developers edit (designer/workspace.py), and publish them.

Who: web/org_roles.py ADMIN. Nobody signed in is sent to log in; a signed-in user who is not an
admin of the org gets 404, as if the designer were not there. Every page works without
JavaScript (plain forms, post-redirect-get); htmx only makes it quicker.

This module holds the blueprint, access, the shared helpers and the list of apps; the designer's
parts add their routes to `bp` from their own modules (imported at the bottom):
web/designer_pages.py (pages, components, preview), web/designer_components.py (a component's
properties, data binding, expressions), web/designer_texts.py and web/designer_options.py
(texts, option lists), web/designer_publish.py (check, publish, history, export and import,
new services)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from designer.workspace import ChangeRefused, Workspace
from forms.definitions import AppDefinition, LayoutSet, Page
from forms.problems import Problem
from storage import app_versions
from web.context import admin_orgs, current_language, current_user, registry
from web.db import db_session
from web.designer_i18n import add, texts

bp = Blueprint("designer", __name__, url_prefix="/designer")

add({
    "nb": {
        "nav.pages": "Sider",
        "nav.texts": "Tekster",
        "nav.options": "Kodelister",
        "nav.publish": "Sjekk og publiser",
        "nav.history": "Historikk",
        "new_service": "Ny tjeneste",
        "import": "Importer fra zip",
        "problem.file": "Fil",
        "problem.path": "Sted i filen",
        "problem.reason": "Hva er galt",
        "problem.warning": "Advarsel",
        "designer": "Utformer",
        "designer_title": "Tjenester for {0}",
        "designer_intro": "Lag og endre tjenestene til organisasjonen. Endringer lagres i et "
                          "utkast; innbyggerne ser dem først når du publiserer.",
        "nav_label": "Utformeren",
        "all_services": "Alle tjenester",
        "service": "Tjeneste",
        "app_id": "App-id",
        "state": "Status",
        "state.unpublished": "Ikke publisert",
        "state.published": "Publisert versjon {0}",
        "state.changed": "Publisert versjon {0}, med upubliserte endringer",
        "state.files": "Fra filene (ikke publisert i utformeren)",
        "no_services": "Organisasjonen har ingen tjenester ennå.",
        "refused_title": "Tjenester som ikke kan lastes",
        "refused_intro": "Filene til disse tjenestene har feil. Rett dem i filene, eller "
                         "importer en fungerende versjon.",
        "saved": "Endringen er lagret i utkastet.",
        "unchanged": "Ingenting ble endret.",
        "refused": "Endringen ble ikke lagret, fordi tjenesten da ikke ville virke:",
        "problem_where": "{0}, {1}",
        "open": "Åpne",
        "error_summary": "Rett dette før du går videre",
    },
    "nn": {
        "nav.pages": "Sider",
        "nav.texts": "Tekstar",
        "nav.options": "Kodelister",
        "nav.publish": "Sjekk og publiser",
        "nav.history": "Historikk",
        "new_service": "Ny teneste",
        "import": "Importer frå zip",
        "problem.file": "Fil",
        "problem.path": "Stad i fila",
        "problem.reason": "Kva er gale",
        "problem.warning": "Åtvaring",
        "designer": "Utformar",
        "designer_title": "Tenester for {0}",
        "designer_intro": "Lag og endra tenestene til organisasjonen. Endringar blir lagra i "
                          "eit utkast; innbyggjarane ser dei først når du publiserer.",
        "nav_label": "Utformaren",
        "all_services": "Alle tenester",
        "service": "Teneste",
        "app_id": "App-id",
        "state": "Status",
        "state.unpublished": "Ikkje publisert",
        "state.published": "Publisert versjon {0}",
        "state.changed": "Publisert versjon {0}, med upubliserte endringar",
        "state.files": "Frå filene (ikkje publisert i utformaren)",
        "no_services": "Organisasjonen har ingen tenester enno.",
        "refused_title": "Tenester som ikkje kan lastast",
        "refused_intro": "Filene til desse tenestene har feil. Rett dei i filene, eller "
                         "importer ein fungerande versjon.",
        "saved": "Endringa er lagra i utkastet.",
        "unchanged": "Ingenting vart endra.",
        "refused": "Endringa vart ikkje lagra, fordi tenesta då ikkje ville verke:",
        "problem_where": "{0}, {1}",
        "open": "Opne",
        "error_summary": "Rett dette før du går vidare",
    },
    "en": {
        "nav.pages": "Pages",
        "nav.texts": "Texts",
        "nav.options": "Option lists",
        "nav.publish": "Check and publish",
        "nav.history": "History",
        "new_service": "New service",
        "import": "Import from zip",
        "problem.file": "File",
        "problem.path": "Place in the file",
        "problem.reason": "What is wrong",
        "problem.warning": "Warning",
        "designer": "Designer",
        "designer_title": "Services of {0}",
        "designer_intro": "Build and change the organisation's services. Changes are saved in "
                          "a draft; citizens see them only when you publish.",
        "nav_label": "The designer",
        "all_services": "All services",
        "service": "Service",
        "app_id": "App id",
        "state": "Status",
        "state.unpublished": "Not published",
        "state.published": "Published version {0}",
        "state.changed": "Published version {0}, with unpublished changes",
        "state.files": "From the files (not published in the designer)",
        "no_services": "The organisation has no services yet.",
        "refused_title": "Services that cannot be loaded",
        "refused_intro": "The files of these services have errors. Fix them in the files, or "
                         "import a working version.",
        "saved": "The change is saved in the draft.",
        "unchanged": "Nothing was changed.",
        "refused": "The change was not saved, because the service would then not work:",
        "problem_where": "{0}, {1}",
        "open": "Open",
        "error_summary": "Fix this before you go on",
    },
})


@bp.app_context_processor
def _designer_link() -> dict[str, Any]:
    """base.html shows the designer in the header to admins."""
    if not has_request_context():
        return {}
    return {"works_in_designer": current_user() is not None and bool(admin_orgs())}


@bp.before_request
def only_admins() -> Response | None:
    if current_user() is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not admin_orgs():
        abort(404)
    org = (request.view_args or {}).get("org")
    if org is not None and org not in admin_orgs():
        abort(404)
    return None


@dataclass
class DesignerApp:
    """The app an admin works on: its draft as loaded, and its files."""

    app: AppDefinition
    workspace: Workspace

    @property
    def id(self) -> str:
        return self.app.id

    def layout_set(self, set_id: str) -> LayoutSet:
        found = self.app.layout_sets.get(set_id)
        if found is None or found.folder is None:
            abort(404)
        return found

    def page(self, set_id: str, page_name: str) -> tuple[LayoutSet, Page]:
        layout_set = self.layout_set(set_id)
        page = layout_set.pages.get(page_name)
        if page is None:
            abort(404)
        return layout_set, page


def designer_app(org: str, app_name: str) -> DesignerApp:
    """The draft of `org/app_name`, if the signed-in admin works for `org`; 404 otherwise."""
    if org not in admin_orgs():
        abort(404)
    app = registry().fresh_draft(f"{org}/{app_name}")
    if app is None:
        abort(404)
    return DesignerApp(app, Workspace(app.folder))


def user_ref() -> str:
    user = current_user()
    return str(user.user_id) if user else ""


def ensure_baseline(target: DesignerApp, files: dict[str, bytes] | None = None) -> None:
    """When the designer first changes an app that was only ever served from its files, those
    files (as they were before the change: `files`) become version 1, so citizens and running
    instances keep them until the admin publishes; without this a draft change would go live
    at once."""
    apps = registry()
    if apps.latest_version(target.id) is not None or apps.is_unpublished(target.id):
        return
    session = db_session()
    app_versions.publish(session, target.id, files if files is not None
                         else target.workspace.files(), user_ref(), note="baseline")
    session.commit()
    apps.published_changed()


def apply_change(target: DesignerApp, edit: Callable[[Workspace], Any]
                 ) -> tuple[bool, list[Problem]]:
    """Apply `edit` to the draft as one checked change (designer/workspace.py): (whether any
    file changed, the problems if it was refused and nothing was kept). The first change to
    an app served from its files stores them as version 1 first (ensure_baseline)."""
    before = target.workspace.files()
    try:
        with target.workspace.change():
            edit(target.workspace)
    except ChangeRefused as refused:
        return False, refused.problems
    changed = target.workspace.files() != before
    if changed:
        ensure_baseline(target, before)
    registry().reload_app(target.app.folder)
    return changed, []


def save(target: DesignerApp, edit: Callable[[Workspace], Any]) -> bool:
    """`apply_change`, and flash what happened. False if the change was refused (the problems
    are flashed) or changed nothing."""
    lang = current_language()
    changed, problems = apply_change(target, edit)
    if problems:
        flash(texts(lang)("refused") + " " + problems_text(problems, lang), "error")
        return False
    flash(texts(lang)("saved" if changed else "unchanged"), "success" if changed else "info")
    return changed


def problems_text(problems: list[Problem], lang: str) -> str:
    """The first problems of an app definition in one sentence each: where, and why."""
    tx = texts(lang)
    return "; ".join(f"{tx('problem_where', p.file, p.path)}: {p.reason}" for p in problems[:10])


def render(template: str, target: DesignerApp | None = None, **context: Any) -> str:
    """A designer page: its texts, language, the app worked on and the admin's orgs."""
    lang = current_language()
    return render_template(template, lang=lang, tx=texts(lang), target=target,
                           app=target.app if target else None, orgs=sorted(admin_orgs()),
                           **context)


def app_state(app_id: str) -> tuple[str, int | None]:
    """Where a draft stands: ('unpublished'|'files'|'published'|'changed', newest version)."""
    apps = registry()
    if apps.is_unpublished(app_id):
        return "unpublished", None
    latest = apps.latest_version(app_id)
    if latest is None:
        return "files", None
    draft = apps.draft(app_id)
    published = app_versions.version_sha256(db_session(), app_id, latest)
    if draft is None or published is None:
        return "published", latest
    same = app_versions.files_sha256(Workspace(draft.folder).files()) == published
    return ("published" if same else "changed"), latest


@bp.get("/")
def index() -> str:
    orgs = admin_orgs()
    apps = sorted((a for a in registry().drafts.values() if a.org in orgs), key=lambda a: a.id)
    refused = {folder: problems for folder, problems in registry().refused.items()
               if Path(folder).name and _folder_org(Path(folder)) in orgs}
    return render("designer/index.html", apps=[(a, *app_state(a.id)) for a in apps],
                  refused=refused)


def _folder_org(folder: Path) -> str | None:
    """The org a refused app's folder names in its metadata, if that much can be read."""
    from designer.stable_json import read
    from forms.loader import app_root

    try:
        metadata = read(app_root(folder) / "config" / "applicationmetadata.json")
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(metadata, dict):
        return None
    org = metadata.get("org") or str(metadata.get("id", "")).split("/", 1)[0]
    return org if isinstance(org, str) else None


def apps_dir() -> Path:
    return Path(current_app.config["BLANKETT_APPS_DIR"])


# The designer's parts add their routes to `bp`.
from web import (  # noqa: E402
    designer_components,  # noqa: F401
    designer_options,  # noqa: F401
    designer_pages,  # noqa: F401
    designer_publish,  # noqa: F401
    designer_texts,  # noqa: F401
)
