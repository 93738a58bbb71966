"""Validation, decided on the server the same way for pages, process steps and the API: issues
from each source (required answers, expressions, ...) with Altinn's severities, placed on the
visible components they are about."""

from forms.validation.issues import Issue, Severity
from forms.validation.run import blocking, show_issues, validate

__all__ = ["Issue", "Severity", "blocking", "show_issues", "validate"]
