"""The designer's side of app definitions: reading and changing an app's files (its draft) the
way an admin does in the browser, writing them back in a stable, pretty form so a git diff shows
only the change, and publishing them as versions. No HTTP here: web/designer*.py calls these."""
