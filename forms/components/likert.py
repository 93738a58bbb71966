"""Likert: the same scale of options for every row of an array in the data model, shown as a
table (a question per row, an option per column) of radio buttons that works without
JavaScript. Row i's answer is stored in `<questions>[i].<answer>`. LikertItem, the type of one
such row in Altinn, is a plain radio group here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from forms.components.base import Component, Prop, register
from forms.components.choices import OPTION_PROPS, RadioButtons
from forms.datamodel import STRING, BindingPathError, FieldType, get_value
from forms.options import option_value
from forms.texts import as_html, plain_text

MAX_ROWS = 1000  # rows a post may write; more than any questionnaire has
_ROW_KEY = re.compile(r"^answer\[(\d+)\]$")


def _relative(questions: str, answer: str) -> str:
    return answer[len(questions) + 1:] if answer.startswith(questions + ".") else answer


def row_path(questions: str, answer: str, index: int) -> str:
    """`Questions` + `Questions.Answer` (or just `Answer`) → `Questions[2].Answer`."""
    return f"{questions}[{index}].{_relative(questions, answer)}"


class _RowBindings(dict):  # type: ignore[type-arg]
    """Likert's bindings, where `answer[<i>]` also names row i's answer, so that the page's post
    handling writes every row through the usual `bindings.get` (see `Likert.read_post`)."""

    def get(self, key: Any, default: Any = None) -> Any:
        match = _ROW_KEY.match(key) if isinstance(key, str) else None
        if match and "questions" in self and "answer" in self:
            return row_path(self["questions"], self["answer"], int(match.group(1)))
        return super().get(key, default)


@dataclass(frozen=True)
class LikertRow:
    index: int
    element_id: str  # the row header's id; a radio is `<row id>__o<option index>`
    name: str  # the answer's data model path, the radios' name
    question: Markup
    description: Markup | None
    value: str


@register
class Likert(Component):
    type_name = "Likert"
    template = "components/likert.html"
    is_form_field = True
    binding_names = ("questions", "answer")
    text_names = ("title", "description", "help", "leftColumnHeader", "questions",
                  "questionDescriptions", "questionHelpTexts", "summaryTitle")
    props_spec = OPTION_PROPS + (
        Prop("filter", "array", [], doc="[{key: start|stop, value}]: which rows to show"),
        Prop("showLabelsInTable", "boolean", False),
    )

    def parse(self, problems: Any) -> None:
        super().parse(problems)
        self.bindings = _RowBindings(self.bindings)

    def field_type(self, binding: str = "simpleBinding") -> FieldType:
        if _ROW_KEY.match(binding):
            binding = "answer"
        return self.binding_types.get(binding, STRING)

    # ---- rows ---------------------------------------------------------------------------
    def _bounds(self, view: Any = None) -> tuple[int, int]:
        """`filter` start (inclusive) and stop (exclusive); expressions need a view."""
        start, stop = 0, MAX_ROWS
        for item in self.props.get("filter") or []:
            if not isinstance(item, dict) or item.get("key") not in ("start", "stop"):
                continue
            value = item.get("value")
            if isinstance(value, list) and view is not None:
                value = view.dynamics.resolve_values(value, self)
            try:
                number = int(str(value).strip())
            except ValueError:
                continue
            if item["key"] == "start":
                start = max(0, number)
            else:
                stop = min(MAX_ROWS, max(0, number))
        return start, stop

    def row_count(self, view: Any) -> int:
        questions = self.bindings.get("questions")
        try:
            rows = get_value(view.data, questions) if questions else None
        except BindingPathError:
            rows = None
        return len(rows) if isinstance(rows, list) else 0

    def rows(self, view: Any) -> list[LikertRow]:
        """The shown rows, each with its question text (variables read in the row)."""
        from forms.expressions.layout import LayoutNode

        questions, answer = self.bindings.get("questions"), self.bindings.get("answer")
        if not questions or not answer:
            return []
        start, stop = self._bounds(view)
        group = LayoutNode(f"{self.id}__rows", "", {}, self.page, (), None,
                           {"group": questions})
        out = []
        for index in range(start, min(stop, self.row_count(view))):
            node = LayoutNode(f"{self.id}__row", "", {}, self.page, (index,), None,
                              row_of=group)
            ctx = view.dynamics.ctx.at(node)
            path = row_path(questions, answer, index)
            texts = [self._row_text(view, ctx, self.texts.get(key))
                     for key in ("questions", "questionDescriptions")]
            raw = get_value(view.data, path)
            out.append(LikertRow(
                index, f"{self.id}__q{index}", path,
                texts[0] or Markup.escape(f"{view.ui('likert_question')} {index + 1}"),
                texts[1], "" if raw is None or isinstance(raw, (dict, list))
                else option_value(raw)))
        return out

    @staticmethod
    def _row_text(view: Any, ctx: Any, key: Any) -> Markup | None:
        if key is None:
            return None
        if isinstance(key, list):
            from forms.dynamics import compiled
            from forms.expressions.values import ExprError, to_string

            try:
                text = to_string(compiled(key).evaluate(ctx))
            except ExprError:
                return None
        else:
            text = ctx.text(str(key))
        return as_html(text) if text else None

    # ---- posting, validation, summary ---------------------------------------------------
    def read_post(self, form: Any) -> dict[str, str | None]:
        """Each shown row's chosen answer, as `answer[<i>]` (rows nobody answered are left
        alone: an unchecked radio group is not posted)."""
        questions, answer = self.bindings.get("questions"), self.bindings.get("answer")
        if not questions or not answer:
            return {}
        start, stop = self._bounds()
        pattern = re.compile(re.escape(questions) + r"\[(\d+)\]\."
                             + re.escape(_relative(questions, answer)))
        indices: set[int] = set()
        keys = getattr(form, "keys", None)
        if callable(keys):
            for key in keys():
                match = pattern.fullmatch(key)
                if match and start <= int(match.group(1)) < stop:
                    indices.add(int(match.group(1)))
        else:
            indices = {i for i in range(start, stop) if row_path(questions, answer, i) in form}
        return {f"answer[{i}]": form.get(row_path(questions, answer, i)) for i in sorted(indices)}

    def is_empty(self, view: Any) -> bool:
        """For `required`: some shown row has no answer."""
        return any(row.value == "" for row in self.rows(view))

    def display(self, view: Any) -> str | None:
        """One line per row: "question: answer"."""
        labels = {o.value: plain_text(o.label) for o in view.options(self)}
        lines = []
        for row in self.rows(view):
            answer = labels.get(row.value, row.value) if row.value else view.ui("empty_value")
            lines.append(f"{plain_text(row.question)}: {answer}")
        return "\n".join(lines)


@register
class LikertItem(RadioButtons):
    """One Likert row written as its own component: a radio group like RadioButtons."""

    type_name = "LikertItem"
    template = "components/radiobuttons.html"
