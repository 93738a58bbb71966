"""Answering with a page: the whole page, or for htmx the title and main region of the same
template; and sending the browser on to another kind of page."""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, request
from jinja2_fragments.flask import render_blocks
from werkzeug.wrappers import Response

from forms.render import PageView
from storage.models import Instance


def render_page(view: PageView, instance: Instance | None, status: int = 200,
                **extra: Any) -> Response:
    """The page (or, for htmx, its title and main region) of `view`."""
    context = {"view": view, "instance": instance, "lang": view.lang, **extra}
    if request.htmx and not request.htmx.history_restore_request:
        body = render_blocks("form_page.html", ["title", "main"], **context)
    else:
        body = render_template("form_page.html", **context)
    return current_app.response_class(body, status=status)


def redirect_page(url: str) -> Response:
    """To another kind of page: with htmx the browser loads it whole."""
    if request.htmx:
        return current_app.response_class(status=204, headers={"HX-Redirect": url})
    return redirect(url, 303)
