"""Checking an expression as an admin writes it, with the runtime's own engine: compiled by
forms/expressions (function names, argument counts, literal types), its component references
looked up in the layout set, then evaluated against sample data in the component's place in
the layout (forms/dynamics.Dynamics builds that world as a page view does). So what the
designer accepts is what the form will run, and the admin sees the value it gives."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from forms.definitions import AppDefinition, LayoutSet
from forms.dynamics import Dynamics
from forms.expressions.dependencies import ANY, references
from forms.expressions.engine import cast, compile_expression
from forms.expressions.values import ExprError, to_json


@dataclass(frozen=True)
class Check:
    """What an admin is told: `error` (a code for the designer's texts, and its detail) when
    the expression cannot be used, else its value with the sample data (or why that failed,
    which does not stop a save: the data decides, and a failure counts as false)."""

    error: str | None = None  # not_json, not_expression, invalid, unknown_component
    detail: str = ""
    value: Any = None
    evaluated: bool = False
    eval_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def value_json(self) -> str:
        return json.dumps(to_json(self.value), ensure_ascii=False)


def parse(text: str) -> tuple[Any, str | None]:
    """The JSON an admin wrote; (None, 'not_json') when it is not JSON."""
    try:
        return json.loads(text), None
    except ValueError as exc:
        return None, f"not_json:{exc}"


def static_check(raw: Any, known_ids: set[str] | None = None,
                 must_be_expression: bool = True) -> Check | None:
    """Problems that do not depend on the data: None when the expression is usable."""
    if not isinstance(raw, list):
        if must_be_expression:
            return Check(error="not_expression")
        return None
    try:
        compile_expression(raw)
    except ExprError as exc:
        return Check(error="invalid", detail=str(exc))
    if known_ids is not None:
        missing = sorted(c for c in references(raw).components if c != ANY and c not in known_ids)
        if missing:
            return Check(error="unknown_component", detail=", ".join(missing))
    return None


def evaluate(app: AppDefinition, layout_set: LayoutSet, raw: Any, data: dict[str, Any],
             lang: str, component_id: str | None = None, as_type: str = "boolean") -> Any:
    """The value of `raw` with `data`, evaluated where `component_id` sits (ExprError if it
    fails). A component inside a repeating group is evaluated in its first row."""
    dynamics = Dynamics.for_data(app, layout_set, data, lang)
    node = None
    if component_id is not None:
        node = dynamics.tree.node_at(component_id, ())
        if node is None:
            node = dynamics.tree.node_at(component_id, (0,))
    ctx = dynamics.ctx.at(node)
    if component_id is None and layout_set.order:
        ctx.current_page = layout_set.order[0]
    return cast(compile_expression(raw).evaluate(ctx), as_type)


def check(app: AppDefinition, layout_set: LayoutSet, raw: Any, sample: dict[str, Any],
          lang: str, component_id: str | None = None, as_type: str = "boolean",
          must_be_expression: bool = True) -> Check:
    """The whole check: static problems first, then the value with the sample data."""
    problem = static_check(raw, set(layout_set.components), must_be_expression)
    if problem is not None:
        return problem
    try:
        value = evaluate(app, layout_set, raw, sample, lang, component_id, as_type)
    except ExprError as exc:
        return Check(eval_error=str(exc))
    return Check(value=value, evaluated=True)


def fails_always(app: AppDefinition, layout_set: LayoutSet, raw: Any, lang: str,
                 component_id: str | None = None, as_type: str = "boolean") -> str | None:
    """The error an expression gives even with no data at all (a literal of the wrong type,
    say `["greaterThan", "abc", 1]`): such an expression can never work, so it is refused."""
    if not isinstance(raw, list):
        return None
    try:
        evaluate(app, layout_set, raw, {}, lang, component_id, as_type)
    except ExprError as exc:
        return str(exc)
    return None
