"""Submit to a Blankett (or Altinn) app from your own system, using only HTTP and the app API.

    python examples/altinn_api_client.py http://127.0.0.1:5000 ekom/serveringsbevilling \\
        --user 12345 --party 512345 --data skjema.xml \\
        [--patch endringer.json] [--attach vedlegg.pdf:dataType]

It gets a test token (local mode; pass --token for a real one), creates an instance for the
party, PUTs the form data of the first task as XML, applies an RFC 6902 JSON Patch, uploads
attachments, asks the app to validate, and moves the process on (`process/next`, with the
action each task type takes) until the process ends, printing each step. Nothing here knows
the app: the data types and tasks come from the app's metadata and the instance's process
state. Standard library only."""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ACTIONS = {"data": None, "confirmation": "confirm", "feedback": None, "signing": "sign",
           "payment": "pay"}  # None: the task's own default (submit, write)


class Client:
    def __init__(self, base: str, app_id: str, token: str) -> None:
        self.base, self.app, self.token = base.rstrip("/"), app_id, token

    def call(self, method: str, path: str, body: bytes | None = None,
             content_type: str = "application/json", accept: str = "application/json",
             extra: dict[str, str] | None = None) -> tuple[int, Any]:
        request = urllib.request.Request(
            f"{self.base}/{self.app}/{path.lstrip('/')}", data=body, method=method,
            headers={"Authorization": f"Bearer {self.token}", "Accept": accept,
                     **({"Content-Type": content_type} if body is not None else {}),
                     **(extra or {})})
        try:
            with urllib.request.urlopen(request) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw

    def expect(self, method: str, path: str, body: bytes | None = None, *,
               ok: tuple[int, ...] = (200, 201), **kwargs: Any) -> Any:
        status, answer = self.call(method, path, body, **kwargs)
        if status not in ok:
            sys.exit(f"{method} {path}: {status}\n{json.dumps(answer, indent=2, default=str)}")
        return answer


def test_token(base: str, user: int) -> str:
    url = f"{base.rstrip('/')}/Home/GetTestUserToken/{user}?authenticationLevel=2"
    with urllib.request.urlopen(url) as response:
        return str(response.read().decode().strip())


def run(args: argparse.Namespace) -> dict[str, Any]:
    client = Client(args.base, args.app, args.token or test_token(args.base, args.user))
    metadata = client.expect("GET", "api/v1/applicationmetadata")
    instance = client.expect("POST", f"instances?instanceOwnerPartyId={args.party}", b"{}")
    where = f"instances/{instance['id']}"
    task = instance["process"]["currentTask"]["elementId"]
    print(f"created {instance['id']} in {task}")
    forms = {d["id"] for d in metadata["dataTypes"]
             if isinstance(d.get("appLogic"), dict) and d.get("taskId") == task}
    element = next(d for d in instance["data"] if d["dataType"] in forms)
    client.expect("PUT", f"{where}/data/{element['id']}", args.data.read_bytes(),
                  content_type="application/xml")
    print(f"put {args.data.name} as {element['dataType']}")
    if args.patch:
        operations = json.loads(args.patch.read_text(encoding="utf-8"))
        answer = client.expect("PATCH", f"{where}/data/{element['id']}",
                               json.dumps({"patch": operations}).encode())
        print(f"patched: {sum(len(v) for v in answer['validationIssues'].values())} issue(s)")
    for attachment in args.attach or []:
        file, _, data_type = attachment.rpartition(":")
        path = Path(file)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        client.expect("POST", f"{where}/data?dataType={data_type}", path.read_bytes(),
                      content_type=kind,
                      extra={"Content-Disposition": f'attachment; filename="{path.name}"'})
        print(f"attached {path.name} as {data_type}")
    errors = [i for i in client.expect("GET", f"{where}/validate") if i["severity"] == 1]
    if errors:
        sys.exit("validation errors:\n" + "\n".join(
            f"  {i['field']}: {i['description']}" for i in errors))
    print("validated: no errors")
    state = instance["process"]
    while state.get("currentTask"):
        current = state["currentTask"]
        action = ACTIONS.get(current.get("altinnTaskType"))
        query = f"?action={action}" if action else ""
        state = client.expect("PUT", f"{where}/process/next{query}", b"{}")
        following = (state.get("currentTask") or {}).get("elementId") or "the end"
        print(f"{current['elementId']} ({current.get('altinnTaskType')}) → {following}")
    final = client.expect("GET", where)
    print(f"ended {final['process']['ended']}; {len(final['data'])} data element(s)")
    return dict(final)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the app's server, e.g. http://127.0.0.1:5000")
    parser.add_argument("app", help="org/app")
    parser.add_argument("--user", type=int, default=12345, help="test user (local mode)")
    parser.add_argument("--token", help="a bearer token, instead of a test token")
    parser.add_argument("--party", type=int, required=True, help="instanceOwnerPartyId")
    parser.add_argument("--data", type=Path, required=True, help="form data of the first task")
    parser.add_argument("--patch", type=Path, help="a JSON Patch (RFC 6902) to apply")
    parser.add_argument("--attach", action="append", help="file:dataType, repeatable")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
