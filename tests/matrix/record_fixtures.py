"""Records real Matrix events from the running Synapse as JSON fixtures for the Matrix dialect's
unit tests, and one appservice transaction stream as the homeserver sends it.

    .venv/bin/python record_fixtures.py            # (re)write the fixtures in the repository
    .venv/bin/python record_fixtures.py --check    # record into a temp dir, compare with the repository

Needs running peers (`peers.sh start`; the bridge is not used). Users @carol and @dave send
everything with matrix-nio into fresh rooms; events are then read back with plain HTTP from
/messages (client-server format, as the server returns them, room_id included) and typing / read
receipts from /sync. The recorder appservice that peers.py registers (receive_ephemeral on) gets
its bot invited into the main room; a small HTTP listener on its URL answers 200 {} and keeps
every transaction.

--check compares after replacing what differs from run to run (ids, timestamps, ages, tokens,
mxc ids, transaction ids) with placeholders: the same files, the same events, the same fields.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import logging
import re
import shutil
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote

import aiohttp
from aiohttp import web
from nio import AsyncClient, AsyncClientConfig

import peers
from mxtest import CheckFailed, ok

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "engine" / "core" / "src" / "test" / "resources" / "matrix"
MAIN_ROOM_VERSION = "12"  # Synapse 1.163's default_room_version


class Recorder:
    """The recorder appservice's listener: answers the homeserver, keeps what it sent."""

    def __init__(self, port: int):
        self.port = port
        self.requests: list[dict] = []
        self._runner: web.AppRunner | None = None

    async def handle(self, req: web.Request) -> web.Response:
        body = await req.read()
        self.requests.append({
            "method": req.method,
            "path": req.path,
            "query": dict(req.query),
            "headers": {k: v for k, v in req.headers.items() if k.lower() in ("authorization", "content-type", "user-agent")},
            "body": json.loads(body) if body else None,
            "received": time.monotonic(),
        })
        if req.method == "PUT" and "/transactions/" in req.path:
            return web.json_response({})
        return web.json_response({"errcode": "M_NOT_FOUND", "error": "recorder"}, status=404)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, peers.HOST, self.port).start()

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def transactions(self) -> list[dict]:
        return [r for r in self.requests if r["method"] == "PUT" and "/transactions/" in r["path"]]

    async def quiet(self, seconds: float = 2.0, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            last = self.requests[-1]["received"] if self.requests else 0
            if time.monotonic() - last >= seconds:
                return
            await asyncio.sleep(0.2)


class Raw:
    """Plain client-server HTTP with a user's access token (reading back what the server stored)."""

    def __init__(self, hs_url: str, token: str):
        self.hs_url = hs_url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def get(self, path: str, **params) -> dict:
        async with self.session.get(self.hs_url + path, headers=self.headers, params=params) as r:
            data = await r.json()
            if r.status != 200:
                raise CheckFailed(f"GET {path}: {r.status} {data}")
            return data

    async def post(self, path: str, body: dict, **params) -> dict:
        async with self.session.post(self.hs_url + path, headers=self.headers, params=params, json=body) as r:
            data = await r.json()
            if r.status != 200:
                raise CheckFailed(f"POST {path}: {r.status} {data}")
            return data

    async def close(self) -> None:
        await self.session.close()


async def login(state: dict, localpart: str) -> AsyncClient:
    password = "triage-fixture-pw"
    try:
        await asyncio.to_thread(peers.register_user, state, localpart, password)
    except peers.PeerError as e:
        if "M_USER_IN_USE" not in str(e):
            raise
    c = AsyncClient(state["hs_url"], f"@{localpart}:{state['server_name']}", config=AsyncClientConfig(request_timeout=30))
    ok(await c.login(password, device_name="triage-fixtures"), f"login {localpart}")
    return c


async def record(state: dict, out: Path) -> dict:
    """Make everything happen, read it back, write the files under out/; returns a summary."""
    events_dir, txn_dir = out / "events", out / "transactions"
    events_dir.mkdir(parents=True, exist_ok=True)
    txn_dir.mkdir(parents=True, exist_ok=True)
    rec = Recorder(state["recorder"]["port"])
    await rec.start()
    carol = await login(state, "carol")
    dave = await login(state, "dave")
    raw = Raw(state["hs_url"], carol.access_token)
    as_raw = Raw(state["hs_url"], state["recorder"]["as_token"])
    ids: dict[str, str] = {}
    try:
        # --- the main room, with the recorder appservice's bot in it ---------------------------
        room = ok(await carol.room_create(name="Triage fixtures", room_version=MAIN_ROOM_VERSION), "create room").room_id
        ok(await carol.room_invite(room, state["recorder"]["bot"]), "invite the recorder bot")
        await as_raw.post(f"/_matrix/client/v3/rooms/{quote(room)}/join", {})

        async def send(name: str, content: dict, etype: str = "m.room.message") -> str:
            ids[name] = ok(await carol.room_send(room, etype, content), f"send {name}").event_id
            return ids[name]

        # the message that the reply, edit, thread and reactions point at; read back, it carries
        # the server's bundled aggregations (unsigned.m.relations)
        await send("target", {"msgtype": "m.text", "body": "hello from Triage's fixtures"})
        await send("text", {"msgtype": "m.text", "body": "a plain text message"})
        await send("notice", {"msgtype": "m.notice", "body": "a notice"})
        await send("emote", {"msgtype": "m.emote", "body": "waves"})
        await send("html", {
            "msgtype": "m.text",
            "body": "**bold** and a list\n\n- one\n- two",
            "format": "org.matrix.custom.html",
            "formatted_body": "<strong>bold</strong> and a list<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n",
        })
        # matrix-nio 0.26 makes no reply fallback; a reply as current clients send it (spec v1.13:
        # no fallback, m.mentions), and one with the legacy fallback older clients still send
        await send("reply", {
            "msgtype": "m.text",
            "body": "a reply",
            "m.relates_to": {"m.in_reply_to": {"event_id": ids["target"]}},
            "m.mentions": {"user_ids": [carol.user_id]},
        })
        await send("reply_with_fallback", {
            "msgtype": "m.text",
            "body": f"> <{carol.user_id}> hello from Triage's fixtures\n\na reply with fallback",
            "format": "org.matrix.custom.html",
            "formatted_body": (
                f'<mx-reply><blockquote><a href="https://matrix.to/#/{room}/{ids["target"]}?via={state["server_name"]}">'
                f'In reply to</a> <a href="https://matrix.to/#/{carol.user_id}">{carol.user_id}</a>'
                "<br>hello from Triage's fixtures</blockquote></mx-reply>a reply with fallback"
            ),
            "m.relates_to": {"m.in_reply_to": {"event_id": ids["target"]}},
        })
        await send("edit", {
            "msgtype": "m.text",
            "body": "* hello from Triage's fixtures, edited",
            "m.new_content": {"msgtype": "m.text", "body": "hello from Triage's fixtures, edited"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": ids["target"]},
        })
        await send("thread", {
            "msgtype": "m.text",
            "body": "in a thread",
            "m.relates_to": {
                "rel_type": "m.thread", "event_id": ids["target"],
                "is_falling_back": True, "m.in_reply_to": {"event_id": ids["target"]},
            },
        })
        await send("thread_reply", {
            "msgtype": "m.text",
            "body": "a reply inside the thread",
            "m.relates_to": {
                "rel_type": "m.thread", "event_id": ids["target"],
                "is_falling_back": False, "m.in_reply_to": {"event_id": ids["thread"]},
            },
        })
        await send("reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": ids["target"], "key": "👍"}}, "m.reaction")
        await send("to_redact", {"msgtype": "m.text", "body": "this message will be redacted"})
        await send("reaction_to_redact", {"m.relates_to": {"rel_type": "m.annotation", "event_id": ids["target"], "key": "🎉"}}, "m.reaction")
        ids["redaction_of_message"] = ok(await carol.room_redact(room, ids["to_redact"], reason="fixture"), "redact").event_id
        ids["redaction_of_reaction"] = ok(await carol.room_redact(room, ids["reaction_to_redact"]), "redact reaction").event_id

        answers = [{"id": "tea", "org.matrix.msc1767.text": "Tea"}, {"id": "coffee", "org.matrix.msc1767.text": "Coffee"}]
        await send("poll_start_unstable", {
            "org.matrix.msc3381.poll.start": {
                "question": {"org.matrix.msc1767.text": "Tea or coffee?"},
                "kind": "org.matrix.msc3381.poll.disclosed",
                "max_selections": 1,
                "answers": answers,
            },
            "org.matrix.msc1767.text": "Tea or coffee?\n1. Tea\n2. Coffee",
        }, "org.matrix.msc3381.poll.start")
        await send("poll_start_stable", {
            "m.poll": {
                "question": {"m.text": [{"body": "Tea or coffee?"}]},
                "kind": "m.disclosed",
                "max_selections": 1,
                "answers": [{"m.id": "tea", "m.text": [{"body": "Tea"}]}, {"m.id": "coffee", "m.text": [{"body": "Coffee"}]}],
            },
            "m.text": [{"body": "Tea or coffee?\n1. Tea\n2. Coffee"}],
        }, "m.poll.start")

        # media: real mxc URLs from uploads of tiny files
        png = bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000005000157a2d1dc0000000049454e44ae426082"
        )

        async def upload(data: bytes, mime: str, name: str) -> str:
            resp, _ = await carol.upload(lambda *_: data, content_type=mime, filename=name, filesize=len(data))
            return ok(resp, f"upload {name}").content_uri

        img = await upload(png, "image/png", "pixel.png")
        txt = await upload(b"hello file\n", "text/plain", "hello.txt")
        ogg = await upload(b"OggS" + bytes(60), "audio/ogg", "voice.ogg")
        mp4 = await upload(bytes(64), "video/mp4", "clip.mp4")
        await send("image", {"msgtype": "m.image", "body": "pixel.png", "url": img,
                             "info": {"mimetype": "image/png", "size": len(png), "w": 1, "h": 1}})
        await send("image_with_caption", {"msgtype": "m.image", "body": "a caption", "filename": "pixel.png", "url": img,
                                          "info": {"mimetype": "image/png", "size": len(png), "w": 1, "h": 1}})
        await send("file", {"msgtype": "m.file", "body": "hello.txt", "filename": "hello.txt", "url": txt,
                            "info": {"mimetype": "text/plain", "size": 11}})
        await send("audio", {"msgtype": "m.audio", "body": "voice.ogg", "url": ogg,
                             "info": {"mimetype": "audio/ogg", "size": 64, "duration": 2500}})
        await send("voice", {
            "msgtype": "m.audio", "body": "Voice message", "url": ogg,
            "info": {"mimetype": "audio/ogg", "size": 64, "duration": 2500},
            "org.matrix.msc1767.audio": {"duration": 2500, "waveform": [0, 256, 512, 1024, 512, 256, 0]},
            "org.matrix.msc1767.text": "Voice message",
            "org.matrix.msc3245.voice": {},
        })
        await send("video", {"msgtype": "m.video", "body": "clip.mp4", "url": mp4,
                             "info": {"mimetype": "video/mp4", "size": 64, "w": 2, "h": 2, "duration": 1000}})
        await send("sticker", {"body": "a waving sticker", "url": img,
                               "info": {"mimetype": "image/png", "size": len(png), "w": 1, "h": 1}}, "m.sticker")
        await send("location", {"msgtype": "m.location", "body": "Somewhere in London", "geo_uri": "geo:51.5008,-0.1247;u=35",
                                "org.matrix.msc3488.location": {"uri": "geo:51.5008,-0.1247;u=35", "description": "Somewhere in London"},
                                "org.matrix.msc3488.asset": {"type": "m.pin"}})

        async def state_ev(name: str, etype: str, content: dict, key: str = "") -> None:
            ids[name] = ok(await carol.room_put_state(room, etype, content, key), f"state {name}").event_id

        await state_ev("room_name", "m.room.name", {"name": "Triage fixtures, renamed"})
        await state_ev("room_topic", "m.room.topic", {"topic": "What Triage's tests read"})
        await state_ev("room_avatar", "m.room.avatar", {"url": img, "info": {"mimetype": "image/png", "size": len(png), "w": 1, "h": 1}})
        await state_ev("disappearing_timer", "com.beeper.disappearing_timer", {"type": "after_read", "timer": 3600000})
        await state_ev("disappearing_timer_off", "com.beeper.disappearing_timer", {})

        ok(await carol.room_invite(room, dave.user_id), "invite dave")
        ok(await dave.join(room), "dave joins")
        ok(await carol.room_kick(room, dave.user_id, reason="fixture kick"), "kick dave")
        ok(await carol.room_ban(room, dave.user_id, reason="fixture ban"), "ban dave")
        ok(await carol.room_unban(room, dave.user_id), "unban dave")

        # ephemeral: typing and a read receipt, seen in carol's /sync
        since = (await raw.get("/_matrix/client/v3/sync", timeout="0"))["next_batch"]
        ok(await carol.room_typing(room, True, timeout=30000), "typing")
        ok(await carol.update_receipt_marker(room, ids["target"]), "read receipt")
        ephemeral: dict[str, dict] = {}
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(ephemeral) < 2:
            data = await raw.get("/_matrix/client/v3/sync", since=since, timeout="1000")
            since = data["next_batch"]
            for ev in data.get("rooms", {}).get("join", {}).get(room, {}).get("ephemeral", {}).get("events", []):
                if ev["type"] == "m.typing" and ev["content"].get("user_ids"):
                    ephemeral.setdefault("typing", ev)
                if ev["type"] == "m.receipt":
                    ephemeral.setdefault("receipt", ev)
        if len(ephemeral) < 2:
            raise CheckFailed(f"typing and receipt not both seen in /sync: {list(ephemeral)}")
        ok(await carol.room_typing(room, False), "typing off")

        # --- room versions 11 and 10: a redaction each (v11 moved `redacts` into content) --------
        other_rooms = {}
        for v in ("11", "10"):
            r = ok(await carol.room_create(name=f"Triage fixtures v{v}", room_version=v), f"create v{v} room").room_id
            msg = ok(await carol.room_send(r, "m.room.message", {"msgtype": "m.text", "body": f"redact me (v{v})"}), "send").event_id
            red = ok(await carol.room_redact(r, msg, reason="fixture"), f"redact v{v}").event_id
            other_rooms[v] = (r, msg, red)

        # --- read everything back ---------------------------------------------------------------
        async def messages(room_id: str) -> dict[str, dict]:
            data = await raw.get(f"/_matrix/client/v3/rooms/{quote(room_id)}/messages", dir="b", limit="500")
            return {ev["event_id"]: ev for ev in data["chunk"]}

        by_id = await messages(room)
        files: dict[str, dict] = {}

        def take(fname: str, event_id: str, evs: dict[str, dict] = by_id) -> None:
            if event_id not in evs:
                raise CheckFailed(f"{fname}: {event_id} not in /messages")
            files[fname] = evs[event_id]

        create = next(ev for ev in by_id.values() if ev["type"] == "m.room.create")
        files["room_create_v12"] = create
        take("text_with_bundled_relations", ids["target"])
        for name in ("text", "notice", "emote", "html", "reply", "reply_with_fallback", "edit", "thread", "thread_reply",
                     "reaction", "poll_start_unstable", "poll_start_stable", "image", "image_with_caption", "file",
                     "audio", "voice", "video", "sticker", "location", "room_name", "room_topic", "room_avatar",
                     "disappearing_timer", "disappearing_timer_off", "redaction_of_message", "redaction_of_reaction"):
            take(name, ids[name])
        take("redacted_message", ids["to_redact"])
        members = [ev for ev in by_id.values() if ev["type"] == "m.room.member" and ev["state_key"] == dave.user_id]
        for ev in members:
            c = ev["content"]
            prev = ev.get("unsigned", {}).get("prev_content", {}).get("membership")
            name = {"invite": "member_invite", "join": "member_join", "ban": "member_ban"}.get(c["membership"])
            if c["membership"] == "leave":
                name = "member_unban" if prev == "ban" else "member_kick"
            files[name] = ev
        for missing in {"member_invite", "member_join", "member_kick", "member_ban", "member_unban"} - set(files):
            raise CheckFailed(f"no {missing} event for dave")
        files["typing"] = ephemeral["typing"]
        files["receipt"] = ephemeral["receipt"]
        for v, (r, msg, red) in other_rooms.items():
            evs = await messages(r)
            take(f"redaction_v{v}", red, evs)
            take(f"redacted_message_v{v}", msg, evs)

        for name, ev in files.items():
            (events_dir / f"{name}.json").write_text(json.dumps(ev, indent=2, ensure_ascii=False) + "\n")

        # --- the recorder's transactions ----------------------------------------------------------
        await rec.quiet(2.0, timeout=30)
        txns = rec.transactions()
        if not txns:
            raise CheckFailed("the recorder appservice got no transaction")
        syn = version("matrix-synapse")
        lines = []
        for t in txns:
            lines.append(json.dumps({"method": t["method"], "path": t["path"], "query": t["query"],
                                     "headers": t["headers"], "body": t["body"]}, ensure_ascii=False))
        (txn_dir / f"synapse-{syn}-transactions.jsonl").write_text("\n".join(lines) + "\n")
        # one full transaction: the first one carrying an m.room.message
        first_msg = next(
            (t for t in txns if any(e.get("type") == "m.room.message" for e in t["body"].get("events", []))), txns[0]
        )
        full = {k: first_msg[k] for k in ("method", "path", "query", "headers", "body")}
        (txn_dir / f"synapse-{syn}-transaction.json").write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n")
        invite = txns[0]
        (txn_dir / f"synapse-{syn}-invite-transaction.json").write_text(
            json.dumps({k: invite[k] for k in ("method", "path", "query", "headers", "body")}, indent=2, ensure_ascii=False) + "\n"
        )
        eph = next((t for t in txns if any(e.get("type") == "m.receipt" for e in t["body"].get("ephemeral", []))), None)
        if eph:
            (txn_dir / f"synapse-{syn}-ephemeral-transaction.json").write_text(
                json.dumps({k: eph[k] for k in ("method", "path", "query", "headers", "body")}, indent=2, ensure_ascii=False) + "\n"
            )
        reg = Path(state["recorder"]["registration"]).read_text()
        (txn_dir / "recorder-registration.yaml").write_text(
            "# The appservice registration Synapse loaded for these transactions (tokens are throwaway test values)\n" + reg
        )
        return {"events": len(files), "transactions": len(txns), "synapse": syn, "nio": version("matrix-nio")}
    finally:
        await raw.close()
        await as_raw.close()
        await carol.close()
        await dave.close()
        await rec.stop()


