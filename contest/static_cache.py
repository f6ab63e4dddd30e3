"""Static files (scripts, stylesheets) are served fresh for a while instead of ``no-cache``:
otherwise every page a terminal opens asks again for each of them, and at a synchronised start
300 terminals' revalidations (304s, but requests all the same) queue before their pages.
Their URLs carry the file's modification time (``?v=``), so a changed file is fetched anew."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, request
from werkzeug.security import safe_join

#: Seconds a browser keeps a static file without asking (config STATIC_MAX_AGE_SECONDS).
MAX_AGE_S = 12 * 3600


def init_static_cache(app: Flask) -> None:
    @app.url_defaults
    def version_static_urls(endpoint: str, values: dict[str, Any]) -> None:
        if _is_static(endpoint) and "filename" in values and "v" not in values:
            path = safe_join(_folder(app, endpoint) or "", values["filename"])
            if path and os.path.isfile(path):
                values["v"] = int(os.stat(path).st_mtime)

    @app.after_request
    def cache_static_files(response: Response) -> Response:
        if _is_static(request.endpoint or "") and response.status_code in (200, 304):
            response.cache_control.no_cache = None
            response.cache_control.max_age = int(app.config.get("STATIC_MAX_AGE_SECONDS",
                                                                MAX_AGE_S))
        return response


def _is_static(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def _folder(app: Flask, endpoint: str) -> str | None:
    if endpoint == "static":
        return app.static_folder
    blueprint = app.blueprints.get(endpoint.rsplit(".", 1)[0])
    return blueprint.static_folder if blueprint else None
