"""File responses with Chinese file names (send_file writes the RFC 6266 filename* form;
a plain header would not survive a real server: latin-1 only)."""
from __future__ import annotations

import io

from flask import Response, send_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def file_response(data: bytes, mimetype: str, filename: str, inline: bool = False) -> Response:
    response = send_file(io.BytesIO(data), mimetype=mimetype, download_name=filename,
                         as_attachment=not inline, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