# --- --check --------------------------------------------------------------------------------------

_VOLATILE_KEYS = {"event_id", "origin_server_ts", "age", "ts", "last_active_ago", "transaction_id", "redacts", "replaces_state",
                  "prev_batch", "next_batch", "room_id", "txn_id"}
_PATTERNS = [
    (re.compile(r"\$[A-Za-z0-9_\-+/=]{20,}"), "$EVENT"),
    (re.compile(r"![A-Za-z0-9_\-+/=]{10,}(:[a-z0-9.\-]+)?"), "!ROOM"),
    (re.compile(r"mxc://([a-z0-9.\-]+)/[A-Za-z0-9_\-]+"), r"mxc://\1/MEDIA"),
    (re.compile(r"Bearer [A-Za-z0-9]+"), "Bearer TOKEN"),
    (re.compile(r"/transactions/\d+"), "/transactions/N"),
    (re.compile(r"\(b=[^)]*\)"), "(b=BUILD)"),
]


def normalize(x):
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            k2 = normalize(k) if isinstance(k, str) else k
            if k in _VOLATILE_KEYS and isinstance(v, (str, int, float)):
                out[k2] = f"<{k}>"
            else:
                out[k2] = normalize(v)
        return out
    if isinstance(x, list):
        return [normalize(v) for v in x]
    if isinstance(x, str):
        for rx, rep in _PATTERNS:
            x = rx.sub(rep, x)
        return x
    return x


