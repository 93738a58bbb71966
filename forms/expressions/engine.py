"""Compiling an expression once (checking function names and argument counts) and evaluating
it against a context. Evaluation is eager and innermost-first, as in Altinn: `if`, `and` and
`or` evaluate every argument."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from forms.expressions.values import ExprError, to_boolean, to_number, to_string

if TYPE_CHECKING:
    from forms.expressions.context import ExpressionContext
    from forms.expressions.functions import FunctionSpec


@dataclass(frozen=True)
class Literal:
    value: Any

    def evaluate(self, ctx: ExpressionContext) -> Any:
        return self.value


@dataclass(frozen=True)
class Call:
    name: str
    spec: FunctionSpec
    args: tuple[Literal | Call, ...]

    def evaluate(self, ctx: ExpressionContext) -> Any:
        values = [arg.evaluate(ctx) for arg in self.args]
        return self.spec.call(ctx, self.args, values)


Node = Literal | Call


@dataclass(frozen=True)
class Expression:
    """A compiled expression; `raw` is the JSON it came from (for messages)."""

    raw: Any
    root: Node

    def evaluate(self, ctx: ExpressionContext) -> Any:
        return self.root.evaluate(ctx)


def compile_expression(raw: Any) -> Expression:
    """Check and compile; raises ExprError with Altinn's message when the expression is bad."""
    return Expression(raw, _compile(raw, top=True))


def _compile(raw: Any, top: bool = False) -> Node:
    from forms.expressions.functions import FUNCTIONS

    if isinstance(raw, dict):
        raise ExprError('Invalid type "object"')
    if not isinstance(raw, list):
        if top:
            return Literal(raw)
        return Literal(raw)
    if not raw:
        raise ExprError("Missing function name in expression")
    name = raw[0]
    if not isinstance(name, str):
        raise ExprError("Function name in expression should be string")
    args = tuple(_compile(a) for a in raw[1:])
    spec = FUNCTIONS.get(name)
    if spec is None:
        raise ExprError(f'Function "{name}" not implemented')
    spec.check_literals(args)
    spec.check_count(len(args))
    return Call(name, spec, args)


def evaluate(expression: Expression | Any, ctx: ExpressionContext, as_type: str = "any") -> Any:
    """Evaluate (compiling first if given raw JSON) and cast to the property's type."""
    compiled = expression if isinstance(expression, Expression) else compile_expression(
        expression)
    return cast(compiled.evaluate(ctx), as_type)


def cast(value: Any, as_type: str) -> Any:
    if as_type == "string":
        return to_string(value)
    if as_type == "number":
        return to_number(value)
    if as_type == "boolean":
        return to_boolean(value)
    return value
