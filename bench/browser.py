"""The simulated terminals' HTTP client: aiohttp behind the few calls the benchmarks make.

The load client shares the server's two cores, so what it spends is taken from the server
under test. Measured against the bare baseline app (3 000 JSON saves, 100 connections), httpx
spent 4.2-4.7 ms of client CPU per request, aiohttp 0.7-0.8 ms; the server's share was the
same (1.8-2.1 ms). Real exam terminals are separate machines, so the cheaper client is the
truer rehearsal."""
from __future__ import annotations

import asyncio
import json as jsonlib
from dataclasses import dataclass
from typing import Any, Mapping

import aiohttp

#: A request that got no answer: refused or reset connection, timeout.
TRANSPORT_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError)

#: (file name, bytes, content type) by form field, as a browser's file input sends it.
Files = Mapping[str, tuple[str, bytes, str]]


@dataclass(frozen=True)
class Reply:
    """A whole response, read before the timer stops (as a browser reads it)."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class Browser:
    """One terminal's connection and cookies. Redirects are not followed (the caller checks
    the 302 of a login); cookies of 127.0.0.1 are kept (aiohttp refuses IP hosts by default)."""

    def __init__(self, base: str, timeout_s: float = 60) -> None:
        self.session = aiohttp.ClientSession(
            base_url=base, cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=timeout_s))

    async def request(self, method: str, url: str, *, json: Any = None,
                      data: Mapping[str, Any] | bytes | None = None, files: Files | None = None,
                      headers: Mapping[str, str] | None = None) -> Reply:
        body: Any = data
        if files:
            body = aiohttp.FormData()
            for name, (filename, content, mime) in files.items():
                body.add_field(name, content, filename=filename, content_type=mime)
        async with self.session.request(method, url, json=json, data=body,
                                        headers=dict(headers or {}),
                                        allow_redirects=False) as response:
            return Reply(response.status, response.headers, await response.read())

    async def get(self, url: str, **kwargs: Any) -> Reply:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> Reply:
        return await self.request("POST", url, **kwargs)

    async def aclose(self) -> None:
        await self.session.close()
