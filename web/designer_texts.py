"""The designer's texts table (/designer/<org>/<app>/texts): every text id with its nb, nn and
en values side by side, searched and paged on the server, edited in place, added and deleted.

The pure work (rows, search, edits with conflict detection, usage) is designer/texts_edit.py;
this module reads forms, calls it through `save()` and draws the page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from jinja2_fragments.flask import render_blocks
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from designer import texts_edit
from designer.texts_edit import CellEdit, Conflict
from designer.workspace import Workspace
from forms.texts import LANGUAGES
from web.context import admin_orgs, current_language
from web.designer import DesignerApp, bp, designer_app, render, save
from web.designer_i18n import add
from web.designer_i18n import texts as designer_texts

add({
    "nb": {
        "texts.title": "Tekster",
        "texts.intro": "Alle tekstene til tjenesten, på bokmål, nynorsk og engelsk. Rett i "
                       "tabellen og lagre; bare verdiene du endret, blir skrevet.",
        "texts.search_heading": "Søk i tekstene",
        "texts.search": "Søk i id og tekst",
        "texts.missing_only": "Bare tekster som mangler en oversettelse",
        "texts.apply": "Søk",
        "texts.reset": "Vis alle",
        "texts.showing": "Viser {0}–{1} av {2} tekster",
        "texts.none": "Ingen tekster passer til søket.",
        "texts.summary": "{0} tekster i alt, {1} mangler minst én oversettelse.",
        "texts.caption": "Tekster, side {0} av {1}",
        "texts.id": "Tekst-id",
        "texts.lang.nb": "Bokmål (nb)",
        "texts.lang.nn": "Nynorsk (nn)",
        "texts.lang.en": "Engelsk (en)",
        "texts.cell_label": "«{0}» på {1}",
        "texts.langname.nb": "bokmål",
        "texts.langname.nn": "nynorsk",
        "texts.langname.en": "engelsk",
        "texts.missing": "Mangler",
        "texts.actions": "Handlinger",
        "texts.delete": "Slett",
        "texts.save": "Lagre endringene på denne siden",
        "texts.pages": "Sider med tekster",
        "texts.previous": "Forrige",
        "texts.next": "Neste",
        "texts.page_n": "Side {0}",
        "texts.conflict": "Noen andre endret denne teksten mens du arbeidet, til: «{0}». "
                          "Verdien din står i feltet; lagre igjen for å bruke den.",
        "texts.conflicts": "{0} tekster ble ikke lagret fordi noen andre endret dem i "
                           "mellomtiden. Se merknadene i tabellen.",
        "texts.add_heading": "Ny tekst",
        "texts.new_id": "Id for den nye teksten",
        "texts.new_id_hint": "Bokstaver, tall, punktum, bindestrek og understrek, for "
                             "eksempel «soker.navn».",
        "texts.new_value": "Tekst på {0}",
        "texts.add": "Legg til teksten",
        "texts.error.id_empty": "Skriv en id for teksten.",
        "texts.error.id_format": "Id-en kan bare ha bokstaver, tall, punktum, bindestrek og "
                                 "understrek, og må begynne med en bokstav eller et tall.",
        "texts.error.id_taken": "Det finnes allerede en tekst med denne id-en.",
        "texts.error.no_value": "Skriv teksten på minst ett språk.",
        "texts.delete_title": "Slett teksten «{0}»",
        "texts.delete_confirm": "Vil du slette teksten «{0}» på alle språk?",
        "texts.delete_yes": "Ja, slett «{0}»",
        "texts.cancel": "Avbryt og gå tilbake",
        "texts.delete_refused": "Teksten «{0}» kan ikke slettes, fordi tjenesten bruker den "
                                "disse stedene:",
        "texts.deleted": "Teksten «{0}» er slettet.",
        "texts.usage_file": "Fil",
        "texts.usage_path": "Sted i filen",
        "texts.usage.page": "Tittelen på siden",
        "texts.usage.app": "Navnet på tjenesten",
    },
    "nn": {
        "texts.title": "Tekstar",
        "texts.intro": "Alle tekstane til tenesta, på bokmål, nynorsk og engelsk. Rett i "
                       "tabellen og lagra; berre verdiane du endra, blir skrivne.",
        "texts.search_heading": "Søk i tekstane",
        "texts.search": "Søk i id og tekst",
        "texts.missing_only": "Berre tekstar som manglar ei omsetjing",
        "texts.apply": "Søk",
        "texts.reset": "Vis alle",
        "texts.showing": "Viser {0}–{1} av {2} tekstar",
        "texts.none": "Ingen tekstar passar til søket.",
        "texts.summary": "{0} tekstar i alt, {1} manglar minst éi omsetjing.",
        "texts.caption": "Tekstar, side {0} av {1}",
        "texts.id": "Tekst-id",
        "texts.lang.nb": "Bokmål (nb)",
        "texts.lang.nn": "Nynorsk (nn)",
        "texts.lang.en": "Engelsk (en)",
        "texts.cell_label": "«{0}» på {1}",
        "texts.langname.nb": "bokmål",
        "texts.langname.nn": "nynorsk",
        "texts.langname.en": "engelsk",
        "texts.missing": "Manglar",
        "texts.actions": "Handlingar",
        "texts.delete": "Slett",
        "texts.save": "Lagra endringane på denne sida",
        "texts.pages": "Sider med tekstar",
        "texts.previous": "Førre",
        "texts.next": "Neste",
        "texts.page_n": "Side {0}",
        "texts.conflict": "Nokon andre endra denne teksten medan du arbeidde, til: «{0}». "
                          "Verdien din står i feltet; lagra igjen for å bruke han.",
        "texts.conflicts": "{0} tekstar vart ikkje lagra fordi nokon andre endra dei i "
                           "mellomtida. Sjå merknadene i tabellen.",
        "texts.add_heading": "Ny tekst",
        "texts.new_id": "Id for den nye teksten",
        "texts.new_id_hint": "Bokstavar, tal, punktum, bindestrek og understrek, til "
                             "dømes «soker.navn».",
        "texts.new_value": "Tekst på {0}",
        "texts.add": "Legg til teksten",
        "texts.error.id_empty": "Skriv ein id for teksten.",
        "texts.error.id_format": "Id-en kan berre ha bokstavar, tal, punktum, bindestrek og "
                                 "understrek, og må byrje med ein bokstav eller eit tal.",
        "texts.error.id_taken": "Det finst alt ein tekst med denne id-en.",
        "texts.error.no_value": "Skriv teksten på minst eitt språk.",
        "texts.delete_title": "Slett teksten «{0}»",
        "texts.delete_confirm": "Vil du slette teksten «{0}» på alle språk?",
        "texts.delete_yes": "Ja, slett «{0}»",
        "texts.cancel": "Avbryt og gå tilbake",
        "texts.delete_refused": "Teksten «{0}» kan ikkje slettast, fordi tenesta brukar han "
                                "desse stadene:",
        "texts.deleted": "Teksten «{0}» er sletta.",
        "texts.usage_file": "Fil",
        "texts.usage_path": "Stad i fila",
        "texts.usage.page": "Tittelen på sida",
        "texts.usage.app": "Namnet på tenesta",
    },
    "en": {
        "texts.title": "Texts",
        "texts.intro": "All the service's texts, in Bokmål, Nynorsk and English. Edit in the "
                       "table and save; only the values you changed are written.",
        "texts.search_heading": "Search the texts",
        "texts.search": "Search in id and text",
        "texts.missing_only": "Only texts missing a translation",
        "texts.apply": "Search",
        "texts.reset": "Show all",
        "texts.showing": "Showing {0}–{1} of {2} texts",
        "texts.none": "No texts match the search.",
        "texts.summary": "{0} texts in all, {1} missing at least one translation.",
        "texts.caption": "Texts, page {0} of {1}",
        "texts.id": "Text id",
        "texts.lang.nb": "Bokmål (nb)",
        "texts.lang.nn": "Nynorsk (nn)",
        "texts.lang.en": "English (en)",
        "texts.cell_label": "“{0}” in {1}",
        "texts.langname.nb": "Bokmål",
        "texts.langname.nn": "Nynorsk",
        "texts.langname.en": "English",
        "texts.missing": "Missing",
        "texts.actions": "Actions",
        "texts.delete": "Delete",
        "texts.save": "Save the changes on this page",
        "texts.pages": "Pages of texts",
        "texts.previous": "Previous",
        "texts.next": "Next",
        "texts.page_n": "Page {0}",
        "texts.conflict": "Someone else changed this text while you worked, to: “{0}”. Your "
                          "value is in the field; save again to use it.",
        "texts.conflicts": "{0} texts were not saved because someone else changed them "
                           "meanwhile. See the notes in the table.",
        "texts.add_heading": "New text",
        "texts.new_id": "Id of the new text",
        "texts.new_id_hint": "Letters, digits, full stop, hyphen and underscore, for "
                             "example “applicant.name”.",
        "texts.new_value": "Text in {0}",
        "texts.add": "Add the text",
        "texts.error.id_empty": "Enter an id for the text.",
        "texts.error.id_format": "The id may only have letters, digits, full stops, hyphens "
                                 "and underscores, and must start with a letter or digit.",
        "texts.error.id_taken": "There is already a text with this id.",
        "texts.error.no_value": "Enter the text in at least one language.",
        "texts.delete_title": "Delete the text “{0}”",
        "texts.delete_confirm": "Do you want to delete the text “{0}” in every language?",
        "texts.delete_yes": "Yes, delete “{0}”",
        "texts.cancel": "Cancel and go back",
        "texts.delete_refused": "The text “{0}” cannot be deleted, because the service uses "
                                "it in these places:",
        "texts.deleted": "The text “{0}” is deleted.",
        "texts.usage_file": "File",
        "texts.usage_path": "Place in the file",
        "texts.usage.page": "The page's title",
        "texts.usage.app": "The service's name",
    },
})


def _search_args(source: MultiDict[str, str]) -> dict[str, Any]:
    """The search, filter and page asked for (from the query or the posted form), as URL
    arguments without blanks."""
    args: dict[str, Any] = {}
    query = (source.get("q") or "").strip()
    if query:
        args["q"] = query
    if source.get("missing") == "1":
        args["missing"] = "1"
    try:
        page = int(source.get("page") or 1)
    except ValueError:
        page = 1
    if page > 1:
        args["page"] = page
    return args


def _texts_url(target: DesignerApp, **args: Any) -> str:
    return url_for("designer.texts", org=target.app.org, app_name=target.app.name, **args)


def _draw(target: DesignerApp, args: dict[str, Any], status: int = 200,
          **extra: Any) -> tuple[str, int] | Response:
    """The texts page for the search in `args`; only the results for an htmx search."""
    found = texts_edit.search(target.workspace, args.get("q", ""), "missing" in args,
                              int(args.get("page", 1)))
    base = {k: v for k, v in args.items() if k != "page"}
    context: dict[str, Any] = {
        "found": found, "search": args, "languages": LANGUAGES,
        "page_url": lambda n: _texts_url(target, **base, **({"page": n} if n > 1 else {})),
        "cells": {}, "conflicts": {}, "new": {}, "errors": {},
        "partial": bool(getattr(request, "htmx", False))
        and not request.htmx.history_restore_request,
    }
    context.update(extra)
    if context["partial"]:
        lang = current_language()
        body = render_blocks("designer/texts.html", ["title", "results"], lang=lang,
                             tx=designer_texts(lang), target=target, app=target.app,
                             orgs=sorted(admin_orgs()), **context)
        response = Response(body, status, mimetype="text/html")
        response.headers["HX-Push-Url"] = _texts_url(target, **args)
        response.headers["Vary"] = "HX-Request"
        return response
    return render("designer/texts.html", target, **context), status


@bp.get("/<org>/<app_name>/texts")
def texts(org: str, app_name: str) -> tuple[str, int] | Response:
    return _draw(designer_app(org, app_name), _search_args(request.args))


def _posted_edits(form: MultiDict[str, str]) -> list[CellEdit]:
    """The cells of the table as posted: `id-N`, `orig-N-<lang>` and `value-N-<lang>`."""
    edits: list[CellEdit] = []
    try:
        count = min(int(form.get("rows") or 0), texts_edit.PER_PAGE * 4)
    except ValueError:
        count = 0
    for n in range(count):
        text_id = form.get(f"id-{n}")
        if not text_id:
            continue
        for lang in LANGUAGES:
            new = form.get(f"value-{n}-{lang}")
            if new is not None:
                edits.append(CellEdit(text_id, lang, form.get(f"orig-{n}-{lang}", ""), new))
    return edits


@bp.post("/<org>/<app_name>/texts")
def texts_save(org: str, app_name: str) -> tuple[str, int] | Response:
    """Write the changed cells; conflicting cells come back with the admin's value kept."""
    target = designer_app(org, app_name)
    args = _search_args(request.form)
    edits = [e for e in _posted_edits(request.form) if e.changed]
    conflicts: list[Conflict] = []

    def edit(workspace: Workspace) -> None:
        conflicts.extend(texts_edit.apply_edits(workspace, edits).conflicts)

    if edits:
        save(target, edit)
    else:
        flash(designer_texts(current_language())("unchanged"), "info")
    if not conflicts:
        return redirect(_texts_url(target, **args), 303)
    flash(designer_texts(current_language())("texts.conflicts", len(conflicts)), "error")
    return _draw(target, args, 409,
                 conflicts={(c.id, c.lang): c for c in conflicts},
                 cells={(c.id, c.lang): c.mine for c in conflicts})


