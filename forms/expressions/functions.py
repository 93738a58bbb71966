"""Every function of Altinn's expression language: its argument types, its count rule and what
it does. Functions that need the world outside the expression (data, layout, texts, instance)
ask the context; the rest are pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from forms.expressions import dates
from forms.expressions.values import (
    ExprError,
    describe,
    plain_number,
    to_boolean,
    to_number,
    to_string,
)

if TYPE_CHECKING:
    from forms.expressions.context import ExpressionContext
    from forms.expressions.engine import Node

_CASTS: dict[str, Callable[[Any], Any]] = {
    "string": to_string, "number": to_number, "boolean": to_boolean,
    "any": lambda v: v,
}


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    impl: Callable[..., Any]
    params: tuple[str, ...]
    min_args: int
    rest: str | None
    returns: str
    count_rule: Callable[[int], None] | None
    literal_rule: Callable[[tuple[Node, ...]], None] | None
    wants_nodes: bool

    def check_count(self, count: int) -> None:
        if self.count_rule is not None:
            self.count_rule(count)
            return
        most = None if self.rest else len(self.params)
        if count >= self.min_args and (most is None or count <= most):
            return
        if most is None:
            expected = f"{self.min_args}+"
        elif most == self.min_args:
            expected = str(most)
        else:
            expected = f"{self.min_args}-{most}"
        raise ExprError(f"Invalid number of arguments. Expected {expected} argument(s), "
                        f"got {count}")

    def check_literals(self, args: tuple[Node, ...]) -> None:
        if self.literal_rule is not None:
            self.literal_rule(args)

    def call(self, ctx: ExpressionContext, nodes: tuple[Node, ...], values: list[Any]) -> Any:
        cast_values = []
        for i, value in enumerate(values):
            kind = self.params[i] if i < len(self.params) else (self.rest or "any")
            cast_values.append(_CASTS[kind](value))
        if self.wants_nodes:
            result = self.impl(ctx, nodes, *cast_values)
        else:
            result = self.impl(ctx, *cast_values)
        return _CASTS[self.returns](result)


FUNCTIONS: dict[str, FunctionSpec] = {}


def function(name: str, *params: str, optional: int = 0, rest: str | None = None,
             min_args: int | None = None, returns: str = "any",
             count_rule: Callable[[int], None] | None = None,
             literal_rule: Callable[[tuple[Node, ...]], None] | None = None,
             wants_nodes: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(impl: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = FunctionSpec(
            name, impl, params,
            min_args if min_args is not None else len(params) - optional,
            rest, returns, count_rule, literal_rule, wants_nodes)
        return impl
    return register


# ---- logic -------------------------------------------------------------------------------


@function("equals", "string", "string", returns="boolean")
def _equals(ctx: Any, a: str | None, b: str | None) -> bool:
    return a == b


@function("notEquals", "string", "string", returns="boolean")
def _not_equals(ctx: Any, a: str | None, b: str | None) -> bool:
    return a != b


@function("not", "boolean", returns="boolean")
def _not(ctx: Any, a: bool | None) -> bool:
    return not a


@function("and", rest="boolean", min_args=1, returns="boolean")
def _and(ctx: Any, *values: bool | None) -> bool:
    return all(bool(v) for v in values)


@function("or", rest="boolean", min_args=1, returns="boolean")
def _or(ctx: Any, *values: bool | None) -> bool:
    return any(bool(v) for v in values)


def _if_count(count: int) -> None:
    if count not in (2, 3, 4):
        raise ExprError(f"Expected either 2 arguments (if) or 4 (if + else), got {count}")


def _if_literals(args: tuple[Node, ...]) -> None:
    from forms.expressions.engine import Literal

    if len(args) >= 3 and not (isinstance(args[2], Literal) and args[2].value == "else"):
        raise ExprError('Expected third argument to be "else"')
    if len(args) == 3:
        raise ExprError(f"Expected either 2 arguments (if) or 4 (if + else), got {len(args)}")


@function("if", "boolean", "any", "string", "any", count_rule=_if_count,
          literal_rule=_if_literals)
def _if(ctx: Any, condition: bool | None, then: Any, word: str | None = None,
        otherwise: Any = None) -> Any:
    if word is not None and word != "else":
        raise ExprError('Expected third argument to be "else"')
    return then if condition is True else otherwise


def _compare_numbers(op: Callable[[Decimal, Decimal], bool]) -> Callable[..., bool]:
    def compare(ctx: Any, a: Decimal | None, b: Decimal | None) -> bool:
        if a is None or b is None:
            return False
        return op(a, b)
    return compare


for _name, _op in {
    "greaterThan": lambda a, b: a > b, "greaterThanEq": lambda a, b: a >= b,
    "lessThan": lambda a, b: a < b, "lessThanEq": lambda a, b: a <= b,
}.items():
    function(_name, "number", "number", returns="boolean")(_compare_numbers(_op))


_NUMBER_OPS = {"greaterThan", "greaterThanEq", "lessThan", "lessThanEq"}
_DATE_OPS = {"isBefore", "isBeforeEq", "isAfter", "isAfterEq", "isSameDay"}


def _compare_count(count: int) -> None:
    if count not in (3, 4):
        raise ExprError(f"Expected 3-4 argument(s), got {count}")


def _compare_literals(args: tuple[Node, ...]) -> None:
    from forms.expressions.engine import Literal

    if len(args) not in (3, 4):
        return  # the count rule words this one
    if len(args) == 4:
        if not (isinstance(args[1], Literal) and args[1].value == "not"):
            raise ExprError('Second argument must be "not" when providing 4 arguments in total')
    op = args[-2]
    if not isinstance(op, Literal) or not isinstance(op.value, str):
        raise ExprError("Invalid operator (it cannot be an expression or null)")
    if op.value != "equals" and op.value not in _NUMBER_OPS | _DATE_OPS:
        raise ExprError(f'Invalid operator "{op.value}"')


@function("compare", "any", "any", "any", "any", count_rule=_compare_count,
          literal_rule=_compare_literals, returns="boolean")
def _compare(ctx: Any, *args: Any) -> bool:
    negate = len(args) == 4
    left, op, right = (args[0], args[2], args[3]) if negate else args
    if op == "equals":
        result = to_string(left) == to_string(right)
    elif op in _NUMBER_OPS:
        a, b = to_number(left), to_number(right)
        result = False if a is None or b is None else {
            "greaterThan": a > b, "greaterThanEq": a >= b,
            "lessThan": a < b, "lessThanEq": a <= b}[op]
    else:
        result = dates.compare(op, left, right)
    return not result if negate else result


# ---- numbers -----------------------------------------------------------------------------


def _zero(value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else value


@function("plus", rest="number", min_args=1, returns="number")
def _plus(ctx: Any, *values: Decimal | None) -> Decimal:
    return sum((_zero(v) for v in values), Decimal(0))


@function("minus", "number", "number", returns="number")
def _minus(ctx: Any, a: Decimal | None, b: Decimal | None) -> Decimal:
    return _zero(a) - _zero(b)


@function("multiply", rest="number", min_args=1, returns="number")
def _multiply(ctx: Any, *values: Decimal | None) -> Decimal:
    product = Decimal(1)
    for v in values:
        product *= _zero(v)
    return product


@function("divide", "number", "number", returns="number")
def _divide(ctx: Any, a: Decimal | None, b: Decimal | None) -> Decimal:
    if _zero(b) == 0:
        raise ExprError("The second argument is 0, cannot divide by 0")
    return _zero(a) / _zero(b)


@function("round", "number", "number", optional=1, returns="string")
def _round(ctx: Any, value: Decimal | None, decimals: Decimal | None = None) -> str:
    places = int(_zero(decimals))
    quantum = Decimal(1).scaleb(-places)
    try:
        rounded = _zero(value).quantize(quantum, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ExprError("Cannot round to that many decimals") from None
    return f"{rounded:.{max(places, 0)}f}"


def _as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        kind = "number" if isinstance(value, (int, float, Decimal)) and not isinstance(
            value, bool) else type(value).__name__
        raise ExprError(f"Expected argument to be list, got {kind}")
    return value


@function("sum", "any", returns="number")
def _sum(ctx: Any, values: Any) -> Decimal:
    return sum((_zero(to_number(v)) for v in _as_list(values)), Decimal(0))


@function("average", "any", "number", returns="number")
def _average(ctx: Any, values: Any, default: Decimal | None) -> Decimal | None:
    items = [_zero(to_number(v)) for v in _as_list(values)]
    if not items:
        return default
    return sum(items, Decimal(0)) / len(items)


# ---- strings -----------------------------------------------------------------------------


@function("concat", rest="string", min_args=0, returns="string")
def _concat(ctx: Any, *values: str | None) -> str:
    return "".join(v or "" for v in values)


@function("contains", "string", "string", returns="boolean")
def _contains(ctx: Any, a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and b in a


@function("notContains", "string", "string", returns="boolean")
def _not_contains(ctx: Any, a: str | None, b: str | None) -> bool:
    return not _contains(ctx, a, b)


@function("startsWith", "string", "string", returns="boolean")
def _starts_with(ctx: Any, a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.startswith(b)


@function("endsWith", "string", "string", returns="boolean")
def _ends_with(ctx: Any, a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.endswith(b)


@function("commaContains", "string", "string", returns="boolean")
def _comma_contains(ctx: Any, csv: str | None, item: str | None) -> bool:
    if csv is None or item is None:
        return False
    return item.strip() in (part.strip() for part in csv.split(","))


def _utf16(text: str) -> list[str]:
    """Altinn's engines index strings in UTF-16 code units (JavaScript and .NET strings)."""
    encoded = text.encode("utf-16-le")
    return [encoded[i:i + 2].decode("utf-16-le", "surrogatepass") for i in range(
        0, len(encoded), 2)]