def _load(p: Path):
    if p.suffix == ".jsonl":
        return [json.loads(line) for line in p.read_text().splitlines() if line.strip()]
    if p.suffix == ".json":
        return json.loads(p.read_text())
    return None


def compare(expected_dir: Path, actual_dir: Path) -> list[str]:
    problems = []
    for sub in ("events", "transactions"):
        exp = {p.name for p in (expected_dir / sub).glob("*") if p.suffix in (".json", ".jsonl")}
        act = {p.name for p in (actual_dir / sub).glob("*") if p.suffix in (".json", ".jsonl")}
        for name in sorted(exp - act):
            problems.append(f"{sub}/{name}: in the repository, not recorded now")
        for name in sorted(act - exp):
            problems.append(f"{sub}/{name}: recorded now, not in the repository")
        for name in sorted(exp & act):
            a, b = normalize(_load(expected_dir / sub / name)), normalize(_load(actual_dir / sub / name))
            if sub == "transactions" and name.endswith(".jsonl"):
                # how Synapse batches events into transactions varies with timing: compare the
                # stream of events and ephemeral events, not the envelopes
                # presence and typing pushes depend on timing too: left out
                def flat(txns):
                    return sorted(json.dumps(e, sort_keys=True) for t in txns
                                  for e in t["body"].get("events", []) + t["body"].get("ephemeral", [])
                                  if e.get("type") not in ("m.presence", "m.typing"))
                a, b = flat(a), flat(b)
            if a != b:
                problems.append(f"{sub}/{name}: differs\n    repo: {json.dumps(a, sort_keys=True)[:600]}\n    now:  {json.dumps(b, sort_keys=True)[:600]}")
    return problems


