"""A stand-in for Triage in the appservice-proxy position: takes what the homeserver sends to the
bridge's registration url and forwards it unchanged to the bridge, answering with the bridge's
answer. With --log it appends each request (method, path, query, the headers that matter, body)
and the bridge's status as one JSON line.

    .venv/bin/python passthrough.py --listen PORT --to http://127.0.0.1:BRIDGEPORT [--log FILE]

peers.py starts it with `start --passthrough`; the chain test then runs through it.
"""

from __future__ import annotations

import argparse
import json
import sys

import aiohttp
from aiohttp import web

HOP = {"host", "content-length", "transfer-encoding", "connection", "keep-alive"}


def make_app(target: str, log_path: str | None) -> web.Application:
    session: dict = {}

    async def on_start(app):
        session["s"] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))

    async def on_stop(app):
        await session["s"].close()

    async def forward(req: web.Request) -> web.Response:
        body = await req.read()
        headers = {k: v for k, v in req.headers.items() if k.lower() not in HOP}
        async with session["s"].request(req.method, target + req.rel_url.path_qs, data=body, headers=headers) as r:
            data = await r.read()
            status = r.status
            ctype = r.headers.get("Content-Type", "application/json")
        if log_path:
            entry = {
                "method": req.method,
                "path": req.path,
                "query": dict(req.query),
                "headers": {k: v for k, v in req.headers.items() if k.lower() in ("authorization", "content-type")},
                "body": json.loads(body) if body else None,
                "status": status,
            }
            with open(log_path, "a") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return web.Response(status=status, body=data, headers={"Content-Type": ctype})

    app = web.Application(client_max_size=100 * 1024 * 1024)
    app.on_startup.append(on_start)
    app.on_cleanup.append(on_stop)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listen", type=int, required=True)
    ap.add_argument("--to", required=True, help="the bridge's own URL")
    ap.add_argument("--log")
    a = ap.parse_args()
    web.run_app(make_app(a.to.rstrip("/"), a.log), host="127.0.0.1", port=a.listen, print=None, access_log=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
