"""The component declaration: one class per component type says which properties it takes (with
types and defaults), which data bindings and texts it uses, which template renders it, and how a
posted value is read back. The loader, the renderer and later the designer all read these
declarations, so a new component type is one small class and one template."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from forms.datamodel import STRING, FieldType
from forms.problems import ProblemList

ID_PATTERN = re.compile(r"^[0-9a-zA-Z][0-9a-zA-Z-]*(-?[a-zA-Z]+|[a-zA-Z][0-9]+|-[0-9]{6,})$")

# The JSON types a property may have; "expression" means a plain value or an expression array.
_KIND_CHECKS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "expression": (bool, str, int, float, list, type(None)),
    "any": (object,),
}


@dataclass(frozen=True)
class Prop:
    """One property a component type accepts, beyond the common ones."""

    name: str
    kind: str = "string"
    default: Any = None
    choices: tuple[Any, ...] = ()
    doc: str = ""


@dataclass(eq=False)
class Component:
    """One component on a page, parsed from the layout JSON."""

    id: str
    raw: dict[str, Any]
    page: str
    file: str
    json_path: str
    texts: dict[str, Any] = field(default_factory=dict)
    bindings: dict[str, str] = field(default_factory=dict)
    binding_types: dict[str, FieldType] = field(default_factory=dict)
    props: dict[str, Any] = field(default_factory=dict)
    hidden: Any = False
    required: Any = False
    read_only: Any = False
    child_ids: list[str] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)
    parent: Component | None = None

    type_name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    template: ClassVar[str] = "components/unsupported.html"
    props_spec: ClassVar[tuple[Prop, ...]] = ()
    binding_names: ClassVar[tuple[str, ...]] = ()
    text_names: ClassVar[tuple[str, ...]] = ("title", "description", "help")
    is_form_field: ClassVar[bool] = False  # has a value a person can fill in
    comma_separated: ClassVar[bool] = False  # several choices kept in one "a,b,c" string
    supported: ClassVar[bool] = True

    @property
    def type(self) -> str:
        return str(self.raw.get("type", self.type_name))

    @property
    def binding(self) -> str | None:
        """The main (simpleBinding) data model path, if any."""
        return self.bindings.get("simpleBinding")

    @property
    def field_name(self) -> str:
        """The form field's name: its data model path; a field with no binding yet (being
        designed) gets a name of its own, which no data model path can have."""
        return self.binding or f"__unbound__.{self.id}"

    def field_type(self, binding: str = "simpleBinding") -> FieldType:
        return self.binding_types.get(binding, STRING)

    def child_refs(self) -> list[str]:
        """Ids of components this one contains; containers override."""
        return []

    def parse(self, problems: ProblemList) -> None:
        """Read common and declared properties from `raw`, reporting what is wrong."""
        raw = self.raw
        trb = raw.get("textResourceBindings", {})
        if isinstance(trb, dict):
            self.texts = dict(trb)
        else:
            problems.error(self.file, f"{self.json_path}.textResourceBindings", "must be an object")
        dmb = raw.get("dataModelBindings", {})
        if isinstance(dmb, dict):
            for key, value in dmb.items():
                if isinstance(value, dict) and isinstance(value.get("field"), str):
                    value = value["field"]  # {"dataType": ..., "field": ...}: other models later
                if isinstance(value, str):
                    self.bindings[key] = value
                else:
                    problems.error(
                        self.file,
                        f"{self.json_path}.dataModelBindings.{key}",
                        "must be a data model path (a string)",
                    )
        else:
            problems.error(self.file, f"{self.json_path}.dataModelBindings", "must be an object")
        self.hidden = raw.get("hidden", False)
        self.required = raw.get("required", False)
        self.read_only = raw.get("readOnly", False)
        for prop in self.props_spec:
            self.props[prop.name] = self._read_prop(prop, problems)
        self.child_ids = self.child_refs()

    def _read_prop(self, prop: Prop, problems: ProblemList) -> Any:
        if prop.name not in self.raw:
            return prop.default
        value = self.raw[prop.name]
        kinds = _KIND_CHECKS.get(prop.kind, (object,))
        bad_bool = isinstance(value, bool) and prop.kind in ("integer", "number")
        if not isinstance(value, kinds) or bad_bool:
            problems.warning(
                self.file, f"{self.json_path}.{prop.name}", f"should be {prop.kind}; ignored"
            )
            return prop.default
        if prop.choices and value not in prop.choices:
            allowed = ", ".join(str(c) for c in prop.choices)
            problems.warning(
                self.file,
                f"{self.json_path}.{prop.name}",
                f"'{value}' is not one of {allowed}; using '{prop.default}'",
            )
            return prop.default
        return value

    def display(self, view: Any) -> str | None:
        """The value as a summary shows it, for types whose value is more than one binding or
        needs its own wording; None: the page's general rule (option labels, formats)."""
        return None

    def read_post(self, form: Any) -> dict[str, str | None]:
        """The submitted text for each binding this component writes (None: not posted)."""
        if not self.is_form_field or not self.binding:
            return {}
        return {"simpleBinding": form.get(self.binding)}

    def walk(self) -> list[Component]:
        """This component and everything inside it, depth first (each once)."""
        out: list[Component] = []
        stack: list[Component] = [self]
        seen: set[int] = set()
        while stack:
            component = stack.pop()
            if id(component) in seen:
                continue
            seen.add(id(component))
            out.append(component)
            stack.extend(reversed(component.children))
        return out


REGISTRY: dict[str, type[Component]] = {}


def register(cls: type[Component]) -> type[Component]:
    """Class decorator: make a component type known by its `type_name` and aliases."""
    for name in (cls.type_name, *cls.aliases):
        REGISTRY[name] = cls
    return cls


class Unsupported(Component):
    """A type Blankett does not render yet: a marked placeholder (local mode) or nothing."""

    supported = False
    text_names = ()

    def child_refs(self) -> list[str]:
        # Keep unknown containers' children out of the page's root list, as their owner would.
        def items(value: Any) -> list[Any]:
            return value if isinstance(value, list) else []

        ids = [c.split(":", 1)[-1] for c in items(self.raw.get("children")) if isinstance(c, str)]
        for key in ("tabs", "cards"):
            for item in items(self.raw.get(key)):
                if isinstance(item, dict):
                    ids.extend(c for c in items(item.get("children")) if isinstance(c, str))
        for row in items(self.raw.get("rows")):
            for cell in items(row.get("cells")) if isinstance(row, dict) else []:
                if isinstance(cell, dict) and isinstance(cell.get("component"), str):
                    ids.append(cell["component"])
        return ids


def component_class(type_name: str) -> type[Component]:
    return REGISTRY.get(type_name, Unsupported)
