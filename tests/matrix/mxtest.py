"""Small helpers shared by chain_test.py and record_fixtures.py: a Matrix user on matrix-nio with a
bounded background /sync, a raw IRC client, and a pass/fail tally."""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any, Callable

from nio import AsyncClient, AsyncClientConfig, JoinError, LoginError, RoomCreateError, RoomSendError, SyncError

import peers


class CheckFailed(AssertionError):
    pass


def ok(resp, what: str):
    """nio answers errors as objects: turn them into a failure naming `what`."""
    if isinstance(resp, (LoginError, RoomCreateError, RoomSendError, JoinError, SyncError)) or (
        type(resp).__name__.endswith("Error")
    ):
        raise CheckFailed(f"{what}: {resp}")
    return resp


class MatrixUser:
    """A registered user with a background /sync that records every timeline event (raw, as the
    server returned it) and optionally joins every room it is invited to."""

    def __init__(self, state: dict, localpart: str, password: str = "triage-test-pw", admin: bool = False):
        self.state = state
        self.localpart = localpart
        self.password = password
        self.admin = admin
        self.user_id = f"@{localpart}:{state['server_name']}"
        self.client = AsyncClient(
            state["hs_url"], self.user_id, config=AsyncClientConfig(request_timeout=30, max_timeouts=2)
        )
        self.timeline: list[tuple[str, dict]] = []  # (room_id, event)
        self.receipts: set[tuple[str, str]] = set()  # (event_id, user_id) of read receipts seen
        self.invites: list[str] = []
        self.auto_join = True
        self._task: asyncio.Task | None = None
        self._next_batch: str | None = None
        self.sync_error: Exception | None = None

    async def register_and_login(self) -> "MatrixUser":
        await asyncio.to_thread(peers.register_user, self.state, self.localpart, self.password, self.admin)
        ok(await self.client.login(self.password, device_name="triage-tests"), f"login {self.user_id}")
        return self

    def start_sync(self) -> None:
        self._task = asyncio.create_task(self._sync_loop())

    async def _sync_loop(self) -> None:
        joined: set[str] = set()
        while True:
            resp = await self.client.sync(timeout=500, since=self._next_batch)
            if isinstance(resp, SyncError):
                self.sync_error = CheckFailed(f"sync: {resp}")
                await asyncio.sleep(0.5)
                continue
            self._next_batch = resp.next_batch
            for room_id, room in resp.rooms.join.items():
                for ev in room.timeline.events:
                    self.timeline.append((room_id, ev.source))
                for ev in room.ephemeral:
                    for rc in getattr(ev, "receipts", None) or []:
                        self.receipts.add((rc.event_id, rc.user_id))
            for room_id in resp.rooms.invite:
                if room_id not in self.invites:
                    self.invites.append(room_id)
                if self.auto_join and room_id not in joined:
                    joined.add(room_id)
                    ok(await self.client.join(room_id), f"join {room_id}")

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass
        await self.client.close()

    def mark(self) -> int:
        return len(self.timeline)

    async def wait_event(
        self, pred: Callable[[str, dict], bool], timeout: float = 20.0, since: int = 0, what: str = "event"
    ) -> tuple[str, dict]:
        deadline = time.monotonic() + timeout
        i = since
        while time.monotonic() < deadline:
            while i < len(self.timeline):
                room_id, ev = self.timeline[i]
                i += 1
                if pred(room_id, ev):
                    return room_id, ev
            await asyncio.sleep(0.1)
        raise CheckFailed(f"timed out after {timeout:.0f}s waiting for {what}")

    def events_since(self, since: int, room_id: str | None = None) -> list[dict]:
        return [ev for r, ev in self.timeline[since:] if room_id is None or r == room_id]

    async def send(self, room_id: str, content: dict, event_type: str = "m.room.message") -> str:
        resp = ok(await self.client.room_send(room_id, event_type, content), f"send {event_type}")
        return resp.event_id

    async def text(self, room_id: str, body: str, msgtype: str = "m.text") -> str:
        return await self.send(room_id, {"msgtype": msgtype, "body": body})


class IRCClient:
    """A plain IRC client on a socket: registers, answers PING, records every line."""

    def __init__(self, host: str, port: int, nick: str):
        self.host, self.port, self.nick = host, port, nick
        self.lines: list[str] = []
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task | None = None

    async def connect(self, timeout: float = 15.0) -> None:
        self._reader, self._writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), timeout
        )
        self._task = asyncio.create_task(self._read_loop())
        self.send(f"NICK {self.nick}")
        self.send(f"USER {self.nick} 0 * :Triage test peer")
        await self.wait_line(lambda l: re.match(r"^:\S+ 001 ", l) is not None, timeout, what="IRC welcome (001)")

    def send(self, line: str) -> None:
        assert self._writer is not None
        self._writer.write(line.encode() + b"\r\n")

    async def _read_loop(self) -> None:
        assert self._reader is not None
        while True:
            raw = await self._reader.readline()
            if not raw:
                return
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line.startswith("PING "):
                self.send("PONG " + line[5:])
            self.lines.append(line)

    def mark(self) -> int:
        return len(self.lines)

    async def wait_line(self, pred: Callable[[str], bool], timeout: float = 20.0, since: int = 0, what: str = "line") -> str:
        deadline = time.monotonic() + timeout
        i = since
        while time.monotonic() < deadline:
            while i < len(self.lines):
                line = self.lines[i]
                i += 1
                if pred(line):
                    return line
            await asyncio.sleep(0.05)
        raise CheckFailed(f"timed out after {timeout:.0f}s waiting for IRC {what}")

    def privmsgs_since(self, since: int, target: str) -> list[str]:
        """Texts of PRIVMSG/NOTICE lines to target since mark, as 'PRIVMSG: text' / 'NOTICE: text'."""
        out = []
        for line in self.lines[since:]:
            m = re.match(r"^:(\S+) (PRIVMSG|NOTICE) (\S+) :(.*)$", line)
            if m and m.group(3).lower() == target.lower():
                out.append(line)
        return out

    async def close(self) -> None:
        if self._writer:
            try:
                self.send("QUIT :bye")
                await self._writer.drain()
            except Exception:
                pass
            self._writer.close()
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass


class Tally:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.facts: dict[str, Any] = {}

    async def check(self, name: str, coro) -> Any:
        t0 = time.monotonic()
        try:
            result = await coro
        except (CheckFailed, AssertionError, asyncio.TimeoutError, peers.PeerError) as e:
            self.failed += 1
            print(f"FAIL {name} ({time.monotonic() - t0:.1f}s): {e}", flush=True)
            return None
        self.passed += 1
        print(f"ok   {name} ({time.monotonic() - t0:.1f}s)", flush=True)
        return result

    def fact(self, name: str, value: Any) -> None:
        self.facts[name] = value
        print(f"fact {name}: {json.dumps(value, ensure_ascii=False)}", flush=True)

    def close_line(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"
