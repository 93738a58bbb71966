"""Runs Altinn's shared expression tests (both the frontend's and the backend's copy): function
tests, context-list tests and invalid-expression tests. Used by `flask --app app expressions
test DIR...` and by the pytest suite.

A skip is allowed only for a function that exists in Altinn's frontend alone and has no meaning
on a server; each skip says why."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.expressions.context import ExpressionContext
from forms.expressions.engine import compile_expression
from forms.expressions.layout import LayoutNode, LayoutTree
from forms.expressions.values import ExprError, to_json
from forms.texts import TextResource, TextResources, Variable

# Functions that only make sense inside Altinn's browser app, with the reason.
FRONTEND_ONLY: dict[str, str] = {
    "_experimentalSelectAndMap": "experimental frontend-only function, not part of the language",
}


# Cases where Altinn's two copies disagree, with the rule Blankett follows.
CONFLICTS: dict[str, str] = {
    "functions/dataModel/array-is-null.json":
        "the copies disagree: the backend's newer rule returns lists from dataModel "
        "(functions/dataModel/lookup-list.json), and Blankett follows it",
    "functions/dataModel/object-is-null.json":
        "the copies disagree: the backend's newer rule returns objects from dataModel "
        "(functions/dataModel/lookup-object.json), and Blankett follows it",
}


def _conflict(file: Path) -> str | None:
    text = file.as_posix()
    return next((why for suffix, why in CONFLICTS.items() if text.endswith(suffix)), None)


def _function_names(raw: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(raw, list) and raw:
        if isinstance(raw[0], str):
            names.add(raw[0])
        for item in raw[1:]:
            names |= _function_names(item)
    return names


@dataclass(frozen=True)
class CaseResult:
    file: str
    index: int
    name: str
    status: str  # passed, failed, skipped
    reason: str = ""


def case_files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        if folder.is_file():
            yield folder
        else:
            yield from sorted(folder.rglob("*.json"))


def run_file(file: Path) -> list[CaseResult]:
    try:
        spec = json.loads(file.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        return [CaseResult(str(file), 0, file.name, "failed", f"cannot read: {exc}")]
    if not isinstance(spec, dict):
        return []
    name = str(spec.get("name", file.stem))
    if "validationConfig" in spec:
        return [_validation_case(file, name, spec)]
    if "expectedContexts" in spec:
        return [_context_list(file, name, spec)]
    conflict = _conflict(file)
    if conflict:
        return [CaseResult(str(file), 0, name, "skipped", conflict)]
    cases = [spec] if "expression" in spec else []
    cases += [c for c in spec.get("testCases") or [] if isinstance(c, dict)]
    return [_function_case(file, i, name, spec, case) for i, case in enumerate(cases)]


def run(folders: Iterable[Path]) -> list[CaseResult]:
    results: list[CaseResult] = []
    for file in case_files(folders):
        results.extend(run_file(file))
    return results


# ---- building a context from a test's data -----------------------------------------------


def build_context(spec: dict[str, Any]) -> ExpressionContext:
    data = spec.get("dataModel")
    default_type = "default"
    others: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for item in spec.get("dataModels") or []:
        element = item.get("dataElement") or {}
        data_type = element.get("dataType", "default")
        counts[data_type] = counts.get(data_type, 0) + 1
        if data is None and data_type == "default":
            data = item.get("data")
        else:
            others.setdefault(data_type, item.get("data"))
    if data is None and spec.get("dataModels"):
        first = spec["dataModels"][0]
        default_type = (first.get("dataElement") or {}).get("dataType", "default")
        data = first.get("data")
    for element in spec.get("instanceDataElements") or []:
        counts[element.get("dataType", "")] = counts.get(element.get("dataType", ""), 0) + 1
    texts = TextResources({"nb": {}})
    lang = (spec.get("profileSettings") or {}).get("language") or "nb"
    for item in spec.get("textResources") or []:
        variables = tuple(Variable(v.get("key", ""), v.get("dataSource", ""),
                                   None if v.get("defaultValue") is None
                                   else str(v["defaultValue"]))
                          for v in item.get("variables") or [])
        texts.by_language.setdefault(lang, {})[item["id"]] = TextResource(
            str(item.get("value", "")), variables)
    layouts = spec.get("layouts")
    tree = LayoutTree(layouts, data or {}) if isinstance(layouts, dict) else None
    instance = spec.get("instance")
    ctx = ExpressionContext(
        data=data if data is not None else {}, default_data_type=default_type,
        other_data=others, data_type_counts=counts,
        data_elements=list(spec.get("instanceDataElements") or []), layout=tree, lang=lang,
        texts=texts,
        instance=instance,
        process=spec.get("process") or {"currentTask": {"elementId": "Task_1"}},
        frontend=spec.get("frontendSettings") or {}, permissions=spec.get("permissions"),
        positional=spec.get("positionalArguments"), value_args=spec.get("valueArguments"),
        option_lists=spec.get("codeLists") or {}, external_apis=(
            (spec.get("externalApis") or {}).get("data") or {}),
        gateway=spec.get("gatewayAction"), stateless=bool(spec.get("stateless")),
        # Altinn's test harness runs in Task_1 unless a test says otherwise.
        page_url=_altinn_page_url(spec),
    )
    context = spec.get("context")
    ctx.current_page = "FormLayout"  # the page Altinn's frontend test harness shows by default
    if isinstance(context, dict) and isinstance(context.get("currentLayout"), str):
        ctx.current_page = context["currentLayout"]
    if tree is not None and isinstance(context, dict):
        rows = tuple(context.get("rowIndices") or ())
        ctx.node = tree.node_for(str(context.get("component")), context.get("currentLayout"),
                                 rows)
    return ctx


def _altinn_page_url(spec: dict[str, Any]) -> Any:
    """Links as Altinn's frontend routes them, which the shared tests expect."""
    instance = spec.get("instance") or {}
    task = ((spec.get("process") or {}).get("currentTask") or {}).get("elementId", "")
    stateless = bool(spec.get("stateless"))

    def page_url(page: str, component_id: str | None, back_to: str | None) -> str:
        base = f"/{page}" if stateless else f"/instance/{instance.get('id', '')}/{task}/{page}"
        query = []
        if component_id:
            query.append(f"focusComponentId={component_id}")
        if back_to:
            query.append(f"backToPage={back_to}")
        return base + ("?" + "&".join(query) if query else "")

    return page_url


