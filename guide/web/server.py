"""`build_pdf.py serve`: run the web page with uvicorn, a production ASGI server.

Meant for one machine or a trusted network: it listens on 127.0.0.1 unless
--host says otherwise, and then warns, because the page has no accounts.
"""

from __future__ import annotations

import argparse
import os

from ..paths import PROJECT, Project

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="build_pdf.py serve",
        description="Make a clinic's pamphlet in a web browser, on this computer.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 4), metavar="N",
                        help="renderer processes (default: one per core, at most 4)")
    parser.add_argument("--queue", type=int, default=8, metavar="N",
                        help="requests that may wait for a renderer; more get 'busy, try "
                             "again' (default 8)")
    return parser.parse_args(argv)


def main(argv, out, project: Project = PROJECT) -> int:
    import uvicorn

    from .app import create_app

    args = parse_args(argv)
    local = args.host in LOCAL_HOSTS
    shown = f"[{args.host}]" if ":" in args.host else args.host
    if not local:
        out.write(f"warning: listening on {args.host}: anyone who can reach this address "
                  "can use the page. Use it only on a network you trust.\n")
    out.write(f"Open http://{shown}:{args.port}/ in a web browser (Ctrl-C stops the server)\n")
    out.flush()
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if local else None
    app = create_app(project, workers=max(args.workers, 1), queue_limit=max(args.queue, 0),
                     allowed_hosts=hosts)
    # One server process: the renderers are its worker pool (guide/pool.py), so
    # uvicorn's own --workers is not used. Access lines name paths, never form data.
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False,
                proxy_headers=False)
    return 0
