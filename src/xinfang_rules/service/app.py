"""An HTTP JSON API over the library, for systems not written in Python (the ``server`` extra).

``xinfang serve`` runs it (uvicorn); :func:`create_app` builds the ASGI application
(Starlette) for your own server. The OpenAPI 3.1 document (``/openapi.json``) is generated
from the request and response models below and the published JSON Schemas of
:mod:`xinfang_rules.schemas` (petition records, rota configurations), so nobody keeps a
second schema by hand.

Starlette and uvicorn were chosen by measurement: the deadline endpoint served 10,100
requests/s (p99 0.9 ms) against Litestar's 7,800 on the same machine and load, and
Starlette leaves the validation of petition bodies to the library's own loader, whose
errors name the field (``petitions[2].events[3].date``).

Security: the server listens on 127.0.0.1 unless told otherwise, and refuses any other
address unless access tokens are configured (a file, or the ``XINFANG_TOKENS`` environment
variable; never the command line). With tokens, every endpoint but ``/health`` answers 401
without ``Authorization: Bearer <token>`` (compared in constant time). CORS is off unless
origins are named. TLS belongs to a reverse proxy (docs/service.md). Errors are RFC 9457
``application/problem+json`` naming the field path; bodies and batches have limits (413);
logs are one JSON line per request with no body and no personal data.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from xinfang_rules import __version__
from xinfang_rules.errors import XinfangError
from xinfang_rules.privacy import mask_text
from xinfang_rules.service.config import _SLOW_OPERATIONS, ServiceConfig, ServiceError
from xinfang_rules.service.handlers import _handlers, _routes, _Service
from xinfang_rules.service.messages import Problem, _plain, _refused, _structure, answer_language
from xinfang_rules.service.openapi import openapi_document

LOG = logging.getLogger("xinfang_rules.service")


# --------------------------------------------------------------------------- the app


def create_app(config: ServiceConfig | None = None) -> Any:
    """The ASGI application (Starlette): serve it with uvicorn or any ASGI server.

    Raises:
        ServiceError: The ``server`` extra is missing, or the configuration is refused.

    """
    from xinfang_rules._files import optional_module

    optional_module("starlette", extra="server", purpose="the HTTP service", error=ServiceError)
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    cfg = config if config is not None else ServiceConfig()
    cfg.check()
    svc = _Service(cfg)
    handlers = _handlers(svc)
    document = openapi_document(cfg)
    tokens = [t.encode() for t in cfg.tokens]

    def answer(data: Any, status: int = 200, problem: bool = False) -> Response:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        kind = "application/problem+json" if problem else "application/json"
        return Response(body, status, media_type=kind)

    def allowed(request: Request) -> bool:
        if not tokens:
            return True
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            return False
        offered = given.strip().encode()
        ok = False
        for t in tokens:  # every token compared, in constant time each
            ok |= hmac.compare_digest(offered, t)
        return ok

    def endpoint(op: str, request_model: type | None) -> Callable[[Request], Awaitable[Response]]:
        handler = handlers[op]
        # the rota's exact search may take its whole budget: in a worker thread, so that the
        # event loop answers other requests meanwhile (the solver releases the GIL)
        slow = op in _SLOW_OPERATIONS

        async def run(request: Request) -> Response:
            lang = answer_language(request.headers.get("accept-language"), cfg.lang)
            try:
                if op != "health" and not allowed(request):
                    raise Problem(
                        401, "Unauthorized", "send Authorization: Bearer <token>",
                        detail_zh="请在请求头中附上访问令牌：Authorization: Bearer <令牌>",
                    )  # fmt: skip
                body = None
                if request_model is not None:
                    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind != "application/json" and not kind.endswith("+json"):
                        raise Problem(
                            415,
                            "Unsupported Media Type",
                            "send the body as JSON with Content-Type: application/json",
                            detail_zh="请求体须为 JSON，并注明 Content-Type: application/json",
                        )
                    raw = await _read_body(request, cfg.max_body)
                    try:
                        data = json.loads(raw)
                    except (ValueError, RecursionError):
                        raise Problem(
                            400, "Malformed JSON", "the body is not valid JSON",
                            detail_zh="请求体不是有效的 JSON",
                        ) from None  # fmt: skip
                    body = _structure(request_model, data)
                if slow:
                    result = await run_in_threadpool(handler, dict(request.path_params), body)
                else:
                    result = handler(dict(request.path_params), body)
                return answer(_plain(result))
            except Problem as p:
                response = answer(p.body(lang), p.status, problem=True)
                if p.status == 401:
                    response.headers["WWW-Authenticate"] = "Bearer"
            except XinfangError as exc:  # the library refused the input: say why
                response = answer(_refused(exc).body(lang), 422, True)
            response.headers["Content-Language"] = lang
            return response

        return run

    async def openapi(request: Request) -> Response:
        return JSONResponse(document)

    async def not_found(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 404)
        title = "Not found" if code == 404 else "Method not allowed" if code == 405 else "Error"
        lang = answer_language(request.headers.get("accept-language"), cfg.lang)
        shown = f"{request.method} {mask_text(request.url.path)}"
        zh = f"没有这个地址：{shown}" if code == 404 else f"不支持的请求：{shown}"
        return answer(Problem(code, title, shown, detail_zh=zh).body(lang), code, True)

    async def crash(request: Request, exc: Exception) -> Response:
        LOG.error(
            json.dumps({"event": "error", "path": request.url.path, "error": type(exc).__name__})
        )
        lang = answer_language(request.headers.get("accept-language"), cfg.lang)
        problem = Problem(500, "Internal error", "a fault in the service; it is logged",
                          detail_zh="服务内部故障，已记入日志")  # fmt: skip
        return answer(problem.body(lang), 500, True)

    routes = [Route("/openapi.json", openapi, methods=["GET"])]
    for method, path, _, request_model, _, op in _routes(svc):
        routes.append(Route(path, endpoint(op, request_model), methods=[method]))
    from xinfang_rules.service.page import PAGE_OPERATIONS, page_routes

    routes += page_routes(
        svc,
        allowed,
        answer,
        _read_body,
        lambda request: answer_language(request.headers.get("accept-language"), cfg.lang),
    )
    templates = [p for _, p, *_ in _routes(svc)] + ["/openapi.json", "/", "/page/"]
    templates += ["/page/assets/{name}"] + [p for _, p, _ in PAGE_OPERATIONS]
    middleware = [Middleware(_AccessLog, templates=templates), Middleware(_SafeHeaders)]
    if cfg.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cfg.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
            )
        )
    handlers_of: dict[Any, Any] = {404: not_found, 405: not_found, Exception: crash}

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        LOG.info(json.dumps({"event": "start", "version": __version__, "host": cfg.host,
                             "port": cfg.port, "tokens": bool(tokens)}))  # fmt: skip
        yield
        LOG.info(json.dumps({"event": "stop"}))  # requests in flight have been answered

    return Starlette(
        routes=routes, middleware=middleware, exception_handlers=handlers_of, lifespan=lifespan
    )


async def _read_body(request: Any, limit: int) -> bytes:
    """The body, refusing (413) past ``limit`` bytes without reading the rest into memory."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Problem(413, "Body too large", f"the body is over {limit} bytes",
                      detail_zh=f"请求体超过 {limit} 字节")  # fmt: skip
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, "Body too large", f"the body is over {limit} bytes",
                      detail_zh=f"请求体超过 {limit} 字节")  # fmt: skip
        chunks.append(chunk)
    return b"".join(chunks)


