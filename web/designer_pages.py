"""The designer's pages, the components on a page, the palette and the live preview.

    GET       /designer/<org>/<app>/                                   the app's pages, per set
    POST      /designer/<org>/<app>/pages/<set>/add                    a new page
    POST      /designer/<org>/<app>/pages/<set>/<page>/rename          rename a page
    POST      /designer/<org>/<app>/pages/<set>/<page>/move            up, down, into the order
    GET, POST /designer/<org>/<app>/pages/<set>/<page>/delete          confirm, then delete
    POST      /designer/<org>/<app>/pages/<set>/<page>/hidden          the page's `hidden`
    GET       /designer/<org>/<app>/<set>/<page>                       the page editor
    POST      /designer/<org>/<app>/pages/<set>/<page>/components      add from the palette
    POST      /designer/<org>/<app>/pages/<set>/<page>/components/<id>/move    move a component
    GET, POST /designer/<org>/<app>/pages/<set>/<page>/components/<id>/delete  delete one
    GET, POST /designer/<org>/<app>/preview/<set>/<page>?lang=nb       the draft page, rendered

The edits themselves are in designer/pages.py. Bad input is shown again beside its field with
what was typed (status 400); a good one is saved through `save` and redirected (303)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from designer import pages
from designer.pages import EditError
from designer.workspace import Workspace
from forms.definitions import LayoutSet
from forms.render import PageView
from forms.texts import LANGUAGES
from web.context import current_language
from web.designer import DesignerApp, bp, designer_app, render, save
from web.designer_i18n import add, texts

add({
    "nb": {
        "pages.title": "Sider",
        "pages.set": "Sidesett «{0}»",
        "pages.caption": "Sidene i «{0}», i rekkefølgen de vises",
        "pages.number": "Nr.",
        "pages.page": "Side",
        "pages.hidden": "Skjult",
        "pages.actions": "Handlinger",
        "pages.open": "Rediger siden «{0}»",
        "pages.up": "Flytt opp",
        "pages.down": "Flytt ned",
        "pages.delete": "Slett",
        "pages.not_in_order": "Sider som ikke er i rekkefølgen",
        "pages.not_in_order_intro": "Disse sidefilene finnes, men vises ikke for innbyggerne.",
        "pages.append": "Legg til i rekkefølgen",
        "pages.no_pages": "Sidesettet har ingen sider ennå.",
        "pages.settings": "Navn og skjuling",
        "pages.rename_label": "Nytt navn på siden «{0}»",
        "pages.rename": "Endre navn",
        "pages.hidden_label": "Skjul siden «{0}» når",
        "pages.hidden_hint": "true, false eller et uttrykk, for eksempel "
                             "[\"equals\", [\"dataModel\", \"a\"], \"ja\"]. Tomt: alltid vist.",
        "pages.hidden_save": "Lagre skjuling",
        "pages.hidden_never": "Nei",
        "pages.hidden_always": "Alltid",
        "pages.hidden_when": "Når uttrykket er sant",
        "pages.add_title": "Ny side",
        "pages.add_name": "Navn på siden",
        "pages.add_name_hint": "Filnavnet: bokstaver, tall, - og _.",
        "pages.add_heading": "Overskrift (bokmål)",
        "pages.add": "Legg til side",
        "pages.delete_title": "Slette siden «{0}»?",
        "pages.delete_intro": "Siden «{0}» og alle komponentene på den blir slettet fra "
                              "utkastet. Tekstene blir beholdt.",
        "pages.delete_confirm": "Ja, slett siden",
        "pages.cancel": "Avbryt",
        "pages.editor_title": "Siden «{0}»",
        "pages.components": "Komponenter",
        "pages.no_components": "Siden har ingen komponenter ennå.",
        "pages.edit": "Rediger",
        "pages.move_out": "Flytt ut av «{0}»",
        "pages.to_page": "Flytt til side",
        "pages.to_page_label": "Flytt «{0}» til siden",
        "pages.into_group": "Legg i gruppen",
        "pages.into_group_label": "Legg «{0}» i gruppen",
        "pages.palette": "Legg til komponent",
        "pages.type": "Type",
        "pages.id": "Id",
        "pages.id_hint": "Bokstaver, tall og -, og ikke slutt på - og et tall. Tomt: lages "
                         "av typen.",
        "pages.label": "Ledetekst (bokmål)",
        "pages.label_hint": "Blir en ny tekst. Typer uten tittel trenger ingen.",
        "pages.where": "Hvor",
        "pages.where_page": "Sist på siden",
        "pages.where_group": "Sist i «{0}»",
        "pages.add_component": "Legg til",
        "pages.preview": "Forhåndsvisning",
        "pages.preview_lang": "Språk i forhåndsvisningen",
        "pages.preview_show": "Vis på dette språket",
        "pages.preview_frame": "Forhåndsvisning av siden «{0}» ({1})",
        "pages.preview_open": "Åpne forhåndsvisningen i eget vindu",
        "pages.component_delete_title": "Slette «{0}»?",
        "pages.component_delete_intro": "Komponenten «{0}» ({1}) blir slettet fra siden "
                                        "«{2}».",
        "pages.component_delete_children": "Det som ligger i den, blir også slettet: {0}.",
        "pages.component_delete_confirm": "Ja, slett komponenten",
        "pages.back_to_page": "Tilbake til siden",
        "lang.nb": "Bokmål",
        "lang.nn": "Nynorsk",
        "lang.en": "Engelsk",
        "pages.error.name_missing": "Skriv et navn på siden.",
        "pages.error.name_chars": "Navnet kan bare ha bokstaver (a–z), tall, - og _.",
        "pages.error.name_taken": "Det finnes allerede en side som heter «{0}».",
        "pages.error.no_page": "Siden «{0}» finnes ikke.",
        "pages.error.title_missing": "Skriv en overskrift for siden.",
        "pages.error.hidden_json": "Dette er ikke gyldig JSON ({0}).",
        "pages.error.hidden_kind": "Skriv true, false eller et uttrykk som "
                                   "[\"equals\", [\"dataModel\", \"a\"], \"ja\"].",
        "pages.error.hidden_expression": "Uttrykket virker ikke: {0}",
        "pages.error.id_missing": "Skriv en id.",
        "pages.error.id_pattern": "Id-en kan ha bokstaver, tall og -, må begynne med en "
                                  "bokstav eller et tall og kan ikke slutte på - og et tall.",
        "pages.error.id_taken": "Id-en «{0}» er allerede brukt på siden «{1}».",
        "pages.error.type_unknown": "Velg en type fra listen.",
        "pages.error.label_missing": "Skriv en ledetekst.",
        "pages.error.no_group": "Velg en gruppe på siden.",
        "pages.error.no_component": "Komponenten «{0}» finnes ikke på siden.",
        "pages.error.cannot_move": "«{0}» kan ikke flyttes innenfor det den ligger i.",
        "pages.error.into_itself": "En gruppe kan ikke legges i seg selv.",
    },
    "nn": {
        "pages.title": "Sider",
        "pages.set": "Sidesett «{0}»",
        "pages.caption": "Sidene i «{0}», i rekkjefølgja dei blir viste",
        "pages.number": "Nr.",
        "pages.page": "Side",
        "pages.hidden": "Skjult",
        "pages.actions": "Handlingar",
        "pages.open": "Rediger sida «{0}»",
        "pages.up": "Flytt opp",
        "pages.down": "Flytt ned",
        "pages.delete": "Slett",
        "pages.not_in_order": "Sider som ikkje er i rekkjefølgja",
        "pages.not_in_order_intro": "Desse sidefilene finst, men blir ikkje viste for "
                                    "innbyggjarane.",
        "pages.append": "Legg til i rekkjefølgja",
        "pages.no_pages": "Sidesettet har ingen sider enno.",
        "pages.settings": "Namn og skjuling",
        "pages.rename_label": "Nytt namn på sida «{0}»",
        "pages.rename": "Endra namn",
        "pages.hidden_label": "Skjul sida «{0}» når",
        "pages.hidden_hint": "true, false eller eit uttrykk, til dømes "
                             "[\"equals\", [\"dataModel\", \"a\"], \"ja\"]. Tomt: alltid vist.",
        "pages.hidden_save": "Lagra skjuling",
        "pages.hidden_never": "Nei",
        "pages.hidden_always": "Alltid",
        "pages.hidden_when": "Når uttrykket er sant",
        "pages.add_title": "Ny side",
        "pages.add_name": "Namn på sida",
        "pages.add_name_hint": "Filnamnet: bokstavar, tal, - og _.",
        "pages.add_heading": "Overskrift (bokmål)",
        "pages.add": "Legg til side",
        "pages.delete_title": "Slette sida «{0}»?",
        "pages.delete_intro": "Sida «{0}» og alle komponentane på ho blir sletta frå "
                              "utkastet. Tekstane blir haldne på.",
        "pages.delete_confirm": "Ja, slett sida",
        "pages.cancel": "Avbryt",
        "pages.editor_title": "Sida «{0}»",
        "pages.components": "Komponentar",
        "pages.no_components": "Sida har ingen komponentar enno.",
        "pages.edit": "Rediger",
        "pages.move_out": "Flytt ut av «{0}»",
        "pages.to_page": "Flytt til side",
        "pages.to_page_label": "Flytt «{0}» til sida",
        "pages.into_group": "Legg i gruppa",
        "pages.into_group_label": "Legg «{0}» i gruppa",
        "pages.palette": "Legg til komponent",
        "pages.type": "Type",
        "pages.id": "Id",
        "pages.id_hint": "Bokstavar, tal og -, og ikkje slutt på - og eit tal. Tomt: blir "
                         "laga av typen.",
        "pages.label": "Leietekst (bokmål)",
        "pages.label_hint": "Blir ein ny tekst. Typar utan tittel treng ingen.",
        "pages.where": "Kvar",
        "pages.where_page": "Sist på sida",
        "pages.where_group": "Sist i «{0}»",
        "pages.add_component": "Legg til",
        "pages.preview": "Førehandsvising",
        "pages.preview_lang": "Språk i førehandsvisinga",
        "pages.preview_show": "Vis på dette språket",
        "pages.preview_frame": "Førehandsvising av sida «{0}» ({1})",
        "pages.preview_open": "Opne førehandsvisinga i eige vindauge",
        "pages.component_delete_title": "Slette «{0}»?",
        "pages.component_delete_intro": "Komponenten «{0}» ({1}) blir sletta frå sida «{2}».",
        "pages.component_delete_children": "Det som ligg i han, blir òg sletta: {0}.",
        "pages.component_delete_confirm": "Ja, slett komponenten",
        "pages.back_to_page": "Tilbake til sida",
        "lang.nb": "Bokmål",
        "lang.nn": "Nynorsk",
        "lang.en": "Engelsk",
        "pages.error.name_missing": "Skriv eit namn på sida.",
        "pages.error.name_chars": "Namnet kan berre ha bokstavar (a–z), tal, - og _.",
        "pages.error.name_taken": "Det finst alt ei side som heiter «{0}».",
        "pages.error.no_page": "Sida «{0}» finst ikkje.",
        "pages.error.title_missing": "Skriv ei overskrift for sida.",
        "pages.error.hidden_json": "Dette er ikkje gyldig JSON ({0}).",
        "pages.error.hidden_kind": "Skriv true, false eller eit uttrykk som "
                                   "[\"equals\", [\"dataModel\", \"a\"], \"ja\"].",
        "pages.error.hidden_expression": "Uttrykket verkar ikkje: {0}",
        "pages.error.id_missing": "Skriv ein id.",
        "pages.error.id_pattern": "Id-en kan ha bokstavar, tal og -, må byrje med ein "
                                  "bokstav eller eit tal og kan ikkje slutte på - og eit tal.",
        "pages.error.id_taken": "Id-en «{0}» er alt brukt på sida «{1}».",
        "pages.error.type_unknown": "Vel ein type frå lista.",
        "pages.error.label_missing": "Skriv ein leietekst.",
        "pages.error.no_group": "Vel ei gruppe på sida.",
        "pages.error.no_component": "Komponenten «{0}» finst ikkje på sida.",
        "pages.error.cannot_move": "«{0}» kan ikkje flyttast innanfor det han ligg i.",
        "pages.error.into_itself": "Ei gruppe kan ikkje leggjast i seg sjølv.",
    },
    "en": {
        "pages.title": "Pages",
        "pages.set": "Layout set «{0}»",
        "pages.caption": "The pages of «{0}», in the order they are shown",
        "pages.number": "No.",
        "pages.page": "Page",
        "pages.hidden": "Hidden",
        "pages.actions": "Actions",
        "pages.open": "Edit the page «{0}»",
        "pages.up": "Move up",
        "pages.down": "Move down",
        "pages.delete": "Delete",
        "pages.not_in_order": "Pages not in the order",
        "pages.not_in_order_intro": "These page files exist but are not shown to citizens.",
        "pages.append": "Add to the order",
        "pages.no_pages": "The layout set has no pages yet.",
        "pages.settings": "Name and hiding",
        "pages.rename_label": "New name of the page «{0}»",
        "pages.rename": "Rename",
        "pages.hidden_label": "Hide the page «{0}» when",
        "pages.hidden_hint": "true, false or an expression, e.g. "
                             "[\"equals\", [\"dataModel\", \"a\"], \"ja\"]. Empty: always shown.",
        "pages.hidden_save": "Save hiding",
        "pages.hidden_never": "No",
        "pages.hidden_always": "Always",
        "pages.hidden_when": "When the expression is true",
        "pages.add_title": "New page",
        "pages.add_name": "Name of the page",
        "pages.add_name_hint": "The file name: letters, digits, - and _.",
        "pages.add_heading": "Heading (Bokmål)",
        "pages.add": "Add page",
        "pages.delete_title": "Delete the page «{0}»?",
        "pages.delete_intro": "The page «{0}» and every component on it are deleted from the "
                              "draft. Its texts are kept.",
        "pages.delete_confirm": "Yes, delete the page",
        "pages.cancel": "Cancel",
        "pages.editor_title": "The page «{0}»",
        "pages.components": "Components",
        "pages.no_components": "The page has no components yet.",
        "pages.edit": "Edit",
        "pages.move_out": "Move out of «{0}»",
        "pages.to_page": "Move to page",
        "pages.to_page_label": "Move «{0}» to the page",
        "pages.into_group": "Put in the group",
        "pages.into_group_label": "Put «{0}» in the group",
        "pages.palette": "Add a component",
        "pages.type": "Type",
        "pages.id": "Id",
        "pages.id_hint": "Letters, digits and -, not ending in - and a digit. Empty: made "
                         "from the type.",
        "pages.label": "Label (Bokmål)",
        "pages.label_hint": "Becomes a new text. Types without a title need none.",
        "pages.where": "Where",
        "pages.where_page": "Last on the page",
        "pages.where_group": "Last in «{0}»",
        "pages.add_component": "Add",
        "pages.preview": "Preview",
        "pages.preview_lang": "Language of the preview",
        "pages.preview_show": "Show in this language",
        "pages.preview_frame": "Preview of the page «{0}» ({1})",
        "pages.preview_open": "Open the preview in its own window",
        "pages.component_delete_title": "Delete «{0}»?",
        "pages.component_delete_intro": "The component «{0}» ({1}) is deleted from the page "
                                        "«{2}».",
        "pages.component_delete_children": "What is inside it is deleted too: {0}.",
        "pages.component_delete_confirm": "Yes, delete the component",
        "pages.back_to_page": "Back to the page",
        "lang.nb": "Norwegian Bokmål",
        "lang.nn": "Norwegian Nynorsk",
        "lang.en": "English",
        "pages.error.name_missing": "Write a name for the page.",
        "pages.error.name_chars": "The name may only have letters (a–z), digits, - and _.",
        "pages.error.name_taken": "There is already a page called «{0}».",
        "pages.error.no_page": "There is no page «{0}».",
        "pages.error.title_missing": "Write a heading for the page.",
        "pages.error.hidden_json": "This is not valid JSON ({0}).",
        "pages.error.hidden_kind": "Write true, false or an expression such as "
                                   "[\"equals\", [\"dataModel\", \"a\"], \"ja\"].",
        "pages.error.hidden_expression": "The expression does not work: {0}",
        "pages.error.id_missing": "Write an id.",
        "pages.error.id_pattern": "The id may have letters, digits and -, must start with a "
                                  "letter or digit and may not end in - and a digit.",
        "pages.error.id_taken": "The id «{0}» is already used on the page «{1}».",
        "pages.error.type_unknown": "Choose a type from the list.",
        "pages.error.label_missing": "Write a label.",
        "pages.error.no_group": "Choose a group on the page.",
        "pages.error.no_component": "There is no component «{0}» on the page.",
        "pages.error.cannot_move": "«{0}» cannot be moved within what holds it.",
        "pages.error.into_itself": "A group cannot be put into itself.",
    },
})

Errors = dict[str, str]


# --- helpers -------------------------------------------------------------------------------

def _message(error: EditError) -> str:
    return texts(current_language())(error.code, *error.args_)


def _attempt(target: DesignerApp, edit: Callable[[Workspace], Any]) -> EditError | None:
    """Save `edit`; the admin's mistake comes back (nothing was written), a loader refusal is
    flashed by `save`."""
    try:
        save(target, edit)
    except EditError as error:
        return error
    return None


def _text_of(target: DesignerApp, key: Any, lang: str) -> str | None:
    """A text binding as the admin reads it: the text of a key, or a literal."""
    if not isinstance(key, str) or not key:
        return None
    resource = target.app.texts.find(key, lang)
    return resource.value if resource is not None else key


def page_title(target: DesignerApp, name: str, lang: str) -> str:
    """What the navigation calls a page: the text whose id is its name, else the name."""
    resource = target.app.texts.find(name, lang)
    return resource.value if resource is not None else name


def component_title(target: DesignerApp, raw: dict[str, Any], lang: str) -> str:
    bindings = raw.get("textResourceBindings")
    bindings = bindings if isinstance(bindings, dict) else {}
    for name in ("title", "summaryTitle", "body", "altTextImg"):
        text = _text_of(target, bindings.get(name), lang)
        if text:
            return text.strip().splitlines()[0][:80]
    return str(raw.get("id", ""))


def _sets(target: DesignerApp) -> list[LayoutSet]:
    return [s for s in target.app.layout_sets.values() if s.folder is not None]


def _page_or_404(target: DesignerApp, set_id: str, page_name: str) -> LayoutSet:
    layout_set = target.layout_set(set_id)
    if page_name not in pages.page_names(target.workspace, layout_set):
        abort(404)
    return layout_set


def _back(endpoint: str, **values: Any) -> Response:
    return redirect(url_for(endpoint, **values), 303)


# --- the app's pages -------------------------------------------------------------------------

def _set_view(target: DesignerApp, layout_set: LayoutSet, lang: str) -> dict[str, Any]:
    ws = target.workspace
    order = [n for n in pages.page_order(ws, layout_set)
             if n in pages.page_names(ws, layout_set)]
    rows = [{"name": name, "title": page_title(target, name, lang),
             "hidden": pages.hidden_text(ws.read_page(layout_set, name))} for name in order]
    outside = [{"name": name, "title": page_title(target, name, lang)}
               for name in pages.page_names(ws, layout_set) if name not in order]
    return {"set": layout_set, "pages": rows, "outside": outside}


def _app_home(org: str, app_name: str, errors: Errors | None = None,
              typed: dict[str, str] | None = None) -> tuple[str, int]:
    target = designer_app(org, app_name)
    lang = current_language()
    sets = [_set_view(target, s, lang) for s in _sets(target)]
    html = render("designer/app.html", target, sets=sets, errors=errors or {},
                  typed=typed or {})
    return html, 400 if errors else 200


@bp.get("/<org>/<app_name>/")
def app_home(org: str, app_name: str) -> tuple[str, int]:
    return _app_home(org, app_name)


@bp.post("/<org>/<app_name>/pages/<set_id>/add")
def page_add(org: str, app_name: str, set_id: str) -> Response | tuple[str, int]:
    target = designer_app(org, app_name)
    layout_set = target.layout_set(set_id)
    name, title = request.form.get("name", ""), request.form.get("title", "")
    error = _attempt(target, lambda ws: pages.add_page(ws, layout_set, name, title))
    if error is not None:
        return _app_home(org, app_name, {f"{set_id}--{error.field}": _message(error)},
                         {f"{set_id}--name": name, f"{set_id}--title": title})
    return _back("designer.app_home", org=org, app_name=app_name)


@bp.post("/<org>/<app_name>/pages/<set_id>/<page_name>/rename")
def page_rename(org: str, app_name: str, set_id: str,
                page_name: str) -> Response | tuple[str, int]:
    target = designer_app(org, app_name)
    layout_set = _page_or_404(target, set_id, page_name)
    new = request.form.get("new_name", "")
    error = _attempt(target, lambda ws: pages.rename_page(ws, layout_set, page_name, new))
    if error is not None:
        return _app_home(org, app_name, {f"{set_id}--{error.field}": _message(error)},
                         {f"{set_id}--rename-{page_name}": new})
    return _back("designer.app_home", org=org, app_name=app_name)


@bp.post("/<org>/<app_name>/pages/<set_id>/<page_name>/move")
def page_move(org: str, app_name: str, set_id: str, page_name: str) -> Response:
    target = designer_app(org, app_name)
    layout_set = _page_or_404(target, set_id, page_name)
    delta = {"up": -1, "down": 1, "append": 0}.get(request.form.get("direction", ""))
    if delta is None:
        abort(400)
    save(target, lambda ws: pages.move_page(ws, layout_set, page_name, delta))
    return _back("designer.app_home", org=org, app_name=app_name)


@bp.route("/<org>/<app_name>/pages/<set_id>/<page_name>/delete", methods=["GET", "POST"])
def page_delete(org: str, app_name: str, set_id: str, page_name: str) -> Response | str:
    target = designer_app(org, app_name)
    layout_set = _page_or_404(target, set_id, page_name)
    if request.method == "POST":
        save(target, lambda ws: pages.delete_page(ws, layout_set, page_name))
        return _back("designer.app_home", org=org, app_name=app_name)
    return render("designer/page_delete.html", target, set_id=set_id, page_name=page_name,
                  title=page_title(target, page_name, current_language()))


@bp.post("/<org>/<app_name>/pages/<set_id>/<page_name>/hidden")
def page_hidden(org: str, app_name: str, set_id: str,
                page_name: str) -> Response | tuple[str, int]:
    target = designer_app(org, app_name)
    layout_set = _page_or_404(target, set_id, page_name)
    text = request.form.get("hidden", "")
    error = _attempt(target, lambda ws: pages.set_page_hidden(ws, layout_set, page_name, text))
    if error is not None:
        return _app_home(org, app_name, {f"{set_id}--{error.field}": _message(error)},
                         {f"{set_id}--hidden-{page_name}": text})
    return _back("designer.app_home", org=org, app_name=app_name)


# --- one page: its components, the palette, the preview ---------------------------------------

def _items(target: DesignerApp, tree: list[pages.Node], lang: str,
           parent_title: str | None = None) -> list[dict[str, Any]]:
    """The page's components for the template: what each is, and where it may move."""
    out = []
    for node in tree:
        title = component_title(target, node.raw, lang)
        out.append({"id": node.id, "type": node.type, "title": title, "parent": node.parent,
                    "parent_title": parent_title, "descendants": [
                        n.id for n in pages.flatten(node.children)],
                    "children": _items(target, node.children, lang, title)})
    return out