def _from_utf16(units: list[str]) -> str:
    return "".join(units).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


@function("stringLength", "string", returns="number")
def _string_length(ctx: Any, text: str | None) -> int:
    return 0 if text is None else len(_utf16(text))


@function("stringIndexOf", "string", "string", returns="number")
def _string_index_of(ctx: Any, text: str | None, search: str | None) -> int | None:
    if text is None or search is None:
        return None
    units, needle = _utf16(text), _utf16(search)
    for i in range(len(units) - len(needle) + 1):
        if units[i:i + len(needle)] == needle:
            return i
    return None


def _slice(ctx: Any, nodes: tuple[Node, ...], text: str | None, start: Decimal | None,
           end: Decimal | None = None) -> str | None:
    if start is None or (len(nodes) == 3 and end is None):
        raise ExprError("Start/end index cannot be null")
    if text is None:
        return None
    units = _utf16(text)
    stop = len(units) if len(nodes) == 2 else int(end)  # type: ignore[arg-type]
    return _from_utf16(units[int(start):stop])  # JavaScript's slice, negative from the end


FUNCTIONS["stringSlice"] = FunctionSpec(
    "stringSlice", _slice, ("string", "number", "number"), 2, None, "string", None, None, True)


@function("stringReplace", "string", "string", "string", returns="string")
def _string_replace(ctx: Any, text: str | None, old: str | None, new: str | None) -> str | None:
    if text is None:
        return None
    if not old:
        return text
    return text.replace(old, new or "")


