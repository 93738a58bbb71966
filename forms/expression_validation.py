"""Altinn's expression validation: `App/models/<dataType>.validation.json`.

A config maps a data model field path (without row indices) to a list of validations, each a
definition name or an object `{message, severity, condition, ref?}`; `definitions` holds named
validations that objects (and other definitions) inherit from with `ref`, their own keys winning.

Running a config follows Altinn's shared tests (frontend and backend copies):
- every component instance bound to a field path (any binding, rows of repeating groups
  expanded) validates that field once, the first visible instance in layout order doing it;
- hidden instances (own `hidden`, a container, the row's `hiddenRow`, the page) are skipped;
- a field whose value is null (or missing) is skipped, as Altinn's backend does;
- the condition and the message are evaluated in the instance's context (its rows), with
  `["argv", 0]` and `["value"]` giving the field's indexed path, e.g. `personer[0].navn`;
- the validation fires when the condition casts to true; an expression error means "not fired"
  (Altinn's frontend default), and is logged;
- the message (a text key, literal text or an expression) is resolved through the texts.

Issues come in Altinn's frontend order: instances in layout order, then the config's order.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from typing import Any

from forms.datamodel import BindingPathError, get_value
from forms.expressions.conformance import build_context
from forms.expressions.context import ExpressionContext
from forms.expressions.engine import Expression, compile_expression
from forms.expressions.layout import LayoutNode, LayoutTree
from forms.expressions.values import ExprError, to_boolean, to_string

log = logging.getLogger(__name__)

SEVERITIES = ("error", "warning", "info", "success")
_KEYS = ("message", "severity", "condition")


@dataclass(frozen=True)
class Validation:
    message: Expression  # a literal string (text key or text) or a string expression
    severity: str
    condition: Expression
    show_immediately: bool = False

    @property
    def message_raw(self) -> Any:
        return self.message.raw


@dataclass(frozen=True)
class ValidationConfig:
    validations: dict[str, tuple[Validation, ...]]  # field path without indices → validations
    definitions: dict[str, Validation]

    def for_field(self, base_field: str) -> tuple[Validation, ...]:
        return self.validations.get(base_field, ())


# ---- parsing ------------------------------------------------------------------------------


def parse_config(raw: Any) -> ValidationConfig:
    """Check and compile a validation.json; a ValueError says where and what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("validation config must be an object with `validations` and "
                         "`definitions`")
    raw_definitions = raw.get("definitions", {})
    if raw_definitions is None:
        raw_definitions = {}
    if not isinstance(raw_definitions, dict):
        raise ValueError("definitions: must be an object of name → validation")
    raw_validations = raw.get("validations", {})
    if raw_validations is None:
        raw_validations = {}
    if not isinstance(raw_validations, dict):
        raise ValueError("validations: must be an object of field path → list of validations")

    merged: dict[str, dict[str, Any]] = {}

    def resolve_definition(name: str, chain: tuple[str, ...]) -> dict[str, Any]:
        if name in merged:
            return merged[name]
        where = f"definitions.{name}"
        if name in chain:
            raise ValueError(f"{where}: `ref` cycle {' → '.join(chain + (name,))}")
        item = raw_definitions[name]
        if not isinstance(item, dict):
            raise ValueError(f"{where}: must be an object with message, severity, condition")
        merged[name] = _merge(item, where, lambda ref: resolve_definition(ref, chain + (name,)),
                              raw_definitions)
        return merged[name]

    definitions: dict[str, Validation] = {}
    for name in raw_definitions:
        if not isinstance(name, str) or not name:
            raise ValueError("definitions: names must be non-empty strings")
        definitions[name] = _compile(resolve_definition(name, ()), f"definitions.{name}")

    validations: dict[str, tuple[Validation, ...]] = {}
    for field, items in raw_validations.items():
        if not isinstance(field, str) or not field.strip():
            raise ValueError("validations: field paths must be non-empty strings")
        where = f"validations.{field}"
        if not isinstance(items, list):
            raise ValueError(f"{where}: must be a list of definition names or objects")
        compiled: list[Validation] = []
        for i, item in enumerate(items):
            at = f"{where}[{i}]"
            if isinstance(item, str):
                if item not in definitions:
                    raise ValueError(f"{at}: unknown definition {json.dumps(item)}"
                                     + _known(raw_definitions))
                compiled.append(definitions[item])
            elif isinstance(item, dict):
                compiled.append(_compile(_merge(item, at, lambda ref: resolve_definition(
                    ref, ()), raw_definitions), at))
            else:
                raise ValueError(f"{at}: must be a definition name or an object with message, "
                                 "severity, condition")
        validations[field.strip()] = tuple(compiled)
    return ValidationConfig(validations, definitions)


def _known(definitions: dict[str, Any]) -> str:
    if not definitions:
        return " (the config has no definitions)"
    return " (known: " + ", ".join(sorted(str(k) for k in definitions)) + ")"


