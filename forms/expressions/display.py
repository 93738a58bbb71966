"""`displayValue`: a component's value as a person reads it (option labels, formatted numbers
and dates, file names), by component type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from forms.datamodel import BindingPathError, get_value
from forms.expressions.values import ExprError

if TYPE_CHECKING:
    from forms.expressions.context import ExpressionContext
    from forms.expressions.layout import LayoutNode


def display_value(node: LayoutNode, ctx: ExpressionContext) -> Any:
    binding = node.bindings.get("simpleBinding")
    if binding is None:
        raise ExprError(f"Component {node.id} does not have a displayValue")
    try:
        value = get_value(ctx.data_for(node.binding_types.get("simpleBinding")), binding)
    except BindingPathError:
        return None
    return None if isinstance(value, (dict, list)) else value
