"""Who works in a service owner's inbox (web/inbox.py), and for which organisations.

A case worker is an ordinary signed-in user plus the orgs whose instances they may handle:

- Production: `CASE_WORKERS="ekom:01017512345,ttd:60000012"` names each case worker by org
  code and by their user id or fødselsnummer (the `ssn` ID-porten gave them, see
  storage/models.py Person); a person may be named for several orgs.
- Local mode: CASE_WORKERS works too, and there is one test case worker per org with apps
  loaded ("Saksbehandler, ekom"), offered on the test login page. Their user ids lie in a range
  of their own, below people's (storage/models.py PERSON_ID_START) and above Altinn localtest's
  users and parties, and each id is derived from its org code alone, so an id means the same
  org for as long as the org has apps, whatever else is loaded.

No Flask request state here: web/context.py `case_worker_orgs()` asks with the signed-in user.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from forms.registry import AppRegistry
from integrations.register import Register, User

LOCAL_CASE_WORKER_START = 59_000_000
LOCAL_CASE_WORKER_SPAN = 1_000_000
_ORG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
_IDENTITY = re.compile(r"[A-Za-z0-9._@|-]{1,255}")


class CaseWorkersError(ValueError):
    """CASE_WORKERS is not a comma-separated list of `org:identity`."""


def parse_case_workers(value: str) -> tuple[tuple[str, str], ...]:
    """`"ekom:01017512345, ttd:60000012"` → (("ekom", "01017512345"), ("ttd", "60000012"))."""
    pairs: list[tuple[str, str]] = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        org, sep, identity = (s.strip() for s in item.partition(":"))
        if not sep or not _ORG.fullmatch(org.lower()) or not _IDENTITY.fullmatch(identity):
            raise CaseWorkersError(
                f"CASE_WORKERS: '{item}' is not 'org:user id or fødselsnummer'")
        pairs.append((org.lower(), identity))
    return tuple(pairs)


def configured_orgs(pairs: Iterable[tuple[str, str]], identities: Iterable[str]) -> set[str]:
    """The orgs CASE_WORKERS names any of these identities (user id, fødselsnummer) for."""
    mine = {i for i in identities if i}
    return {org for org, identity in pairs if identity in mine}


def local_case_worker_id(org: str) -> int:
    digest = hashlib.sha256(org.encode("utf-8")).digest()
    return LOCAL_CASE_WORKER_START + int.from_bytes(digest[:4], "big") % LOCAL_CASE_WORKER_SPAN


def local_case_workers(orgs: Iterable[str]) -> dict[int, tuple[User, str]]:
    """Local mode's test case workers, one per org: user id → (user, org). Two orgs whose ids
    collide (most unlikely) get none, rather than one sharing the other's inbox."""
    found: dict[int, tuple[User, str]] = {}
    clashes: set[int] = set()
    for org in sorted(set(orgs)):
        user_id = local_case_worker_id(org)
        if user_id in found:
            clashes.add(user_id)
        user = User(user_id=user_id, user_name=f"saksbehandler-{org}",
                    name=f"Saksbehandler, {org}", party_id=user_id, language="nb")
        found[user_id] = (user, org)
    return {k: v for k, v in found.items() if k not in clashes}


def _local(apps: AppRegistry) -> dict[int, tuple[User, str]]:
    return local_case_workers(app.org for app in apps.apps.values())


def local_case_worker(apps: AppRegistry, user_id: int) -> User | None:
    found = _local(apps).get(user_id)
    return found[0] if found else None


def local_case_worker_users(apps: AppRegistry) -> list[User]:
    """The test case workers for the local login page, by org."""
    return [user for user, _org in sorted(_local(apps).values(), key=lambda found: found[1])]


def orgs_of(user: User, register: Register, apps: AppRegistry,
            config: Mapping[str, Any]) -> frozenset[str]:
    """The orgs `user` works for: in local mode a test case worker's own org; and the orgs
    CASE_WORKERS names them for, by user id or by the fødselsnummer of their own party."""
    orgs: set[str] = set()
    if config.get("LOCAL_MODE"):
        local = _local(apps).get(user.user_id)
        if local is not None and local[0] == user:
            orgs.add(local[1])
    pairs = config.get("CASE_WORKERS") or ()
    if pairs:
        party = register.party(user.party_id)
        orgs |= configured_orgs(pairs, (str(user.user_id), (party.ssn or "") if party else ""))
    return frozenset(orgs)