def _page_editor(org: str, app_name: str, set_id: str, page_name: str,
                 errors: Errors | None = None,
                 typed: dict[str, str] | None = None) -> tuple[str, int]:
    target = designer_app(org, app_name)
    layout_set = _page_or_404(target, set_id, page_name)
    ws, lang = target.workspace, current_language()
    content = ws.read_page(layout_set, page_name)
    tree = pages.page_tree(content)
    groups = [(n.id, component_title(target, n.raw, lang))
              for n in pages.flatten(tree) if pages.has_children_list(n.raw)]
    tx = texts(lang)
    preview_lang = request.args.get("preview_lang", "")
    preview_lang = preview_lang if preview_lang in LANGUAGES else lang
    order = pages.page_order(ws, layout_set)
    names = order + [n for n in pages.page_names(ws, layout_set) if n not in order]
    html = render(
        "designer/page.html", target, set_id=set_id, page_name=page_name,
        title=page_title(target, page_name, lang), items=_items(target, tree, lang),
        groups=groups, where_groups=[(g, tx("pages.where_group", t)) for g, t in groups],
        set_pages=[(n, page_title(target, n, lang)) for n in names],
        type_choices=[(t.name, f"{t.name} – {t.description}" if t.description else t.name)
                      for t in pages.palette()],
        proposed_id=pages.proposed_id(ws, layout_set, page_name), preview_lang=preview_lang,
        lang_choices=[(code, tx(f"lang.{code}")) for code in LANGUAGES],
        errors=errors or {}, typed=typed or {})
    return html, 400 if errors else 200


