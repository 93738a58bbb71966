"""Component types. Every module in this package is imported, and each registers its types with
`@register`, so a new component type is one module here and one template in
`templates/components/`, with nothing else to touch."""

from __future__ import annotations

import importlib
import pkgutil

from forms.components.base import REGISTRY, Component, Prop, Unsupported, component_class, register

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "Component", "Prop", "Unsupported", "component_class", "register"]