def _merge(item: dict[str, Any], where: str, resolve: Any,
           definitions: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    ref = item.get("ref")
    if ref is not None:
        if not isinstance(ref, str) or ref not in definitions:
            raise ValueError(f"{where}.ref: unknown definition {json.dumps(ref)}"
                             + _known(definitions))
        out.update(resolve(ref))
    for key in (*_KEYS, "showImmediately"):
        if item.get(key) is not None:
            out[key] = item[key]
    return out


def _compile(merged: dict[str, Any], where: str) -> Validation:
    message = merged.get("message")
    if message is None:
        raise ValueError(f"{where}: missing `message`")
    if not isinstance(message, (str, list)):
        raise ValueError(f"{where}.message: must be a text key, a text or an expression")
    if "condition" not in merged:
        raise ValueError(f"{where}: missing `condition`")
    severity = merged.get("severity", "error")
    if severity not in SEVERITIES:
        raise ValueError(f"{where}.severity: must be one of {', '.join(SEVERITIES)}, got "
                         f"{json.dumps(severity)}")
    show = merged.get("showImmediately", False)
    if not isinstance(show, bool):
        raise ValueError(f"{where}.showImmediately: must be true or false")
    compiled: dict[str, Expression] = {}
    for key in ("message", "condition"):
        try:
            compiled[key] = compile_expression(merged[key])
        except ExprError as exc:
            raise ValueError(f"{where}.{key}: invalid expression: {exc}") from None
    return Validation(compiled["message"], severity, compiled["condition"], show)


# ---- running ------------------------------------------------------------------------------


def run_expression_validation(config: ValidationConfig, tree: LayoutTree,
                              base_ctx: ExpressionContext, data_type: str | None = None
                              ) -> list[dict[str, Any]]:
    """Issues `{message, severity, field}` for the data of `data_type` (the context's default
    data model unless given), in Altinn's order."""
    if not config.validations:
        return []
    ctx = _with_default(replace(base_ctx, layout=tree), data_type)
    data = ctx.data
    issues: list[dict[str, Any]] = []
    done: set[str] = set()
    for node in tree.instances_of(_validated_components(config, tree)):
        fields = [(f, v) for f in _bound_fields(node, ctx) if f not in done
                  for v in (config.for_field(_without_indices(f)),) if v]
        if not fields or tree.is_hidden(node, ctx):
            continue
        for field, validations in fields:
            if field in done:
                continue
            done.add(field)
            if _value(data, field) is None:
                continue
            issues.extend(_run_field(node, field, validations, ctx))
    return issues


def _validated_components(config: ValidationConfig, tree: LayoutTree) -> set[str]:
    """The components bound (any binding, rows unindexed) to a field the config validates."""
    out = set()
    for component_id, raw in tree.raw_components().items():
        bindings = raw.get("dataModelBindings")
        for value in bindings.values() if isinstance(bindings, dict) else ():
            path = value.get("field") if isinstance(value, dict) else value
            if isinstance(path, str) and config.for_field(_without_indices(path)):
                out.add(component_id)
    return out


def _with_default(ctx: ExpressionContext, data_type: str | None) -> ExpressionContext:
    """The context with `data_type` as its default data model (for `dataModel` lookups)."""
    if data_type is None or data_type in (ctx.default_data_type, "default"):
        return ctx
    if data_type not in ctx.other_data:
        raise ValueError(f"no data of type {data_type} to validate")
    others = {k: v for k, v in ctx.other_data.items() if k != data_type}
    others[ctx.default_data_type] = ctx.data
    return replace(ctx, data=ctx.other_data[data_type], default_data_type=data_type,
                   other_data=others)


def _bound_fields(node: LayoutNode, ctx: ExpressionContext) -> list[str]:
    """The node's bindings (indexed paths) into the data model being validated."""
    fields: list[str] = []
    for key, path in node.bindings.items():
        bound_type = node.binding_types.get(key)
        if bound_type is not None and bound_type not in (ctx.default_data_type, "default"):
            continue
        if path not in fields:
            fields.append(path)
    return fields


def _without_indices(path: str) -> str:
    out: list[str] = []
    depth = 0
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _value(data: Any, field: str) -> Any:
    try:
        return get_value(data, field)
    except BindingPathError:
        return None


def _run_field(node: LayoutNode, field: str, validations: tuple[Validation, ...],
               ctx: ExpressionContext) -> list[dict[str, Any]]:
    sub = replace(ctx, node=node, positional=[field],
                  value_args={"data": {"field": field}, "defaultKey": "field"})
    issues: list[dict[str, Any]] = []
    for validation in validations:
        try:
            fired = to_boolean(validation.condition.evaluate(sub)) is True
        except ExprError as exc:
            log.warning("expression validation for %s: condition %s failed: %s", field,
                        json.dumps(validation.condition.raw, ensure_ascii=False), exc)
            continue
        if fired:
            issues.append({"message": _message(validation, sub, field),
                           "severity": validation.severity, "field": field})
    return issues


def _message(validation: Validation, ctx: ExpressionContext, field: str) -> str:
    try:
        text = to_string(validation.message.evaluate(ctx))
    except ExprError as exc:
        log.warning("expression validation for %s: message %s failed: %s", field,
                    json.dumps(validation.message_raw, ensure_ascii=False), exc)
        text = None
    if not text:
        return ""
    return ctx.text(text)


# ---- Altinn's shared tests ----------------------------------------------------------------


def run_shared_test(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The issues for one of Altinn's expression validation test files."""
    config = parse_config(spec.get("validationConfig") or {})
    ctx = build_context({**spec, "dataModel": spec.get("formData") or {}})
    if ctx.layout is None:
        raise ValueError("the test has no layouts")
    return run_expression_validation(config, ctx.layout, ctx)


__all__ = ["SEVERITIES", "Validation", "ValidationConfig", "parse_config",
           "run_expression_validation", "run_shared_test"]
