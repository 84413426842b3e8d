"""End-to-end: Matrix client -> Synapse -> heisenbridge (appservice) -> ngircd -> raw IRC client, and
back. Needs running peers (`peers.sh start`); run with the venv's python.

Sets the bridge up the way a person does (a DM with the bridge bot: ADDNETWORK, ADDSERVER, OPEN,
CONNECT, JOIN), then asserts that plain text crosses both ways and pins how heisenbridge renders
each kind of Matrix event on IRC. Every observation is printed as a `fact` line; with
--facts FILE they are also written as JSON. Closes with `N passed, N failed`; exit 1 on failure.

Barrier: heisenbridge sends IRC lines through a queue that is FIFO within a priority (PRIVMSG 1,
NOTICE 2), so once a later marker PRIVMSG arrives on IRC, every earlier probe's PRIVMSGs have.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import time

import peers
from mxtest import CHANNEL, IRC_NICK, CheckFailed, HeisenDriver, Tally, ok


class Chain(HeisenDriver):
    """The setup and the probe barrier are HeisenDriver's (mxtest.py); here: what crosses."""

    async def matrix_to_irc_plain(self):
        m = self.irc.mark()
        await self.alice.text(self.chan, "hello from matrix")
        line = await self.irc.wait_line(lambda l: " PRIVMSG " in l, 20, m, "PRIVMSG from alice")
        want = rf"^:alice!\S+ PRIVMSG {CHANNEL} :hello from matrix$"
        if not re.match(want, line):
            raise CheckFailed(f"IRC got {line!r}, wanted /{want}/")
        self.t.fact("plain.irc_line", line)

    async def irc_to_matrix_plain(self):
        m = self.alice.mark()
        self.irc.send(f"PRIVMSG {CHANNEL} :hello from irc")
        _, ev = await self.alice.wait_event(
            lambda r, ev: r == self.chan and ev.get("type") == "m.room.message" and ev.get("sender") != self.alice.user_id,
            20, m, "the IRC message on Matrix",
        )
        if ev["sender"] != self.puppet or ev["content"].get("body") != "hello from irc" or ev["content"].get("msgtype") != "m.text":
            raise CheckFailed(f"Matrix got {json.dumps(ev)}")
        self.irc_event_id = ev["event_id"]
        self.t.fact("irc_to_matrix.plain", {"sender": ev["sender"], "content": ev["content"]})

    async def irc_to_matrix_kinds(self):
        """IRC formatting, ACTION, NOTICE, and three quick lines, as Matrix events."""
        out = {}
        for name, raw in [
            ("bold_color", f"PRIVMSG {CHANNEL} :\x02bold\x02 and \x0304red\x03 and \x1ditalic\x1d"),
            ("action", f"PRIVMSG {CHANNEL} :\x01ACTION waves\x01"),
            ("notice", f"NOTICE {CHANNEL} :an irc notice"),
        ]:
            m = self.alice.mark()
            self.irc.send(raw)
            _, ev = await self.alice.wait_event(
                lambda r, ev: r == self.chan and ev.get("sender") == self.puppet and ev.get("type") == "m.room.message",
                20, m, f"IRC {name} on Matrix",
            )
            out[name] = ev["content"]
            await asyncio.sleep(0.3)  # keep the next one out of heisenbridge's 100 ms merge window
        # ngircd takes client lines of up to 512 bytes with CRLF (longer: "ERROR :Request too long" and
        # a disconnect) and cuts relayed lines to 512 with its ":nick!user@host " prefix
        m = self.alice.mark()
        self.irc.send(f"PRIVMSG {CHANNEL} :" + "z" * (510 - len(f"PRIVMSG {CHANNEL} :")))
        _, ev = await self.alice.wait_event(
            lambda r, ev: r == self.chan and ev.get("sender") == self.puppet and ev.get("type") == "m.room.message",
            20, m, "IRC 512-byte line on Matrix",
        )
        out["line_of_512_bytes"] = {"sent_text_bytes": 510 - len(f"PRIVMSG {CHANNEL} :"),
                                    "matrix_body_bytes": len(ev["content"]["body"].encode())}
        await asyncio.sleep(0.3)
        m = self.alice.mark()
        for i in range(3):
            self.irc.send(f"PRIVMSG {CHANNEL} :burst line {i}")
        await asyncio.sleep(2.0)
        out["burst_of_3_lines"] = [
            ev["content"] for ev in self.alice.events_since(m, self.chan)
            if ev.get("sender") == self.puppet and ev.get("type") == "m.room.message"
        ]
        self.t.fact("irc_to_matrix.kinds", out)
        problems = []
        if out["action"].get("msgtype") != "m.emote" or out["notice"].get("msgtype") != "m.notice":
            problems.append("ACTION should arrive as m.emote and NOTICE as m.notice")
        if "<b>bold</b>" not in out["bold_color"].get("formatted_body", ""):
            problems.append("mIRC bold should arrive as <b> in formatted_body")
        if [c.get("body") for c in out["burst_of_3_lines"]] != ["burst line 0\nburst line 1\nburst line 2"]:
            problems.append("three quick lines should merge into one event")
        big = out["line_of_512_bytes"]
        if not 0 < big["matrix_body_bytes"] < big["sent_text_bytes"]:
            problems.append("ngircd should cut a relayed 512-byte line")
        if problems:
            raise CheckFailed("; ".join(problems))

    async def probes(self) -> dict:
        a, chan = self.alice, self.chan
        r = {}

        r["html"] = await self.probe(
            "html_bold_list",
            lambda: a.send(chan, {
                "msgtype": "m.text",
                "body": "**bold** and a list\n\n- one\n- two",
                "format": "org.matrix.custom.html",
                "formatted_body": "<strong>bold</strong> and a list<ul><li>one</li><li>two</li></ul>",
            }),
        )
        r["html_more"] = await self.probe(
            "html_more",
            lambda: a.send(chan, {
                "msgtype": "m.text",
                "body": "it: x, strike: y, code: z, link, quote",
                "format": "org.matrix.custom.html",
                "formatted_body": (
                    "<em>it</em> <del>strike</del> <code>code</code> <u>under</u> "
                    '<a href="https://example.org/x">link</a> '
                    f'<a href="https://matrix.to/#/{self.puppet}">{IRC_NICK}</a>'
                    "<blockquote>quoted</blockquote><pre><code>pre 1\npre 2</code></pre><h1>Head</h1>"
                ),
            }),
        )
        r["multiline"] = await self.probe("multiline_body", lambda: a.text(chan, "line one\nline two\n\nline three"))
        r["emote"] = await self.probe("emote", lambda: a.text(chan, "waves back", "m.emote"))

        # edits: heisenbridge diffs an edit against the sender's last message when that is the
        # edited one, else sends the new content whole
        orig = {}

        async def edit_last():
            m = self.irc.mark()
            orig["id"] = await a.text(chan, "the quick fox jumps")
            await self.irc.wait_line(lambda l: l.endswith(" :the quick fox jumps"), 20, m, "edit original")
            return await a.send(chan, {
                "msgtype": "m.text",
                "body": "* the quick brown fox jumps",
                "m.new_content": {"msgtype": "m.text", "body": "the quick brown fox jumps"},
                "m.relates_to": {"rel_type": "m.replace", "event_id": orig["id"]},
            })

        r["edit"] = await self.probe("edit_of_last_message_add_word", edit_last)
        r["edit_older"] = await self.probe(
            "edit_of_older_message",  # the barrier line is now alice's last message
            lambda: a.send(chan, {
                "msgtype": "m.text",
                "body": "* the brown fox jumps",
                "m.new_content": {"msgtype": "m.text", "body": "the brown fox jumps"},
                "m.relates_to": {"rel_type": "m.replace", "event_id": orig["id"]},
            }),
        )
        irc_ev = self.irc_event_id
        r["reply"] = await self.probe(
            "reply_no_fallback",
            lambda: a.send(chan, {
                "msgtype": "m.text",
                "body": "a reply without fallback",
                "m.relates_to": {"m.in_reply_to": {"event_id": irc_ev}},
            }),
        )
        r["reply_fallback"] = await self.probe(
            "reply_with_fallback",
            lambda: a.send(chan, {
                "msgtype": "m.text",
                "body": f"> <{self.puppet}> hello from irc\n\na reply with fallback",
                "format": "org.matrix.custom.html",
                "formatted_body": (
                    f'<mx-reply><blockquote><a href="https://matrix.to/#/{chan}/{irc_ev}">In reply to</a> '
                    f'<a href="https://matrix.to/#/{self.puppet}">{self.puppet}</a><br>hello from irc'
                    "</blockquote></mx-reply>a reply with fallback"
                ),
                "m.relates_to": {"m.in_reply_to": {"event_id": irc_ev}},
            }),
        )
        r["thread"] = await self.probe(
            "thread_message",
            lambda: a.send(chan, {
                "msgtype": "m.text",
                "body": "in a thread",
                "m.relates_to": {
                    "rel_type": "m.thread", "event_id": irc_ev,
                    "is_falling_back": True, "m.in_reply_to": {"event_id": irc_ev},
                },
            }),
        )

        async def redact():
            target = await a.text(chan, "to be redacted")
            await asyncio.sleep(0.5)
            resp = ok(await a.client.room_redact(chan, target, reason="test"), "redact")
            return resp.event_id

        r["redaction"] = await self.probe("redaction_of_text", redact, receipt=False)

        # long messages: heisenbridge splits at 512 bytes minus ":nick!user@host PRIVMSG #chan :\r\n"
        words = " ".join(f"word{i:03d}" for i in range(100))  # 799 characters
        r["long"] = await self.probe("long_799_chars", lambda: a.text(chan, words), timeout=40)
        r["long_word"] = await self.probe("long_single_word_600", lambda: a.text(chan, "x" * 600), timeout=30)

        # media
        up, _ = await a.client.upload(lambda *_: b"hello file\n", content_type="text/plain", filename="hello.txt", filesize=11)
        mxc = ok(up, "upload").content_uri
        r["file"] = await self.probe(
            "file",
            lambda: a.send(chan, {"msgtype": "m.file", "body": "hello.txt", "url": mxc, "info": {"mimetype": "text/plain", "size": 11}}),
        )
        r["image_caption"] = await self.probe(
            "image_with_caption",
            lambda: a.send(chan, {
                "msgtype": "m.image", "body": "look at this", "filename": "pic.png", "url": mxc,
                "info": {"mimetype": "image/png", "size": 11, "w": 1, "h": 1},
            }),
        )
        # kinds that heisenbridge leaves alone, sent together behind one barrier (each sent text is
        # distinct, so a line that did cross would still say which kind it came from)
        silent = [
            ("notice", "m.room.message", {"msgtype": "m.notice", "body": "a matrix notice"}),
            ("reaction", "m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": irc_ev, "key": "👍"}}),
            ("location", "m.room.message", {"msgtype": "m.location", "body": "Somewhere", "geo_uri": "geo:51.5,-0.12"}),
            ("sticker", "m.sticker", {"body": "a sticker", "url": mxc, "info": {"mimetype": "image/png", "w": 1, "h": 1}}),
            ("poll", "org.matrix.msc3381.poll.start", {
                "org.matrix.msc3381.poll.start": {
                    "question": {"org.matrix.msc1767.text": "Tea?"},
                    "kind": "org.matrix.msc3381.poll.disclosed", "max_selections": 1,
                    "answers": [{"id": "y", "org.matrix.msc1767.text": "yes"}, {"id": "n", "org.matrix.msc1767.text": "no"}],
                },
                "org.matrix.msc1767.text": "Tea?\n1. yes\n2. no",
            }),
        ]

        async def send_silent():
            for _, etype, content in silent:
                await a.send(chan, content, etype)
            await asyncio.sleep(0.5)
            return None

        r["silent"] = await self.probe("notice_reaction_location_sticker_poll", send_silent)
        return r

    def assert_probes(self, r: dict) -> None:
        """What heisenbridge 1.15.4 does, as asserted facts (the shipped irc profile rests on them)."""
        def irc(k):
            return (r.get(k) or {}).get("irc")

        def reacts(k):
            return [e["content"]["m.relates_to"].get("key") for e in (r.get(k) or {}).get("matrix_back", [])
                    if e["type"] == "m.reaction"]

        long_lines = irc("long") or []
        file_lines = irc("file") or []
        image_lines = irc("image_caption") or []
        checks = [
            ("html bold/list becomes plain text: *bold*, one PRIVMSG per list item",
             irc("html") == ["PRIVMSG *bold* and a list", "PRIVMSG - one", "PRIVMSG - two"], irc("html")),
            ("html: _italic_ ~strike~ \"code\", link as 'text (url)', pill as display name",
             (irc("html_more") or [""])[0] == 'PRIVMSG _it_ ~strike~ "code" under link (https://example.org/x) ircpeer',
             irc("html_more")),
            ("multi-line body: one PRIVMSG per non-blank line, bot reacts with the line count",
             irc("multiline") == ["PRIVMSG line one", "PRIVMSG line two", "PRIVMSG line three"]
             and reacts("multiline") == ["\u2702 3 lines"], (irc("multiline"), reacts("multiline"))),
            ("m.notice, m.reaction, m.location, m.sticker, poll start are not bridged", irc("silent") == [], irc("silent")),
            ("m.emote becomes CTCP ACTION", irc("emote") == ["PRIVMSG \x01ACTION waves back\x01"], irc("emote")),
            ("edit of the last message: an IRC-style diff line ('+brown')",
             irc("edit") == ["PRIVMSG the quick fox jumps", "PRIVMSG +brown"], irc("edit")),
            ("edit of an older message: the new content whole, no marker",
             irc("edit_older") == ["PRIVMSG the brown fox jumps"], irc("edit_older")),
            ("reply: first line prefixed 'nick: ', fallback stripped",
             irc("reply") == [f"PRIVMSG {IRC_NICK}: a reply without fallback"]
             and irc("reply_fallback") == [f"PRIVMSG {IRC_NICK}: a reply with fallback"],
             (irc("reply"), irc("reply_fallback"))),
            ("thread message with is_falling_back is treated as a reply",
             irc("thread") == [f"PRIVMSG {IRC_NICK}: in a thread"], irc("thread")),
            ("redaction is not bridged (the message stays on IRC)", irc("redaction") == ["PRIVMSG to be redacted"], irc("redaction")),
            ("long text is split at word boundaries with '...' markers",
             len(long_lines) == 2 and long_lines[0].endswith("...") and long_lines[1].startswith("PRIVMSG ... ")
             and all(len(x.encode()) - len("PRIVMSG ") <= 466 for x in long_lines), [len(x) for x in long_lines]),
            ("a word too long for one line is lost (only '...' arrives)", irc("long_word") == ["PRIVMSG ..."], irc("long_word")),
            ("file: a link to heisenbridge's media proxy, bot reacts with a link emoji",
             len(file_lines) == 1 and "/_heisenbridge/media/" in file_lines[0] and file_lines[0].endswith("/hello.txt")
             and reacts("file") == ["\U0001f517"], (file_lines, reacts("file"))),
            ("media with caption: the link (named by filename), then the caption",
             len(image_lines) == 2 and image_lines[0].endswith("/pic.png") and image_lines[1] == "PRIVMSG look at this",
             image_lines),
        ]
        for name, passed, got in checks:
            if passed:
                self.t.passed += 1
                print(f"ok   behaviour: {name}", flush=True)
            else:
                self.t.failed += 1
                print(f"FAIL behaviour: {name}: got {got!r}", flush=True)