@bp.get("/<org>/<app_name>/<set_id>/<page_name>")
def page_editor(org: str, app_name: str, set_id: str, page_name: str) -> tuple[str, int]:
    return _page_editor(org, app_name, set_id, page_name)


@bp.post("/<org>/<app_name>/pages/<set_id>/<page_name>/components")
def page_component_add(org: str, app_name: str, set_id: str,
                       page_name: str) -> Response | tuple[str, int]:
    target = designer_app(org, app_name)
    layout_set = _page_or_404(target, set_id, page_name)
    form = {k: request.form.get(k, "") for k in ("type", "component_id", "label", "group")}
    error = _attempt(target, lambda ws: pages.add_component(
        ws, layout_set, page_name, form["type"], form["component_id"], form["label"],
        form["group"] or None))
    if error is not None:
        return _page_editor(org, app_name, set_id, page_name,
                            {f"palette-{error.field}": _message(error)},
                            {f"palette-{k}": v for k, v in form.items()})
    return _back("designer.page_editor", org=org, app_name=app_name, set_id=set_id,
                 page_name=page_name)


def _move(ws: Workspace, layout_set: LayoutSet, page_name: str, component_id: str,
          action: str, form: dict[str, str]) -> None:
    if action in ("up", "down"):
        pages.move_component(ws, layout_set, page_name, component_id,
                             -1 if action == "up" else 1)
    elif action == "out":
        pages.move_out_of_group(ws, layout_set, page_name, component_id)
    elif action == "to-page":
        pages.move_component_to_page(ws, layout_set, page_name, component_id,
                                     form.get("target_page", ""))
    elif action == "into-group":
        pages.move_into_group(ws, layout_set, page_name, component_id, form.get("group", ""))
    else:
        abort(400)


