"""Altinn's expression language ("dynamics"), evaluated on the server: compiled once from the
layout JSON, evaluated many times against form data, layout and instance. One engine for the
page, the API, validation and the PDF, so they cannot disagree."""

from forms.expressions.engine import Expression, compile_expression, evaluate
from forms.expressions.values import ExprError

__all__ = ["Expression", "ExprError", "compile_expression", "evaluate"]
