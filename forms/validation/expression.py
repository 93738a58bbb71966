"""Expression validations from `models/<dataType>.validation.json`, run by the expression
engine over the layout set's components as they stand now (rows expanded, hidden ones
skipped), with Altinn's semantics (see forms/expression_validation.py)."""

from __future__ import annotations

from forms.expression_validation import run_expression_validation
from forms.validation.fields import Target
from forms.validation.issues import EXPRESSION, Issue, Severity


def check(target: Target) -> list[Issue]:
    view = target.view
    config = view.app.validations.get(view.layout_set.data_type or "")
    if config is None:
        return []
    dynamics = view.dynamics
    found = run_expression_validation(config, dynamics.tree, dynamics.ctx)
    return [Issue(Severity.named(item["severity"]), EXPRESSION, "expression",
                  item["message"], field=item["field"],
                  data_element_id=target.data_element_id) for item in found]
