"""Address: street address, postcode and post town (and, unless `simplified`, c/o and flat
number), each a labelled input in one fieldset, each bound to its own field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.components.base import Component, Prop, register
from forms.options import option_value

# (binding, text binding of its label, Blankett's default label, autocomplete token). Altinn
# labels the street address with `title`; here `title` names the whole fieldset (its legend).
# In Altinn's order; the first (the street address) carries the component's id.
PARTS = (
    ("address", None, "address_component.address", "street-address"),
    ("careOf", "careOfTitle", "address_component.care_of", None),
    ("zipCode", "zipCodeTitle", "address_component.zip_code", "postal-code"),
    ("postPlace", "postPlaceTitle", "address_component.post_place", "address-level2"),
    ("houseNumber", "houseNumberTitle", "address_component.house_number", None),
)
REQUIRED_PARTS = ("address", "zipCode", "postPlace")  # what `required` asks for, as in Altinn
_FULL_ONLY = ("careOf", "houseNumber")


@dataclass(frozen=True)
class AddressPart:
    binding: str
    element_id: str
    name: str  # the data model path, which is also the field's name
    label: str
    value: str
    autocomplete: str | None
    required: bool
    description: str | None = None


@register
class Address(Component):
    type_name = "Address"
    template = "components/address.html"
    is_form_field = True
    binding_names = tuple(p[0] for p in PARTS)
    text_names = ("title", "description", "help") + tuple(p[1] for p in PARTS if p[1])
    props_spec = (Prop("simplified", "boolean", True, doc="Without c/o and flat number"),
                  Prop("saveWhileTyping", "any"),
                  Prop("renderAsSummary", "boolean", False, doc="Shown, not filled in"))

    def shown_bindings(self) -> list[str]:
        """The bound parts a person fills in, in reading order."""
        simplified = self.props.get("simplified") is not False
        return [p[0] for p in PARTS if p[0] in self.bindings
                and not (simplified and p[0] in _FULL_ONLY)]

    def parts(self, view: Any) -> list[AddressPart]:
        required = view.required(self)
        out = []
        for binding, text_key, default, token in PARTS:
            if binding not in self.shown_bindings():
                continue
            label = (view.text(self.texts.get(text_key)) if text_key else "") or view.ui(default)
            # The first field carries the component's id: error and summary links land there.
            element_id = self.id if not out else f"{self.id}__{binding}"
            raw = view.raw_value(self, binding)
            out.append(AddressPart(
                binding, element_id, self.bindings[binding], label,
                "" if raw is None or isinstance(raw, (dict, list)) else option_value(raw),
                token, required and binding in REQUIRED_PARTS,
                view.ui("address_component.house_number_helper")
                if binding == "houseNumber" else None))
        return out

    def read_post(self, form: Any) -> dict[str, str | None]:
        if self.props.get("renderAsSummary"):
            return {}  # shown as text only: another Address on the page fills these fields
        return {key: form.get(self.bindings[key]) for key in self.binding_names
                if key in self.bindings}

    def is_empty(self, view: Any) -> bool:
        """For `required`: a bound street address, postcode or post town is missing."""
        return any(view.raw_value(self, key) in (None, "") for key in REQUIRED_PARTS
                   if key in self.bindings)

    def display(self, view: Any) -> str | None:
        """"c/o Kari, Storgata 1 H0101, 0155 Oslo": the parts that have a value."""
        def part(key: str) -> str:
            raw = view.raw_value(self, key) if key in self.bindings else None
            return "" if raw is None or isinstance(raw, (dict, list)) else option_value(
                raw).strip()

        street = " ".join(p for p in (part("address"), part("houseNumber")) if p)
        place = " ".join(p for p in (part("zipCode"), part("postPlace")) if p)
        return ", ".join(p for p in (part("careOf"), street, place) if p)