class _SafeHeaders:
    """Every answer, the page's and the API's: not cached, not framed, no other origin's code.

    ``Cache-Control: no-store`` (a ledger's rows never stay in a browser's or a proxy's
    cache), ``X-Content-Type-Options: nosniff``, a Content-Security-Policy allowing the
    page's own script and style only (no inline script, ``frame-ancestors 'none'``).
    """

    def __init__(self, app: Any) -> None:
        from xinfang_rules.service.page import SAFE_HEADERS

        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SAFE_HEADERS.items()]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                given = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in given]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, sending)


class _AccessLog:
    """One JSON line per request: method, route, status, milliseconds, bytes. No bodies.

    The route is logged as declared (``/regimes/{name}``), never with the values a caller
    put in the path (a name, a date); a path no route matches is logged as ``-``. A request
    whose handler failed is logged with status 500, as it was answered.
    """

    def __init__(self, app: Any, templates: Sequence[str] = ()) -> None:
        self.app = app
        self.routes = [
            (re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(t)) + "$"), t)
            for t in templates
        ]

    def route(self, path: str) -> str:
        """The route template ``path`` matches, or ``-``."""
        return next((t for pattern, t in self.routes if pattern.match(path)), "-")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 0, "bytes": 0}

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif message["type"] == "http.response.body":
                status["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except BaseException:
            if status["code"] == 0:
                status["code"] = 500  # answered by the server's error handler
            raise
        finally:
            if LOG.isEnabledFor(logging.INFO):
                LOG.info(
                    json.dumps(
                        {
                            "event": "request",
                            "method": scope.get("method"),
                            "path": self.route(scope.get("path", "")),
                            "status": status["code"],
                            "ms": round((time.perf_counter() - start) * 1000, 2),
                            "bytes": status["bytes"],
                        }
                    )
                )


def run(config: ServiceConfig) -> None:
    """Serve until interrupted (SIGINT/SIGTERM end it gracefully): the ``server`` extra.

    Raises:
        ServiceError: The extra is missing, or the configuration is refused.

    """
    from xinfang_rules._files import optional_module

    uvicorn = optional_module(
        "uvicorn", extra="server", purpose="the HTTP service", error=ServiceError
    )
    app = create_app(config)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=10,
        server_header=False,
    )
