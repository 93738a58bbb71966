"""Preview of any page of any layout set, with empty data: for developers in local mode and for
admins. Refused apps are listed with every problem, so a broken definition is easy to find."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for

from forms.render import PageView
from forms.texts import LANGUAGES
from web.context import current_language, is_admin, registry

bp = Blueprint("preview", __name__, url_prefix="/preview")


@bp.before_request
def only_local_or_admins() -> None:
    if not (current_app.config["LOCAL_MODE"] or is_admin()):
        abort(404)


@bp.get("/")
def index() -> str:
    return render_template("preview_index.html", apps=registry().drafts.values(),
                           refused=registry().refused, lang=current_language())


@bp.get("/<org>/<app_name>/<set_id>/<page_name>")
def page(org: str, app_name: str, set_id: str, page_name: str) -> Any:
    app = registry().draft(f"{org}/{app_name}")
    if app is None or set_id not in app.layout_sets:
        abort(404)
    layout_set = app.layout_sets[set_id]
    page = layout_set.pages.get(page_name)
    if page is None:
        abort(404)

    def page_url(name: str) -> str:
        return url_for("preview.page", org=org, app_name=app_name, set_id=set_id, page_name=name)

    lang = request.args.get("lang", "")
    lang = lang if lang in LANGUAGES else current_language()
    view = PageView(app, layout_set, page, {}, lang, page_url, show_unsupported=True)
    return render_template("form_page.html", view=view, instance=None, lang=lang, preview=True)
