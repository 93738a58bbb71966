"""Running the checks: every source over the pages asked for, each issue placed on the visible
component bound to its field (issues of hidden components, or of fields only other pages show,
are dropped), in page order; and putting the issues on a page view for the templates."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from forms.definitions import Page
from forms.render import PageView
from forms.validation import (
    component_rules,
    custom,
    data_elements,
    expression,
    required,
    schema,
)
from forms.validation.fields import Target
from forms.validation.issues import (
    COMPONENT,
    CUSTOM,
    DATA_ELEMENT,
    EXPRESSION,
    REQUIRED,
    SCHEMA,
    Issue,
)

Source = Callable[[Target], list[Issue]]

# Each source of issues, by Altinn's name for it, in the order their issues are listed.
SOURCES: dict[str, Source] = {
    REQUIRED: required.check,
    SCHEMA: schema.check,
    COMPONENT: component_rules.check,
    DATA_ELEMENT: data_elements.check,
    EXPRESSION: expression.check,
    CUSTOM: custom.check,
}


def validate(view: PageView, pages: list[Page] | None = None,
             sources: Iterable[str] | None = None,
             data_element_id: str | None = None) -> list[Issue]:
    """The issues of the visible `pages` (default: every visible page, and issues about
    fields no component shows) from `sources` (default: all)."""
    whole = pages is None
    target = Target(view, view.pages() if pages is None else pages, data_element_id)
    wanted = set(sources) if sources is not None else None
    issues: list[Issue] = []
    for name, check in SOURCES.items():
        if wanted is None or name in wanted:
            issues.extend(check(target))
    return _placed(target, issues, whole)


def _placed(target: Target, issues: list[Issue], whole: bool) -> list[Issue]:
    bound_anywhere = {path for c in target.view.layout_set.components.values()
                      for path in c.bindings.values()}
    placed: list[Issue] = []
    for issue in issues:
        if issue.component_id is None and issue.field is not None:
            ref = target.by_path.get(issue.field)
            if ref is not None:
                issue.component_id = ref.component.id
                issue.link = target.link(ref)
            elif _unindexed(issue.field) in bound_anywhere or not whole:
                continue  # a hidden field, or one another page shows: not checked here
        elif issue.component_id is None and not whole:
            continue  # about the whole form: checked when it all is (submit)
        placed.append(issue)
    last = len(target.order)
    return sorted(placed, key=lambda i: target.order.get(i.component_id or "", last))


def _unindexed(path: str) -> str:
    out, depth = [], 0
    for char in path:
        depth += char == "["
        if depth == 0:
            out.append(char)
        depth -= char == "]"
    return "".join(out)


def show_issues(view: PageView, issues: list[Issue]) -> None:
    """Put `issues` on the page: errors by component (the first one each), with where to fix
    them, and warnings, infos and successes beside their fields."""
    view.errors, view.error_links, view.notices = {}, {}, {}
    for number, issue in enumerate(issues):
        key = issue.component_id or f"bk_issue_{number}"
        if issue.blocks:
            if key not in view.errors:
                view.errors[key] = issue.description
                link = _open_here(view, issue.link)
                if link:
                    view.error_links[key] = link
        elif issue.component_id:
            view.notices.setdefault(key, []).append((issue.severity.label, issue.description))


def _open_here(view: PageView, link: str | None) -> str | None:
    """A link into a repeating-group row of the page shown: when that row is open (or can be:
    its group has none open yet, so the first row with an error opens), the field is right
    here and the link is its `#id` (None); else the link as it is."""
    here = view.page_url(view.page.name) + "?"
    if not link or not link.startswith(here):
        return link
    query, _, _anchor = link[len(here):].partition("#")
    rows = [p.split("=", 1)[1] for p in query.split("&") if p.startswith("edit=")]
    wanted = dict(r.split(":", 1) for r in rows if ":" in r)
    if any(group in view.open_rows and view.open_rows[group] != row
           for group, row in wanted.items()):
        return link
    steps = dict(p.split("=", 1)[1].split(":", 1) for p in query.split("&")
                 if p.startswith("editpage=") and ":" in p)
    if any(int(n) != view.editor_pages.get(g, 0) and g in view.open_rows for g, n in
           steps.items() if n.isdigit()):
        return link  # the row is open on another page of its editor
    view.open_rows.update(wanted)
    view.editor_pages.update({g: int(n) for g, n in steps.items() if n.isdigit()})
    return None


def blocking(issues: list[Issue]) -> bool:
    return any(issue.blocks for issue in issues)
