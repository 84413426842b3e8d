"""Small helpers shared by chain_test.py, proxy_test.py and record_fixtures.py: a Matrix user on
matrix-nio with a bounded background /sync, a raw IRC client, a pass/fail tally, and HeisenDriver:
a Matrix user setting heisenbridge up the way a person does and probing what crosses to IRC."""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any, Callable

from nio import (AsyncClient, AsyncClientConfig, InviteNameEvent, JoinError, LoginError, RoomCreateError,
                 RoomSendError, SyncError)

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
        self.invite_names: dict[str, str] = {}  # room_id -> the name in the invite's room state
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
            for room_id, info in resp.rooms.invite.items():
                for ev in info.invite_state:
                    if isinstance(ev, InviteNameEvent):
                        self.invite_names[room_id] = ev.name
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

    async def invited_to(self, name: str, timeout: float = 20.0) -> str:
        """The room an invite named `name` came for (its invite room state names it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for room_id, room_name in self.invite_names.items():
                if room_name == name:
                    return room_id
            await asyncio.sleep(0.1)
        raise CheckFailed(f"no invite to a room named {name!r} within {timeout:.0f}s")

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


NETWORK = "triage"
CHANNEL = "#triage"
IRC_NICK = "ircpeer"


class HeisenDriver:
    """@alice driving heisenbridge, and a raw IRC client `ircpeer` in the channel.

    Setup the way a person does it: a DM with the bridge bot (the control room), there
    ADDNETWORK / ADDSERVER / OPEN (a network room), there CONNECT and JOIN (a channel room). More
    networks to the same IRC server can be opened (`open_network`), each with its own IRC connection
    and so its own heisenbridge send queue.

    Barrier (`probe`): heisenbridge sends IRC lines through a queue that is FIFO within a priority
    (PRIVMSG 1, NOTICE 2), so once a later marker PRIVMSG arrives on IRC, every earlier probe's
    PRIVMSGs have.
    """

    def __init__(self, state: dict, tally: Tally):
        self.state = state
        self.t = tally
        self.bot = state["bridge"]["bot"]
        self.alice = MatrixUser(state, "alice")
        self.irc = IRCClient(state["irc"]["host"], state["irc"]["port"], IRC_NICK)
        self.ctrl = self.net = self.chan = None
        self.marks = 0
        self.puppet = f"@irc_{NETWORK}_{IRC_NICK}:{state['server_name']}"
        self.irc_event_id = None  # a message from the IRC side, to reply/react to

    # --- helpers -------------------------------------------------------------------------------

    def bot_notice(self, room_id, pattern):
        rx = re.compile(pattern)

        def pred(r, ev):
            return (
                r == room_id
                and ev.get("sender") == self.bot
                and ev.get("type") == "m.room.message"
                and rx.search(ev.get("content", {}).get("body", "")) is not None
            )

        return pred

    async def command(self, room_id, text, expect, timeout=20.0):
        m = self.alice.mark()
        await self.alice.text(room_id, text)
        return await self.alice.wait_event(self.bot_notice(room_id, expect), timeout, m, f"bot reply /{expect}/ to {text}")

    async def command_once_more(self, room_id, text, expect, timeout=20.0):
        """A command whose repeat is harmless: sent again if the first reply is late."""
        try:
            return await self.command(room_id, text, expect, timeout)
        except CheckFailed:
            return await self.command(room_id, text, expect, timeout)

    async def new_invite(self, before: int, timeout=20.0, what="invite") -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.alice.invites) > before:
                return self.alice.invites[before]
            await asyncio.sleep(0.1)
        raise CheckFailed(f"no {what} within {timeout:.0f}s")

    async def joined(self, room_id, user_id, timeout=20.0):
        await self.alice.wait_event(
            lambda r, ev: r == room_id
            and ev.get("type") == "m.room.member"
            and ev.get("state_key") == user_id
            and ev.get("content", {}).get("membership") == "join",
            timeout,
            0,
            f"{user_id} joined {room_id}",
        )

    async def bot_receipt(self, event_id, timeout=8.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (event_id, self.bot) in self.alice.receipts:
                return True
            await asyncio.sleep(0.05)
        return False

    @staticmethod
    def channel_lines(lines: list[str], channel: str = CHANNEL) -> list[str]:
        """'PRIVMSG text' / 'NOTICE text' for each line sent to channel."""
        out = []
        for line in lines:
            m = re.match(r"^:(\S+?)!\S+ (PRIVMSG|NOTICE) (\S+) :(.*)$", line)
            if m and m.group(3).lower() == channel:
                out.append(f"{m.group(2)} {m.group(4)}")
        return out

    async def probe(self, name: str, send, receipt: bool = True, timeout: float = 30.0) -> dict:
        """Send something into the channel room, then a barrier line; return what IRC saw between
        and what the bridge did on the Matrix side (reactions, notices)."""
        t0 = time.monotonic()
        irc_mark, mx_mark = self.irc.mark(), self.alice.mark()
        event_id = await send()
        # heisenbridge marks an m.room.message read when it has queued its IRC lines; for other
        # event types give its handler a moment (handlers run as concurrent tasks)
        if not (receipt and event_id and await self.bot_receipt(event_id, timeout=5.0)):
            await asyncio.sleep(0.5)
        self.marks += 1
        marker = f"~mark{self.marks}"
        marker_id = await self.alice.text(self.chan, marker)
        await self.irc.wait_line(lambda l: l.endswith(f" :{marker}"), timeout, irc_mark, f"barrier {marker}")
        before_marker = []
        for line in self.irc.lines[irc_mark:]:
            if line.endswith(f" :{marker}"):
                break
            before_marker.append(line)
        lines = self.channel_lines(before_marker)
        # what the bridge bot / puppets sent back into the room meanwhile (reactions, notices):
        # they precede the marker in the room, so once alice's sync has the marker, it has them
        await self.alice.wait_event(lambda r, ev: ev.get("event_id") == marker_id, 10, mx_mark, f"{marker} in sync")
        mx = [
            {"type": ev["type"], "sender": ev["sender"], "content": ev.get("content")}
            for ev in self.alice.events_since(mx_mark, self.chan)
            if ev.get("sender") != self.alice.user_id
        ]
        result = {"event_id": event_id, "irc": lines, "matrix_back": mx, "seconds": round(time.monotonic() - t0, 1)}
        self.t.fact(name, result)
        return result

    # --- setup steps -----------------------------------------------------------------------------

    async def login(self):
        try:
            await self.alice.register_and_login()
        except peers.PeerError as e:
            if "M_USER_IN_USE" in str(e):
                raise CheckFailed("alice exists already: these tests need fresh peers (peers.sh stop; peers.sh start)")
            raise
        self.alice.start_sync()

    async def control_room(self):
        resp = ok(
            await self.alice.client.room_create(is_direct=True, invite=[self.bot], name="heisenbridge"),
            "create DM with the bridge bot",
        )
        self.ctrl = resp.room_id
        await self.alice.wait_event(self.bot_notice(self.ctrl, "Howdy"), 30, 0, "bridge bot greeting in the DM")

    async def open_network(self, network: str = NETWORK, nick: str | None = None) -> str:
        """ADDNETWORK, ADDSERVER (this IRC server), OPEN; NICK when given. Returns the network room."""
        # heisenbridge saves its configuration to the homeserver before it answers, which under load
        # can take longer than a reply usually does: once more, and "already" counts as done.
        await self.command_once_more(self.ctrl, f"ADDNETWORK {network}", "^Network (added|already exists)")
        await self.command_once_more(
            self.ctrl,
            f"ADDSERVER {network} {self.state['irc']['host']} {self.state['irc']['port']}",
            "^(Server added|This server already exists)",
        )
        before = len(self.alice.invites)
        await self.alice.text(self.ctrl, f"OPEN {network}")
        net = await self.new_invite(before, what=f"network room invite after OPEN {network}")
        await self.joined(net, self.alice.user_id)
        if nick:
            await self.command(net, f"NICK {nick}", "^Nickname set to")
        return net

    async def add_network(self):
        self.net = await self.open_network()

    async def irc_peer(self):
        await self.irc.connect()
        await self.irc_join(CHANNEL)

    async def irc_join(self, channel: str):
        m = self.irc.mark()
        self.irc.send(f"JOIN {channel}")
        await self.irc.wait_line(lambda l: " 366 " in l and channel in l, 10, m, f"end of NAMES after JOIN {channel}")

    async def connect(self, net: str | None = None):
        net = net or self.net
        m = self.alice.mark()
        await self.alice.text(net, "CONNECT")
        await self.alice.wait_event(self.bot_notice(net, "Welcome"), 30, m, "IRC welcome relayed to network room")

    async def join_channel(self, net: str | None = None, channel: str = CHANNEL, nick: str = "alice") -> str:
        """JOIN in a network room: waits for the IRC JOIN and the channel room. Returns the room."""
        main = net is None
        net = net or self.net
        before = len(self.alice.invites)
        m = self.irc.mark()
        await self.alice.text(net, f"JOIN {channel}")
        await self.irc.wait_line(
            lambda l: re.match(rf"^:{re.escape(nick)}!\S+ JOIN :?{re.escape(channel)}$", l) is not None,
            20, m, f"{nick} JOIN {channel}",
        )
        chan = await self.new_invite(before, what=f"channel room invite for {channel}")
        await self.joined(chan, self.alice.user_id)
        if main:
            self.chan = chan
        return chan

    async def close(self):
        await self.irc.close()
        await self.alice.close()