@bp.post("/<org>/<app_name>/pages/<set_id>/<page_name>/components/<component_id>/move")
def page_component_move(org: str, app_name: str, set_id: str, page_name: str,
                        component_id: str) -> Response | tuple[str, int]:
    target = designer_app(org, app_name)
    layout_set = _page_or_404(target, set_id, page_name)
    form = {k: request.form.get(k, "") for k in ("action", "target_page", "group")}
    error = _attempt(target, lambda ws: _move(ws, layout_set, page_name, component_id,
                                              form["action"], form))
    if error is not None:
        return _page_editor(org, app_name, set_id, page_name,
                            {f"{error.field}-{component_id}": _message(error)},
                            {f"{k}-{component_id}": v for k, v in form.items()})
    return _back("designer.page_editor", org=org, app_name=app_name, set_id=set_id,
                 page_name=page_name)


@bp.route("/<org>/<app_name>/pages/<set_id>/<page_name>/components/<component_id>/delete",
          methods=["GET", "POST"])
def page_component_delete(org: str, app_name: str, set_id: str, page_name: str,
                          component_id: str) -> Response | str:
    target = designer_app(org, app_name)
    layout_set = _page_or_404(target, set_id, page_name)
    node = pages.find_node(target.workspace.read_page(layout_set, page_name), component_id)
    if node is None:
        abort(404)
    if request.method == "POST":
        save(target, lambda ws: pages.remove_component(ws, layout_set, page_name, component_id))
        return _back("designer.page_editor", org=org, app_name=app_name, set_id=set_id,
                     page_name=page_name)
    lang = current_language()
    return render("designer/page_component_delete.html", target, set_id=set_id,
                  page_name=page_name, page_title_text=page_title(target, page_name, lang),
                  component=node, title=component_title(target, node.raw, lang),
                  inside=[n.id for n in pages.flatten(node.children)])


