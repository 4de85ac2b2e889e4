"""How the service is set up: addresses, tokens, limits, notice and regime files.

:class:`ServiceConfig` checks itself before the service starts (:class:`ServiceError`
otherwise: a public address without tokens, a limit out of range); :func:`load_tokens`
reads a token file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import attrs

from xinfang_rules.errors import XinfangValueError

LOOPBACK = ("127.0.0.1", "::1", "localhost")
#: Operations run in a worker thread (they may take seconds: the rota's exact search).
_SLOW_OPERATIONS = frozenset({"rotaGenerate"})
#: The longest budget a request may give the rota's exact search (seconds, deterministic).
MAX_TIME_LIMIT = 30.0


class ServiceError(XinfangValueError):
    """The service cannot start as configured (e.g. a public address without tokens)."""


@attrs.frozen
class ServiceConfig:
    """How the service runs.

    Attributes:
        host: The address to listen on (default 127.0.0.1, loopback only).
        port: The port.
        tokens: Access tokens; empty: no authentication (then only loopback is allowed).
        cors_origins: Origins allowed by CORS (none: CORS off).
        max_body: The largest request body, in bytes (413 past it).
        max_batch: The most petitions in one request (413 past it).
        notices: Holiday notice files laid over the national calendar.
        regime_files: Regime files added to the built-in regimes (by id).
        lang: The language of error answers (problem+json) for a request whose
            ``Accept-Language`` asks for neither Chinese nor English (default Chinese).

    """

    host: str = "127.0.0.1"
    port: int = 8000
    tokens: frozenset[str] = frozenset()
    cors_origins: tuple[str, ...] = ()
    max_body: int = 16 * 1024 * 1024
    max_batch: int = 10_000
    notices: tuple[str, ...] = ()
    regime_files: tuple[str, ...] = ()
    lang: Literal["zh", "en"] = "zh"

    def check(self) -> None:
        """Refuse a configuration that would expose personal data.

        Raises:
            ServiceError: A non-loopback address without tokens, or bad limits.

        """
        if self.host not in LOOPBACK and not self.tokens:
            raise ServiceError(
                f"refusing to listen on {self.host}: petition bodies carry personal data, so "
                "an address other than loopback needs access tokens (--token-file FILE or "
                "XINFANG_TOKENS); see docs/service.md",
                zh=f"不在 {self.host} 上提供服务：请求中有个人信息，本机以外的地址须设访问令牌"
                "（--token-file 文件 或环境变量 XINFANG_TOKENS）；见 docs/service.md",
            )
        if any(len(t) < 16 for t in self.tokens):
            raise ServiceError(
                "every access token must be at least 16 characters long",
                zh="每个访问令牌至少 16 个字符",
            )
        if self.max_body < 1024 or self.max_batch < 1:
            raise ServiceError(
                "max_body must be at least 1024 bytes and max_batch at least 1",
                zh="请求体上限至少 1024 字节，每次事项数上限至少 1",
            )


def load_tokens(path: str | None, environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """Access tokens from a file (one a line, # comments) and/or ``XINFANG_TOKENS`` (commas)."""
    env = os.environ if environ is None else environ
    tokens: set[str] = set()
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ServiceError(
                f"{path}: 无法读取令牌文件 / cannot read the token file: {exc.strerror or exc}"
            ) from None
        except UnicodeDecodeError:
            raise ServiceError(
                f"{path}: 令牌文件不是 UTF-8 文本 / the token file is not UTF-8 text"
            ) from None
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                tokens.add(line)
    tokens.update(t.strip() for t in env.get("XINFANG_TOKENS", "").split(",") if t.strip())
    return frozenset(tokens)
