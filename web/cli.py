"""Command-line tools: `flask --app app apps check [DIR]` and `flask --app app db upgrade`."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from forms.loader import load_apps
from storage import db


def register(app: Flask) -> None:
    app.cli.add_command(apps_group)
    app.cli.add_command(db_group)
    app.cli.add_command(expressions_group)
    app.cli.add_command(worker_command)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for scripts).")
def worker_command(burst: bool) -> None:
    """Run background jobs from Redis (REDIS_URL), relaying the outbox to it. Start as many as
    the load needs; SIGTERM stops one after its current job."""
    from jobs.rq_entry import work

    flask_app = current_app._get_current_object()  # type: ignore[attr-defined]
    if flask_app.config.get("LOCAL_MODE") and not flask_app.config.get("EFORMIDLING_URL"):
        from jobs.local import start_local_standin

        start_local_standin(flask_app)
    try:
        work(flask_app, burst=burst)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error


@click.group("apps", cls=AppGroup, help="Work with app definitions.")
def apps_group() -> None:
    pass


@apps_group.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--warnings/--no-warnings", default=True, help="Show warnings too.")
def check(directory: Path | None, warnings: bool) -> None:
    """Check every app under DIRECTORY (default: BLANKETT_APPS_DIR); exit 1 on errors."""
    folder = directory or Path(current_app.config["BLANKETT_APPS_DIR"])
    if not folder.is_dir():
        raise click.ClickException(f"{folder} is not a folder")
    result = load_apps(folder)
    for app_id, app in sorted(result.apps.items()):
        click.echo(f"ok      {app_id} ({app.folder})")
        if warnings:
            for problem in app.warnings:
                click.echo(f"  {problem}")
    for where, problems in sorted(result.refused.items()):
        click.echo(f"REFUSED {where}", err=True)
        for problem in problems:
            if warnings or problem.severity == "error":
                click.echo(f"  {problem}", err=True)
    if not result.apps and not result.refused:
        raise click.ClickException(f"no apps found in {folder}")
    click.echo(f"{len(result.apps)} app(s) ok, {len(result.refused)} refused")
    if result.refused:
        raise SystemExit(1)


@apps_group.command("schema")
def schema() -> None:
    """Print the JSON Schema of layout files, generated from the component declarations."""
    import json

    from forms.layout_schema import layout_schema

    click.echo(json.dumps(layout_schema(), indent=2, ensure_ascii=False))


@apps_group.command("publish")
@click.argument("app_id")
@click.option("--note", default="", help="Why, shown in the designer's history.")
def publish(app_id: str, note: str) -> None:
    """Publish APP_ID's files (in BLANKETT_APPS_DIR) as its next version, as the designer's
    publish does: new instances start on it, running ones keep theirs. Exit 1 if the app has
    errors (the same checks as `apps check`)."""
    from storage import app_versions

    apps = current_app.extensions["blankett.apps"]
    apps.reload()
    draft = apps.draft(app_id)
    if draft is None:
        for where, problems in sorted(apps.refused.items()):
            click.echo(f"REFUSED {where}", err=True)
            for problem in problems:
                if problem.severity == "error":
                    click.echo(f"  {problem}", err=True)
        raise click.ClickException(f"{app_id} is not an app here that loads")
    from forms.loader import app_root

    with current_app.extensions["blankett.sessions"]() as session:
        version = app_versions.publish(session, app_id,
                                       app_versions.read_files(app_root(draft.folder)),
                                       user_id=None, note=note or None)
        session.commit()
        click.echo(f"{app_id}: version {version.version} published")


@click.group("db", cls=AppGroup, help="Database schema.")
def db_group() -> None:
    pass


@db_group.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Run the migrations up to REVISION (default: the newest)."""
    db.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@click.group("expressions", cls=AppGroup, help="Altinn's expression language.")
def expressions_group() -> None:
    pass


@expressions_group.command("test")
@click.argument("folders", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--verbose", is_flag=True, help="List passing cases too.")
def expressions_test(folders: tuple[Path, ...], verbose: bool) -> None:
    """Run Altinn's shared expression tests in FOLDERS (TZ=UTC, as Altinn runs them)."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    from forms.expressions.conformance import run, summary_line

    results = run(folders)
    for result in results:
        where = f"{result.file} [{result.index}] {result.name}"
        if result.status == "failed":
            click.echo(f"FAIL  {where}: {result.reason}")
        elif result.status == "skipped":
            click.echo(f"SKIP  {where}: {result.reason}")
        elif verbose:
            click.echo(f"ok    {where}")
    click.echo(summary_line(results))
    if any(r.status == "failed" for r in results):
        raise SystemExit(1)