@function("lowerCase", "string", returns="string")
def _lower(ctx: Any, text: str | None) -> str | None:
    return None if text is None else text.lower()


@function("upperCase", "string", returns="string")
def _upper(ctx: Any, text: str | None) -> str | None:
    return None if text is None else text.upper()


@function("lowerCaseFirst", "string", returns="string")
def _lower_first(ctx: Any, text: str | None) -> str | None:
    return None if text is None else text[:1].lower() + text[1:]


@function("upperCaseFirst", "string", returns="string")
def _upper_first(ctx: Any, text: str | None) -> str | None:
    return None if text is None else text[:1].upper() + text[1:]


# ---- dates -------------------------------------------------------------------------------


@function("formatDate", "any", "string", optional=1, returns="string")
def _format_date(ctx: ExpressionContext, value: Any, pattern: str | None = None) -> str | None:
    return dates.format_date(value, pattern, ctx.language())


# ---- lists and objects (backend) ---------------------------------------------------------


@function("list", rest="any", min_args=0)
def _list(ctx: Any, *values: Any) -> list[Any]:
    return list(values)


def _object_count(count: int) -> None:
    if count % 2:
        raise ExprError("The object function must have an even number of arguments")


@function("object", rest="any", min_args=0, count_rule=_object_count)
def _object(ctx: Any, *values: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in zip(values[::2], values[1::2], strict=True):
        if not isinstance(key, str):
            raise ExprError("Object keys must be strings")
        if key in out:
            raise ExprError("Object keys must be unique")
        out[key] = value
    return out


@function("jmespath", "any", "any")
def _jmespath(ctx: Any, data: Any, query: Any) -> Any:
    import jmespath
    from jmespath.exceptions import JMESPathError

    if not isinstance(query, str):
        raise ExprError("Expected argument to be string")
    try:
        return jmespath.search(query, _plain(data))
    except JMESPathError as exc:
        raise ExprError(f"Jmespath error: {exc}") from None


def _plain(value: Any) -> Any:
    """Numbers as JSON numbers, for libraries that do not know Decimal."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# ---- the world outside: data, layout, texts, instance ------------------------------------


def _data_type_literal(args: tuple[Node, ...]) -> None:
    from forms.expressions.engine import Literal

    if len(args) == 2 and not (isinstance(args[1], Literal) and (
            isinstance(args[1].value, str) or args[1].value is None)):
        raise ExprError("The data type must be a string (expressions cannot be used here)")


@function("dataModel", "string", "string", optional=1, literal_rule=_data_type_literal)
def _data_model(ctx: ExpressionContext, path: str | None, data_type: str | None = None) -> Any:
    if path is None:
        raise ExprError("Cannot lookup dataModel null")
    return ctx.data_model(path, data_type)


@function("component", "string")
def _component(ctx: ExpressionContext, component_id: str | None) -> Any:
    if component_id is None:
        raise ExprError("Cannot lookup component null")
    return ctx.component(component_id)


@function("displayValue", "string", returns="string")
def _display_value(ctx: ExpressionContext, component_id: str | None) -> Any:
    if component_id is None:
        raise ExprError("Cannot lookup component null")
    return ctx.display_value(component_id)


@function("optionLabel", "string", "any", returns="string")
def _option_label(ctx: ExpressionContext, options_id: str | None, value: Any) -> Any:
    return ctx.option_label(options_id or "", value)


@function("text", "string", returns="string")
def _text(ctx: ExpressionContext, key: str | None) -> str | None:
    return None if key is None else ctx.text(key)


@function("language", returns="string")
def _language(ctx: ExpressionContext) -> str:
    return ctx.language()


@function("instanceContext", "string", returns="string")
def _instance_context(ctx: ExpressionContext, key: str | None) -> Any:
    return ctx.instance_context(key)


@function("frontendSettings", "string")
def _frontend_settings(ctx: ExpressionContext, key: str | None) -> Any:
    return ctx.frontend_settings(key)


@function("authContext", "string", returns="boolean")
def _auth_context(ctx: ExpressionContext, action: str | None) -> Any:
    return ctx.auth_context(action)


@function("countDataElements", "string", returns="number")
def _count_data_elements(ctx: ExpressionContext, data_type: str | None) -> Any:
    return ctx.count_data_elements(data_type)


@function("argv", "number")
def _argv(ctx: ExpressionContext, index: Decimal | None) -> Any:
    return ctx.argv(index)


@function("value", "string", optional=1)
def _value(ctx: ExpressionContext, key: str | None = None) -> Any:
    return ctx.value(key)


@function("gatewayAction", returns="string")
def _gateway_action(ctx: ExpressionContext) -> Any:
    return ctx.gateway_action()


@function("linkToPage", "string", "string", "boolean", optional=1, returns="string")
def _link_to_page(ctx: ExpressionContext, text: str | None, page: str | None,
                  back: bool | None = None) -> Any:
    return ctx.link_to_page(text or "", page or "", bool(back))


@function("linkToComponent", "string", "string", "boolean", optional=1, returns="string")
def _link_to_component(ctx: ExpressionContext, text: str | None, component_id: str | None,
                       back: bool | None = None) -> Any:
    return ctx.link_to_component(text or "", component_id or "", bool(back))


@function("externalApi", "string", "string")
def _external_api(ctx: ExpressionContext, api_id: str | None, path: str | None) -> Any:
    return ctx.external_api(api_id, path)


__all__ = ["FUNCTIONS", "FunctionSpec", "describe", "plain_number"]
