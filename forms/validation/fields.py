"""What a validation run covers: the visible fields of the pages checked, in page order, each
with where it is fixed (its page, and the row to open for a field in a repeating group), and
every data model path they are bound to. Issues about a field are shown on its component."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from forms.components.base import Component
from forms.definitions import Page
from forms.render import PageView


@dataclass(frozen=True)
class FieldRef:
    component: Component  # as it stands (a row's copy inside a repeating group)
    page: str
    row_link: str | None  # the page with its row open, for a field in a row


@dataclass
class Target:
    """One validation run: the layout set's state (`view`) and the pages checked."""

    view: PageView
    pages: list[Page]
    data_element_id: str | None = None
    fields: list[FieldRef] = field(init=False)

    def __post_init__(self) -> None:
        self.fields = [ref for page in self.pages
                       for ref in visible_fields(self.view, page.components, page.name)]

    @cached_property
    def by_path(self) -> dict[str, FieldRef]:
        """Data model path (with row indices) → the visible field an issue about it is shown
        on: one the person can change before one they cannot, one on the page shown before
        one elsewhere, else the first."""
        out: dict[str, FieldRef] = {}
        rank: dict[str, tuple[bool, bool]] = {}
        for ref in self.fields:
            score = (self.view.is_read_only(ref.component), ref.page != self.view.page.name)
            for path in ref.component.bindings.values():
                if path not in out or score < rank[path]:
                    out[path], rank[path] = ref, score
        return out

    @cached_property
    def order(self) -> dict[str, int]:
        return {ref.component.id: i for i, ref in enumerate(self.fields)}

    def link(self, ref: FieldRef) -> str | None:
        """Where a field is fixed, when that is not simply `#id` on the page shown."""
        if ref.row_link:
            return f"{ref.row_link}#{ref.component.id}"
        if ref.page != self.view.page.name:
            return f"{self.view.page_url(ref.page)}#{ref.component.id}"
        return None


def visible_fields(view: PageView, components: list[Component], page: str,
                   row_link: str | None = None, shown: bool = False) -> list[FieldRef]:
    """Visible fields (and groups and subforms, which have rules of their own) with, for
    those inside a row, the link that opens their row (on the right page of a multiPage
    row editor). `shown`: what holds `components` is known to be visible (a shown row), so
    a component without a `hidden` of its own is visible without asking the expressions,
    which keeps a long group cheap."""
    out: list[FieldRef] = []
    for component in components:
        if (not shown or "hidden" in component.raw) and view.hidden(component):
            continue
        if component.is_form_field or component.type_name == "Subform":
            out.append(FieldRef(component, page, row_link))
        if component.type_name == "RepeatingGroup":
            out.append(FieldRef(component, page, row_link))
            steps = component.editor_page_count  # type: ignore[attr-defined]
            for row in view.rows(component):
                if row.hidden:
                    continue
                link = (row_link + "&" if row_link else f"{view.page_url(page)}?") + (
                    f"edit={component.id}:{row.row_id}")
                for step in range(steps):  # a multiPage editor opens on the field's page
                    here = [i for i in row.instances
                            if steps == 1 or component.editor_page(i) == step]  # type: ignore
                    step_link = link + (f"&editpage={component.id}:{step}" if step else "")
                    out.extend(visible_fields(view, here, page, step_link, shown=True))
            out.extend(visible_fields(view, getattr(component, "extra_children", []), page,
                                      row_link))
        else:
            out.extend(visible_fields(view, component.children, page, row_link, shown))
    return out
