"""Fill a new form data element from the register and from the caller, as Altinn's PrefillSI.

`prefill_from_register` applies a data type's `models/<dataType>.prefill.json`
(forms/prefill.py) for the instance owner party and the acting user:

- UserProfile: the acting user's profile (skipped when the actor is not a user, e.g. an org);
- ER: the owner's organisation, only when the owner is an organisation (else skipped and logged,
  as Altinn does);
- DSF: the owner's person, only when the owner is a person.

A field that already has a value (not None and not "") is replaced only with `allowOverwrite`.
An empty register value (None or "") writes nothing. Values are turned into the data model's
type (a string "12" into an integer field becomes 12).

`prefill_values` applies what the caller gave (`instances/create`'s `prefill`: data model path
→ value); those always win."""

from __future__ import annotations

import logging
from typing import Any

from forms.datamodel import (
    BindingPathError,
    CoercionError,
    FieldType,
    Schema,
    coerce,
    get_value,
    set_value,
    split_path,
)
from forms.prefill import PrefillConfig
from integrations.register import PrefillRegister, RegisterError

log = logging.getLogger(__name__)

__all__ = ["PrefillError", "RegisterError", "lookup", "prefill_from_register",
           "prefill_values"]


class PrefillError(ValueError):
    """A caller's prefill value that cannot go into the data model."""


def lookup(source: Any, path: str) -> Any:
    """`Party.Person.Name` in a register object, matching names without regard to case."""
    node = source
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        if part in node:
            node = node[part]
            continue
        lowered = part.lower()
        node = next((v for k, v in node.items() if str(k).lower() == lowered), None)
    return node


def _typed(value: Any, field: FieldType | None) -> Any:
    """The value in the data model's type; raises CoercionError when it cannot be."""
    if field is None or field.json_type in ("object", "array"):
        return value
    if isinstance(value, (dict, list)):
        raise CoercionError(f"not_{field.json_type}")
    if field.json_type == "string":
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else str(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return coerce(str(value), field, decimal_comma=False)
    if field.json_type == "boolean":
        raise CoercionError("not_boolean")
    if field.json_type == "integer" and value != int(value):
        raise CoercionError("not_integer")
    return int(value) if field.json_type == "integer" else value


def _empty(value: Any) -> bool:
    return value is None or value == ""


def prefill_from_register(config: PrefillConfig, data: dict[str, Any], schema: Schema | None,
                          *, party_id: int, user_id: str | int | None,
                          register: PrefillRegister) -> list[str]:
    """Apply `config` to `data` in place; the data model paths written. Raises RegisterError
    when the register cannot answer."""
    objects: dict[str, Any] = {}
    party = register.party_details(int(party_id)) if config.needs_party else None
    if config.needs_party and party is None:
        raise RegisterError(f"the register has no party {party_id}")
    if config.sources.get("UserProfile"):
        numeric = str(user_id or "").isdigit()
        objects["UserProfile"] = register.user_profile(int(str(user_id))) if numeric else None
    if party is not None:
        objects["ER"] = lookup(party, "organization") or lookup(party, "organisation")
        objects["DSF"] = lookup(party, "person")
    written = []
    for source in ("UserProfile", "ER", "DSF"):  # Altinn's order
        entries = config.sources.get(source) or ()
        if not entries:
            continue
        found = objects.get(source)
        if not isinstance(found, dict):
            log.info("%s: no prefill from %s for party %s, user %s (%s)", config.file, source,
                     party_id, user_id, "the owner is not an organisation" if source == "ER"
                     else "the owner is not a person" if source == "DSF"
                     else "no user profile")
            continue
        for register_field, path in entries:
            value = lookup(found, register_field)
            if _empty(value):
                continue
            if not config.allow_overwrite and not _empty(get_value(data, path)):
                continue
            try:
                value = _typed(value, schema.field_type(path) if schema else None)
            except CoercionError:
                log.warning("%s: %s.%s = %r does not fit '%s'; left out", config.file,
                            source, register_field, value, path)
                continue
            set_value(data, path, value)
            written.append(path)
    return written


def prefill_values(data: dict[str, Any], values: dict[str, Any], schema: Schema | None
                   ) -> list[str]:
    """Apply the caller's `{data model path: value}` to `data` in place (always overwriting);
    the paths written. A path the data model does not have, or a value that does not fit its
    type, raises PrefillError. Without a schema every path is taken as it is."""
    written = []
    for path, value in values.items():
        if not isinstance(path, str):
            raise PrefillError(f"prefill key {path!r} is not a data model path")
        path = path.replace("-", "")
        try:
            split_path(path)
        except BindingPathError as exc:
            raise PrefillError(str(exc)) from None
        field = schema.field_type(path) if schema is not None else None
        if schema is not None and field is None:
            raise PrefillError(f"'{path}' is not in the data model")
        try:
            typed = None if value is None else _typed(value, field)
        except CoercionError as exc:
            raise PrefillError(f"{value!r} does not fit '{path}' ({exc.code})") from None
        set_value(data, path, typed)
        written.append(path)
    return written