@bp.post("/<org>/<app_name>/texts/new")
def text_add(org: str, app_name: str) -> tuple[str, int] | Response:
    target = designer_app(org, app_name)
    args = _search_args(request.form)
    text_id = (request.form.get("new_id") or "").strip()
    values = {lang: request.form.get(f"new_{lang}") or "" for lang in LANGUAGES}
    errors: dict[str, str] = {}
    problem = texts_edit.check_new_id(target.workspace, text_id)
    if problem:
        errors["new_id"] = problem
    if not any(v.strip() for v in values.values()):
        errors["new_nb"] = "texts.error.no_value"
    if errors:
        return _draw(target, args, 400, errors=errors, new={"id": text_id, **values})
    if not save(target, lambda workspace: texts_edit.add_text(workspace, text_id, values)):
        return _draw(target, args, 400, new={"id": text_id, **values})
    return redirect(_texts_url(target, q=text_id), 303)


@bp.route("/<org>/<app_name>/texts/delete", methods=["GET", "POST"])
def text_delete(org: str, app_name: str) -> tuple[str, int] | Response:
    """Ask first (on the texts page); refuse, naming the places, while the app uses it."""
    target = designer_app(org, app_name)
    source = request.form if request.method == "POST" else request.args
    text_id = source.get("id") or ""
    if not texts_edit.exists(target.workspace, text_id):
        abort(404)
    args = _search_args(source)
    used = texts_edit.usages(target.workspace, text_id)
    if request.method == "POST" and not used:
        if save(target, lambda workspace: texts_edit.delete_text(workspace, text_id)):
            flash(designer_texts(current_language())("texts.deleted", text_id), "success")
        return redirect(_texts_url(target, **args), 303)
    status = 409 if used and request.method == "POST" else 200
    return _draw(target, args, status, confirm={"id": text_id, "used": used})
