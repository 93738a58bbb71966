"""The designer's option lists (/designer/<org>/<app>/options): the app's lists with their size
and the components that use them, a new list, and one list's rows edited beside a preview drawn
by the real RadioButtons template, in the language chosen.

The pure work is designer/options_edit.py; this module reads forms, calls it through `save()`
and draws the pages."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from designer import options_edit
from designer.options_edit import Checked, Row
from designer.stable_json import same_json
from forms.components.base import component_class
from forms.definitions import AppDefinition, LayoutSet, Page
from forms.options import parse_options
from forms.problems import ProblemList
from forms.render import PageView
from forms.texts import LANGUAGES
from web.context import current_language
from web.designer import DesignerApp, bp, designer_app, render, save
from web.designer_i18n import add, texts

add({
    "nb": {
        "options.conflict": "Lista er endret av noen andre etter at du åpnet den, så endringene "
                            "dine er ikke lagret. Se over radene og lagre igjen for å erstatte "
                            "den.",
        "options.title": "Kodelister",
        "options.intro": "Kodelistene gir valgene i radioknapper, avkrysningsbokser og "
                         "nedtrekkslister. Hver liste er en fil i App/options.",
        "options.caption": "Kodelistene til tjenesten",
        "options.id": "Id",
        "options.count": "Antall valg",
        "options.used": "Brukes av",
        "options.unused": "Ikke i bruk",
        "options.used_by": "{0} på siden {1}",
        "options.none": "Tjenesten har ingen kodelister ennå.",
        "options.new_heading": "Ny kodeliste",
        "options.new_id": "Id for den nye lista",
        "options.new_id_hint": "Bokstaver, tall, bindestrek og understrek, for eksempel "
                               "«kommuner».",
        "options.create": "Lag lista",
        "options.error.id_empty": "Skriv en id for lista.",
        "options.error.id_format": "Id-en kan bare ha bokstaver (a–z), tall, bindestrek og "
                                   "understrek.",
        "options.error.id_taken": "Det finnes allerede en kodeliste med denne id-en.",
        "options.list_title": "Kodelista «{0}»",
        "options.rows_caption": "Valgene i lista, i rekkefølge",
        "options.row": "Valg {0}",
        "options.value": "Verdi",
        "options.label": "Ledetekst",
        "options.description": "Beskrivelse (valgfri)",
        "options.cell": "{0} for valg {1}",
        "options.actions": "Handlinger",
        "options.up": "Flytt «{0}» opp",
        "options.down": "Flytt «{0}» ned",
        "options.delete": "Slett «{0}»",
        "options.new_row": "Nytt valg",
        "options.new_row_hint": "Fyll ut for å legge til et valg nederst i lista.",
        "options.new_value": "Verdi for nytt valg",
        "options.new_label": "Ledetekst for nytt valg",
        "options.new_description": "Beskrivelse for nytt valg (valgfri)",
        "options.label_hint": "En tekst-id eller vanlig tekst.",
        "options.text_in": "{0}: {1}",
        "options.text_missing": "mangler",
        "options.save": "Lagre lista",
        "options.error.value_empty": "Skriv en verdi.",
        "options.error.value_taken": "Verdien «{0}» er allerede brukt i valg {1}. Verdiene "
                                     "må være ulike.",
        "options.error.label_empty": "Skriv en ledetekst.",
        "options.not_saved": "Lista ble ikke lagret. Rett feilene som er merket.",
        "options.preview": "Forhåndsvisning",
        "options.preview_lang": "Språk i forhåndsvisningen",
        "options.show_preview": "Vis",
        "options.preview_legend": "Slik ser «{0}» ut",
        "options.preview_empty": "Lista har ingen valg ennå.",
        "options.back": "Alle kodelister",
        "options.lang.nb": "Bokmål",
        "options.lang.nn": "Nynorsk",
        "options.lang.en": "Engelsk",
    },
    "nn": {
        "options.conflict": "Lista er endra av nokon andre etter at du opna ho, så endringane "
                            "dine er ikkje lagra. Sjå over radene og lagre igjen for å erstatte "
                            "ho.",
        "options.title": "Kodelister",
        "options.intro": "Kodelistene gir vala i radioknappar, avkryssingsboksar og "
                         "nedtrekkslister. Kvar liste er ei fil i App/options.",
        "options.caption": "Kodelistene til tenesta",
        "options.id": "Id",
        "options.count": "Tal på val",
        "options.used": "Blir brukt av",
        "options.unused": "Ikkje i bruk",
        "options.used_by": "{0} på sida {1}",
        "options.none": "Tenesta har ingen kodelister enno.",
        "options.new_heading": "Ny kodeliste",
        "options.new_id": "Id for den nye lista",
        "options.new_id_hint": "Bokstavar, tal, bindestrek og understrek, til dømes "
                               "«kommunar».",
        "options.create": "Lag lista",
        "options.error.id_empty": "Skriv ein id for lista.",
        "options.error.id_format": "Id-en kan berre ha bokstavar (a–z), tal, bindestrek og "
                                   "understrek.",
        "options.error.id_taken": "Det finst alt ei kodeliste med denne id-en.",
        "options.list_title": "Kodelista «{0}»",
        "options.rows_caption": "Vala i lista, i rekkjefølgje",
        "options.row": "Val {0}",
        "options.value": "Verdi",
        "options.label": "Leietekst",
        "options.description": "Skildring (valfri)",
        "options.cell": "{0} for val {1}",
        "options.actions": "Handlingar",
        "options.up": "Flytt «{0}» opp",
        "options.down": "Flytt «{0}» ned",
        "options.delete": "Slett «{0}»",
        "options.new_row": "Nytt val",
        "options.new_row_hint": "Fyll ut for å leggje til eit val nedst i lista.",
        "options.new_value": "Verdi for nytt val",
        "options.new_label": "Leietekst for nytt val",
        "options.new_description": "Skildring for nytt val (valfri)",
        "options.label_hint": "Ein tekst-id eller vanleg tekst.",
        "options.text_in": "{0}: {1}",
        "options.text_missing": "manglar",
        "options.save": "Lagra lista",
        "options.error.value_empty": "Skriv ein verdi.",
        "options.error.value_taken": "Verdien «{0}» er alt brukt i val {1}. Verdiane må "
                                     "vere ulike.",
        "options.error.label_empty": "Skriv ein leietekst.",
        "options.not_saved": "Lista vart ikkje lagra. Rett feila som er merkte.",
        "options.preview": "Førehandsvising",
        "options.preview_lang": "Språk i førehandsvisinga",
        "options.show_preview": "Vis",
        "options.preview_legend": "Slik ser «{0}» ut",
        "options.preview_empty": "Lista har ingen val enno.",
        "options.back": "Alle kodelister",
        "options.lang.nb": "Bokmål",
        "options.lang.nn": "Nynorsk",
        "options.lang.en": "Engelsk",
    },
    "en": {
        "options.conflict": "Someone else changed the list after you opened it, so your changes "
                            "are not saved. Look over the rows and save again to replace it.",
        "options.title": "Option lists",
        "options.intro": "Option lists give the choices in radio buttons, checkboxes and "
                         "dropdowns. Each list is a file in App/options.",
        "options.caption": "The service's option lists",
        "options.id": "Id",
        "options.count": "Number of options",
        "options.used": "Used by",
        "options.unused": "Not in use",
        "options.used_by": "{0} on page {1}",
        "options.none": "The service has no option lists yet.",
        "options.new_heading": "New option list",
        "options.new_id": "Id of the new list",
        "options.new_id_hint": "Letters, digits, hyphen and underscore, for example "
                               "“municipalities”.",
        "options.create": "Create the list",
        "options.error.id_empty": "Enter an id for the list.",
        "options.error.id_format": "The id may only have letters (a–z), digits, hyphens and "
                                   "underscores.",
        "options.error.id_taken": "There is already an option list with this id.",
        "options.list_title": "The option list “{0}”",
        "options.rows_caption": "The options of the list, in order",
        "options.row": "Option {0}",
        "options.value": "Value",
        "options.label": "Label",
        "options.description": "Description (optional)",
        "options.cell": "{0} of option {1}",
        "options.actions": "Actions",
        "options.up": "Move “{0}” up",
        "options.down": "Move “{0}” down",
        "options.delete": "Delete “{0}”",
        "options.new_row": "New option",
        "options.new_row_hint": "Fill in to add an option at the end of the list.",
        "options.new_value": "Value of the new option",
        "options.new_label": "Label of the new option",
        "options.new_description": "Description of the new option (optional)",
        "options.label_hint": "A text id or plain text.",
        "options.text_in": "{0}: {1}",
        "options.text_missing": "missing",
        "options.save": "Save the list",
        "options.error.value_empty": "Enter a value.",
        "options.error.value_taken": "The value “{0}” is already used in option {1}. Values "
                                     "must differ.",
        "options.error.label_empty": "Enter a label.",
        "options.not_saved": "The list was not saved. Fix the errors marked.",
        "options.preview": "Preview",
        "options.preview_lang": "Language of the preview",
        "options.show_preview": "Show",
        "options.preview_legend": "This is how “{0}” looks",
        "options.preview_empty": "The list has no options yet.",
        "options.back": "All option lists",
        "options.lang.nb": "Bokmål",
        "options.lang.nn": "Nynorsk",
        "options.lang.en": "English",
    },
})

PREVIEW_ID = "optionspreview"


@bp.get("/<org>/<app_name>/options")
def options(org: str, app_name: str) -> str:
    target = designer_app(org, app_name)
    return render("designer/options.html", target,
                  lists=options_edit.summaries(target.workspace, target.app),
                  new_id="", error=None)


@bp.post("/<org>/<app_name>/options")
def options_create(org: str, app_name: str) -> tuple[str, int] | Response:
    target = designer_app(org, app_name)
    options_id = (request.form.get("new_id") or "").strip()
    error = options_edit.check_new_id(target.workspace, options_id)
    if error is None and save(target, lambda ws: options_edit.create(ws, options_id)):
        return redirect(url_for("designer.option_list", org=org, app_name=app_name,
                                options_id=options_id), 303)
    return render("designer/options.html", target,
                  lists=options_edit.summaries(target.workspace, target.app),
                  new_id=options_id, error=error), 400


def _preview_lang() -> str:
    lang = request.args.get("preview") or request.form.get("preview") or ""
    return lang if lang in LANGUAGES else current_language()


def _posted_rows(form: MultiDict[str, str]) -> list[Row]:
    """The rows as posted (`value-N`, `label-N`, `description-N`, `source-N`) and the new row
    at the end when anything of it was filled in."""
    try:
        count = min(int(form.get("rows") or 0), 10_000)
    except ValueError:
        count = 0
    rows = []
    for n in range(count):
        source = form.get(f"source-{n}", "")
        rows.append(Row(form.get(f"value-{n}", ""), form.get(f"label-{n}", ""),
                        form.get(f"description-{n}", ""),
                        int(source) if source.isdigit() else None))
    new = Row(form.get("value-new", ""), form.get("label-new", ""),
              form.get("description-new", ""))
    return rows if new.blank else [*rows, new]


@bp.route("/<org>/<app_name>/options/<options_id>", methods=["GET", "POST"])
def option_list(org: str, app_name: str, options_id: str) -> tuple[str, int] | Response:
    target = designer_app(org, app_name)
    raw = target.workspace.read_options(options_id) if options_edit.OPTIONS_ID.match(
        options_id) else None
    if raw is None:
        abort(404)
    if request.method == "GET":
        return _draw(target, options_id, Checked(options_edit.rows_of(raw))), 200
    rows = options_edit.act(_posted_rows(request.form), request.form.get("action", "save"))
    checked = options_edit.check(rows)
    if request.form.get("base", "") not in ("", options_edit.fingerprint(raw)):
        # Changed by someone else since this page was drawn: show theirs is there, keep ours
        # in the form; a second save (with the new fingerprint) replaces it on purpose.
        flash(texts(current_language())("options.conflict"), "error")
        return _draw(target, options_id, checked), 409
    if not checked.ok:
        return _draw(target, options_id, checked), 400
    wanted = options_edit.to_json(checked.rows, raw)
    saved = save(target, lambda ws: ws.write_options(options_id, wanted))
    if not saved and not same_json(target.workspace.read_options(options_id), wanted):
        return _draw(target, options_id, checked), 400  # refused: the problems are flashed
    return redirect(url_for("designer.option_list", org=org, app_name=app_name,
                            options_id=options_id, preview=_preview_lang()), 303)


def _draw(target: DesignerApp, options_id: str, checked: Checked) -> str:
    lang = _preview_lang()
    raw = target.workspace.read_options(options_id)
    return render("designer/option_list.html", target, options_id=options_id,
                  base=options_edit.fingerprint(raw),
                  rows=checked.rows, errors=checked.errors, preview_lang=lang,
                  languages=LANGUAGES, label_texts=_label_texts(target.app, checked.rows),
                  used=options_edit.usages(target.app, options_id),
                  preview=_preview(target.app, options_id, checked.rows, lang))


def _label_texts(app: AppDefinition, rows: list[Row]) -> dict[str, dict[str, str | None]]:
    """For labels and descriptions that are text ids: their text in each language (None
    where missing), so the admin sees what people will read."""
    out: dict[str, dict[str, str | None]] = {}
    for key in {text for row in rows for text in (row.label, row.description)}:
        if key and app.texts.has(key):
            out[key] = {lang: (r.value if (r := app.texts.by_language.get(lang, {}).get(key))
                               else None) for lang in LANGUAGES}
    return out


def _preview(app: AppDefinition, options_id: str, rows: list[Row], lang: str) -> Markup:
    """The rows as a citizen sees them: a throwaway RadioButtons component with these options
    inline, drawn by the component's own template with the app's texts in `lang`."""
    from flask import render_template_string

    from web.designer_i18n import designer_text

    problems = ProblemList(app.folder)
    raw = {"id": PREVIEW_ID, "type": "RadioButtons",
           "textResourceBindings": {"title": designer_text("options.preview_legend", lang,
                                                           options_id)},
           "dataModelBindings": {"simpleBinding": PREVIEW_ID}}
    component = component_class("RadioButtons")(PREVIEW_ID, raw, "preview", "", "$")
    component.parse(problems)
    component.props["options"] = parse_options(
        [{"value": r.value, "label": r.label or r.value,
          **({"description": r.description} if r.description else {})} for r in rows],
        "", "$", problems)
    page = Page("preview", "", components=[component], all_components=[component])
    layout_set = LayoutSet("preview", None, [], {}, {}, [], {})
    view = PageView(app, layout_set, page, {}, lang, lambda name: "", show_unsupported=True)
    return Markup(render_template_string('{% include "components/radiobuttons.html" %}',
                                         c=component, view=view))