async def amain(check: bool) -> int:
    state = peers.load_state()
    t0 = time.monotonic()
    if check:
        tmp = Path(tempfile.mkdtemp(prefix="triage-fixtures-"))
        try:
            summary = await record(state, tmp)
            problems = compare(OUT, tmp)
            # transaction envelopes depend on timing; the full stream check above covers them
            problems = [p for p in problems if not re.match(r"transactions/synapse-[\d.]+-(ephemeral-)?transaction\.json", p)]
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        n = len(list((OUT / "events").glob("*.json"))) + len(list((OUT / "transactions").glob("*.json*")))
        for p in problems:
            print(f"FAIL fixture {p}")
        print(f"record_fixtures --check: {summary} in {time.monotonic() - t0:.1f}s")
        print(f"{n - len(problems)} passed, {len(problems)} failed")
        return 1 if problems else 0
    for sub in ("events", "transactions"):
        for p in (OUT / sub).glob("*"):
            if p.suffix in (".json", ".jsonl", ".yaml"):
                p.unlink()
    summary = await record(state, OUT)
    print(f"record_fixtures: wrote {summary} under {OUT.relative_to(REPO)} in {time.monotonic() - t0:.1f}s")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="record into a temp dir and compare with the repository")
    a = ap.parse_args()
    logging.getLogger("nio").setLevel(logging.CRITICAL)
    try:
        return asyncio.run(asyncio.wait_for(amain(a.check), timeout=180))
    except (CheckFailed, peers.PeerError, asyncio.TimeoutError) as e:
        print(f"record_fixtures: {type(e).__name__}: {e}")
        print("0 passed, 1 failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())