# ---- running ------------------------------------------------------------------------------


def _same(actual: Any, expected: Any) -> bool:
    actual = to_json(actual)
    if isinstance(expected, float) or isinstance(actual, float):
        try:
            return Decimal(str(actual)) == Decimal(str(expected))
        except Exception:
            return False
    return type(actual) is type(expected) and actual == expected if not isinstance(
        expected, (int, float)) or isinstance(expected, bool) else actual == expected and not (
        isinstance(actual, bool))


def _function_case(file: Path, index: int, name: str, spec: dict[str, Any],
                   case: dict[str, Any]) -> CaseResult:
    expression = case.get("expression")
    label = name if index == 0 and case is spec else f"{name} [case {index}]"
    frontend = _function_names(expression) & FRONTEND_ONLY.keys()
    if frontend:
        fn = sorted(frontend)[0]
        return CaseResult(str(file), index, label, "skipped", f"{fn}: {FRONTEND_ONLY[fn]}")
    try:
        compiled = compile_expression(expression)
    except ExprError as exc:
        return _expect_failure(file, index, label, case, exc)
    try:
        ctx = build_context({**spec, **case})
        result = compiled.evaluate(ctx)
    except ExprError as exc:
        return _expect_failure(file, index, label, case, exc)
    except Exception as exc:  # a bug of ours: report it as a failure, keep running
        return CaseResult(str(file), index, label, "failed", f"crashed: {exc!r}")
    if "expectsFailure" in case:
        return CaseResult(str(file), index, label, "failed",
                          f"expected failure {case['expectsFailure']!r}, got "
                          f"{json.dumps(to_json(result), ensure_ascii=False)}")
    expected = case.get("expects")
    if _same(result, expected):
        return CaseResult(str(file), index, label, "passed")
    return CaseResult(str(file), index, label, "failed",
                      f"expected {json.dumps(expected, ensure_ascii=False)}, got "
                      f"{json.dumps(to_json(result), ensure_ascii=False)}")


def _expect_failure(file: Path, index: int, label: str, case: dict[str, Any],
                    exc: ExprError) -> CaseResult:
    wanted = case.get("expectsFailure")
    if wanted is not None and str(wanted) in str(exc):
        return CaseResult(str(file), index, label, "passed")
    expected = f"failure {wanted!r}" if wanted is not None else json.dumps(case.get("expects"))
    return CaseResult(str(file), index, label, "failed", f"expected {expected}, got error {exc}")


def _validation_case(file: Path, name: str, spec: dict[str, Any]) -> CaseResult:
    """An expression validation test: validation.json run over the layout and form data."""
    from forms.expression_validation import run_shared_test

    try:
        issues = run_shared_test(spec)
    except Exception as exc:
        return CaseResult(str(file), 0, name, "failed", f"crashed: {exc!r}")
    keys = ("message", "severity", "field")
    expected = [{k: i.get(k) for k in keys if k in i} for i in spec.get("expects") or []]
    actual = [{k: i.get(k) for k in keys if k in e} for i, e in zip(
        issues, spec.get("expects") or [], strict=False)]
    if len(issues) == len(expected) and sorted(map(json.dumps, actual)) == sorted(
            map(json.dumps, expected)):
        return CaseResult(str(file), 0, name, "passed")
    return CaseResult(str(file), 0, name, "failed",
                      f"expected {json.dumps(expected, ensure_ascii=False)}, got "
                      f"{json.dumps(issues, ensure_ascii=False)}")


def _context_list(file: Path, name: str, spec: dict[str, Any]) -> CaseResult:
    try:
        tree = LayoutTree(spec.get("layouts") or {}, spec.get("dataModel") or {})
        actual = [_describe(page) for page in tree.pages]
    except Exception as exc:
        return CaseResult(str(file), 0, name, "failed", f"crashed: {exc!r}")
    if actual == spec["expectedContexts"]:
        return CaseResult(str(file), 0, name, "passed")
    return CaseResult(str(file), 0, name, "failed",
                      f"expected {json.dumps(spec['expectedContexts'])}, got {json.dumps(actual)}")


def _describe(node: LayoutNode) -> dict[str, Any]:
    out: dict[str, Any] = {"component": node.id}
    if node.row_indices:
        out["rowIndices"] = list(node.row_indices)
    out["currentLayout"] = node.page
    if node.children:
        out["children"] = [_describe(child) for child in node.children]
    return out


def summary_line(results: list[CaseResult]) -> str:
    passed = sum(r.status == "passed" for r in results)
    failed = sum(r.status == "failed" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    return f"{passed} passed, {failed} failed, {skipped} skipped"
