"""Every component type is on the kitchen-sink page, renders without a placeholder, and its
markup holds what a screen reader needs."""

from __future__ import annotations

from forms.components import REGISTRY
from tests.components.kitchen_sink import COMPONENTS, DATA, LOGIC, NOT_HERE, SCHEMA


def test_every_registered_type_is_on_the_page() -> None:
    used = {c["type"] for c in COMPONENTS}
    missing = set(REGISTRY) - used - set(NOT_HERE)
    assert not missing, f"add these types to tests/components/kitchen_sink.py: {missing}"


def test_the_page_renders_every_type_without_placeholders(render) -> None:  # noqa: ANN001
    html = render(COMPONENTS, data=DATA, schema_properties=SCHEMA, logic=LOGIC)
    assert 'class="unsupported"' not in html
    for component in COMPONENTS:
        assert f'id="bk_c_{component["id"]}"' in html or component["id"].startswith(
            ("sink-in-", "sink-row-", "sink-accordion")), component["id"]