async def run(facts_path: str | None) -> int:
    state = peers.load_state()
    if not state.get("bridge"):
        print("chain_test: these peers have no bridge", file=sys.stderr)
        return 2
    t = Tally()
    c = Chain(state, t)
    t0 = time.monotonic()
    try:
        steps = [
            ("register alice via shared secret and log in", c.login),
            ("DM with the bridge bot opens the control room", c.control_room),
            ("ADDNETWORK/ADDSERVER/OPEN make a network room", c.add_network),
            ("raw IRC client joins the channel", c.irc_peer),
            ("CONNECT reaches ngircd", c.connect),
            ("JOIN makes a channel room", c.join_channel),
            ("Matrix text arrives on IRC as PRIVMSG", c.matrix_to_irc_plain),
            ("IRC PRIVMSG arrives on Matrix as m.text from the puppet", c.irc_to_matrix_plain),
        ]
        for name, step in steps:
            before = t.failed
            await t.check(name, step())
            if t.failed > before:
                raise CheckFailed("chain broken; skipping the rest")
        await t.check("IRC formatting, ACTION, NOTICE on Matrix", c.irc_to_matrix_kinds())
        r = await t.check("probes of each Matrix event kind", c.probes())
        if r:
            c.assert_probes(r)
    except CheckFailed as e:
        print(f"chain_test: {e}", flush=True)
    finally:
        await c.close()
    print(f"chain_test: {time.monotonic() - t0:.1f}s", flush=True)
    if t.failed:
        print("--- heisenbridge log tail ---\n" + peers.tail(state["bridge"]["log"], 30), flush=True)
    if facts_path:
        with open(facts_path, "w") as f:
            json.dump(t.facts, f, indent=2, ensure_ascii=False)
    print(t.close_line(), flush=True)
    return 1 if t.failed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--facts", help="write the observed facts as JSON here")
    ap.add_argument("--timeout", type=float, default=240, help="bound on the whole run, seconds")
    a = ap.parse_args()
    # nio warns about events it cannot validate; heisenbridge sends one (an m.reaction whose
    # m.relates_to.event_id is null, for media with a caption): the probe records it instead
    logging.getLogger("nio").setLevel(logging.CRITICAL)
    try:
        return asyncio.run(asyncio.wait_for(run(a.facts), timeout=a.timeout))
    except asyncio.TimeoutError:
        print(f"chain_test: the whole run took longer than {a.timeout:.0f}s")
        print("0 passed, 1 failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())
