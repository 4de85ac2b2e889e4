"""``xinfang serve`` (the HTTP service) and ``xinfang vectors`` (conformance vectors)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from xinfang_rules.cli._common import _t


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Add this group's commands to ``sub``; returns those whose text output ``-o`` writes."""
    p_vec = sub.add_parser(
        "vectors",
        help="conformance vectors for other implementations (docs/vectors.md)",
        description="Write calendar.jsonl, workdays.jsonl and deadlines.jsonl: inputs and "
        "the library's answers with their reasons, for the official years, so that another "
        "implementation can test itself.",
    )
    p_vec.add_argument(
        "-o", "--output", metavar="DIR", required=True, help="the folder to write them into"
    )
    p_vec.add_argument("--first", type=int, default=2004, help="the first year (default 2004)")
    p_vec.add_argument(
        "--last", type=int, default=2026, help="the last year (default 2026; official only)"
    )

    p_serve = sub.add_parser(
        "serve",
        help="the HTTP JSON API for other systems (the server extra; docs/service.md)",
        description="Serve the library over HTTP (OpenAPI at /openapi.json). Listens on "
        "127.0.0.1 unless --host says otherwise, which needs access tokens: --token-file or "
        "the XINFANG_TOKENS environment variable, never the command line.",
    )
    p_serve.add_argument("--host", default="127.0.0.1", help="the address (default 127.0.0.1)")
    p_serve.add_argument(
        "--print-openapi",
        action="store_true",
        help="print the OpenAPI 3.1 document and exit (no server is started)",
    )
    p_serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    p_serve.add_argument(
        "--token-file", metavar="FILE", help="access tokens, one a line (16+ characters)"
    )
    p_serve.add_argument(
        "--notice", action="append", metavar="FILE", help="a notice file to add (repeatable)"
    )
    p_serve.add_argument(
        "--regime", action="append", metavar="FILE", help="a regime file to add (repeatable)"
    )
    p_serve.add_argument(
        "--cors-origin", action="append", metavar="ORIGIN", help="allow this origin (CORS)"
    )
    p_serve.add_argument(
        "--max-body",
        type=int,
        default=16 * 1024 * 1024,
        metavar="BYTES",
        help="the largest request body (default 16 MiB)",
    )
    p_serve.add_argument(
        "--max-batch",
        type=int,
        default=10_000,
        metavar="N",
        help="the most petitions in one request (default 10,000)",
    )
    return []


def _serve(args: argparse.Namespace) -> int:
    """``xinfang serve``: the HTTP service (or, with ``--print-openapi``, its OpenAPI document)."""
    from xinfang_rules.service import ServiceConfig, load_tokens, openapi_document, run

    if args.print_openapi:
        text = json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True)
        sys.stdout.write(text + "\n")
        return 0

    config = ServiceConfig(
        host=args.host,
        port=args.port,
        tokens=load_tokens(args.token_file),
        cors_origins=tuple(args.cors_origin or ()),
        max_body=args.max_body,
        max_batch=args.max_batch,
        notices=tuple(args.notice or ()),
        regime_files=tuple(args.regime or ()),
        lang=args.lang,
    )
    config.check()
    run(config)
    return 0


def _vectors(args: argparse.Namespace) -> int:
    """``xinfang vectors``: the conformance vectors, one file per kind."""
    from xinfang_rules.vectors import write_vectors

    counts = write_vectors(args.output, args.first, args.last)
    for name, n in counts.items():
        print(_t(f"{args.output}/{name}：{n} 条", f"{args.output}/{name}: {n} vectors"))
    return 0
