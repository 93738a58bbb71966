"""Component types. Importing this package registers every type Blankett knows."""

from forms.components import choices, containers, content, fields, navigation, summary
from forms.components.base import REGISTRY, Component, Prop, Unsupported, component_class, register

__all__ = [
    "REGISTRY", "Component", "Prop", "Unsupported", "component_class", "register",
    "choices", "containers", "content", "fields", "navigation", "summary",
]