# --- the live preview ---------------------------------------------------------------------------

_FRAMEABLE_CSP = ("default-src 'self'; img-src 'self' data: https:; style-src 'self'; "
                  "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
                  "frame-ancestors 'self'")


def _preview_url(org: str, app_name: str, set_id: str, lang: str) -> Callable[[str], str]:
    def page_url(name: str) -> str:
        return url_for("designer.preview", org=org, app_name=app_name, set_id=set_id,
                       page_name=name, lang=lang)
    return page_url


def _frameable(response: Response) -> Response:
    """The preview sits in an iframe on the designer's own pages, and nowhere else."""
    response.headers["Content-Security-Policy"] = _FRAMEABLE_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.route("/<org>/<app_name>/preview/<set_id>/<page_name>", methods=["GET", "POST"])
def preview(org: str, app_name: str, set_id: str, page_name: str) -> Response:
    """The draft page by the real renderer, with empty data (unbound fields show too). A post
    (the page's own buttons) only moves between the preview's pages; nothing is kept."""
    target = designer_app(org, app_name)
    layout_set, page = target.page(set_id, page_name)
    lang = request.args.get("lang", "")
    lang = lang if lang in LANGUAGES else current_language()
    page_url = _preview_url(org, app_name, set_id, lang)
    view = PageView(target.app, layout_set, page, {}, lang, page_url, show_unsupported=True)
    if request.method == "POST":
        return _frameable(_preview_step(view, page_url))
    html = render_template("form_page.html", view=view, instance=None, lang=lang, preview=True)
    return _frameable(Response(html, mimetype="text/html"))


def _preview_step(view: PageView, page_url: Callable[[str], str]) -> Response:
    action = request.form.get("action", "")
    if action == "live":
        return Response(status=204)
    step = {"next": 1, "back": -1}.get(action, 0)
    found = view.neighbour(step) if step else None
    url = page_url((found or view.page).name)
    if request.headers.get("HX-Request"):
        return Response(status=204, headers={"HX-Redirect": url})
    return redirect(url, 303)
