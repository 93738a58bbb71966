"""What every template can use: the interface texts, the people in the session, local mode, Oslo
time. And error pages in the same look, in the person's language."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forms.formatting import oslo_time
from forms.ui_texts import LANGUAGE_NAMES, ui_text
from web.context import current_language, current_party, current_user

_ERROR_TITLES = {
    "nb": {400: "Forespørselen kunne ikke behandles", 401: "Du må logge inn",
           403: "Du har ikke tilgang", 404: "Fant ikke siden",
           409: "Handlingen kunne ikke fullføres", 413: "Filen er for stor",
           500: "Noe gikk galt", 501: "Ikke tilgjengelig ennå", 503: "Tjenesten er utilgjengelig"},
    "nn": {400: "Førespurnaden kunne ikkje handsamast", 401: "Du må logge inn",
           403: "Du har ikkje tilgang", 404: "Fann ikkje sida",
           409: "Handlinga kunne ikkje fullførast", 413: "Fila er for stor",
           500: "Noko gjekk gale", 501: "Ikkje tilgjengeleg enno", 503: "Tenesta er utilgjengeleg"},
    "en": {400: "The request could not be handled", 401: "You need to log in",
           403: "You do not have access", 404: "Page not found",
           409: "The action could not be completed", 413: "The file is too large",
           500: "Something went wrong", 501: "Not available yet", 503: "Service unavailable"},
}


_EXPIRED = {
    "nb": ("Siden er utløpt", "Økten din er avsluttet, for eksempel fordi du logget ut. "
           "Svarene du lagret tidligere er tatt vare på. Logg inn og prøv igjen."),
    "nn": ("Sida er utgått", "Økta di er avslutta, til dømes fordi du logga ut. "
           "Svara du lagra tidlegare er tekne vare på. Logg inn og prøv igjen."),
    "en": ("The page has expired", "Your session has ended, for example because you logged "
           "out. The answers you saved earlier are kept. Log in and try again."),
}


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["oslo_time"] = oslo_time

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "ui": ui_text,
            "language_names": LANGUAGE_NAMES,
            "current_user": current_user(),
            "current_party": current_party(),
            "local_mode": app.config["LOCAL_MODE"],
        }

    @app.errorhandler(CSRFError)
    def _expired(error: CSRFError) -> Any:
        """A post whose form outlived the session (or lost its cookie): say so plainly."""
        lang = current_language()
        body = render_template("error.html", code=400, title=_EXPIRED[lang][0],
                               description=_EXPIRED[lang][1], lang=lang)
        return body, 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Any:
        if request.path.startswith("/static/"):
            return error
        lang = current_language()
        code = error.code or 500
        title = _ERROR_TITLES[lang].get(code, error.name)
        body = render_template("error.html", code=code, title=title,
                               description=error.description if code != 500 else "", lang=lang)
        return body, code
