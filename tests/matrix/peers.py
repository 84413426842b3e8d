"""Real Matrix test peers on loopback: ngircd, Synapse and heisenbridge as Synapse's appservice.

Usage (with the venv that setup.sh makes):

    .venv/bin/python peers.py start [--proxy-url URL | --passthrough] [--no-bridge] [--ephemeral]
    .venv/bin/python peers.py retarget URL      # point the bridge's registration url elsewhere
    .venv/bin/python peers.py status | logs [-n LINES]
    .venv/bin/python peers.py stop

Everything lives in one state directory: $TRIAGE_PEERS_DIR, else ${TMPDIR:-/tmp}/triage-matrix-peers.
`start` writes peers.json there (ports, URLs, tokens, pids, log paths); tests read it with
`load_state()`. All processes bind to 127.0.0.1 on free ports, run in their own process group,
and `stop` ends exactly those groups.

The proxy hook: the homeserver sends the bridge's transactions to the registration's `url`.
Without --proxy-url that is heisenbridge's own listener (`bridge_url`). With --proxy-url URL the
registration says URL while heisenbridge still listens on `bridge_url`, so a proxy (Triage) at URL
forwards to `bridge_url`. `retarget URL` rewrites the registration and restarts Synapse (it reads
appservice registrations only at start); `retarget` with no URL points it back at the bridge.
`--passthrough` starts passthrough.py as that proxy (it forwards unchanged and logs each request
to passthrough.jsonl): the same wiring Triage will have, with nothing mediated.

heisenbridge's generated registration asks for no ephemeral data; --ephemeral adds
`receive_ephemeral` and `de.sorunome.msc2409.push_ephemeral` to it, so the homeserver pushes
typing and read receipts (heisenbridge itself ignores them) and a proxy's handling of them shows.

A second appservice, the "recorder" (id triage-recorder, bot @triagerecorder, users
@triagerecorder_.*), is always registered with receive_ephemeral; nothing listens at its URL
unless a test does (record_fixtures.py), and the homeserver only sends to it once its bot is in a
room.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SERVER_NAME = "triage.test"
HOST = "127.0.0.1"
STATE_FILE = "peers.json"
RECORDER_ID = "triage-recorder"
RECORDER_LOCALPART = "triagerecorder"


def state_dir() -> Path:
    d = os.environ.get("TRIAGE_PEERS_DIR")
    if d:
        return Path(d)
    return Path(os.environ.get("TMPDIR", "/tmp")) / "triage-matrix-peers"


def load_state(directory: Path | None = None) -> dict:
    p = (directory or state_dir()) / STATE_FILE
    if not p.exists():
        raise SystemExit(f"peers: no {p}; run `peers.sh start` first")
    return json.loads(p.read_text())


def save_state(state: dict) -> None:
    p = Path(state["dir"]) / STATE_FILE
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True))
    tmp.replace(p)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def tail(path: str | Path, lines: int = 40) -> str:
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError as e:
        return f"(no log: {e})"
    return "\n".join(text[-lines:])


class PeerError(RuntimeError):
    pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours counts as dead
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def _spawn(name: str, argv: list[str], log: Path, cwd: Path, env: dict | None = None) -> int:
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: stop ends it and its children
            env=env,
        )
    return proc.pid


def _stop_pid(pid: int, timeout: float = 10.0) -> None:
    if not pid or not _alive(pid):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            break
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)
    else:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _wait(what: str, check, pid: int, log: Path, timeout: float) -> None:
    """Poll check() until it is true; bounded by timeout; fail with the log's tail."""
    deadline = time.monotonic() + timeout
    last_err = None
    while time.monotonic() < deadline:
        if not _alive(pid):
            raise PeerError(f"{what} exited during startup; log tail ({log}):\n{tail(log)}")
        try:
            if check():
                return
        except Exception as e:  # noqa: BLE001 - any failure means not ready yet
            last_err = e
        time.sleep(0.25)
    raise PeerError(f"{what} not ready after {timeout:.0f}s (last: {last_err}); log tail ({log}):\n{tail(log)}")


def _http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as r:
        return r.status == 200


def _tcp_ok(port: int) -> bool:
    with socket.create_connection((HOST, port), timeout=1):
        return True


def _log_has(log: Path, needle: str) -> bool:
    try:
        return needle in log.read_text(errors="replace")
    except OSError:
        return False


# --- ngircd -------------------------------------------------------------------------------------


def _ngircd_bin() -> str:
    for cand in (shutil.which("ngircd"), "/usr/sbin/ngircd"):
        if cand and os.path.exists(cand):
            return cand
    raise PeerError("ngircd not found: run tests/matrix/setup.sh")


def _write_ngircd_conf(d: Path, port: int) -> Path:
    (d / "ngircd.d").mkdir(exist_ok=True)
    # started as root, ngircd drops to "nobody" before it writes its pid file
    run = d / "ngircd.run"
    run.mkdir(exist_ok=True)
    run.chmod(0o777)
    (d / "ngircd.motd").write_text("Triage test IRC server\n")
    conf = d / "ngircd.conf"
    conf.write_text(
        f"""[Global]
    Name = irc.{SERVER_NAME}
    Info = Triage test IRC server
    Listen = {HOST}
    Ports = {port}
    MotdFile = {d}/ngircd.motd
    PidFile = {run}/ngircd.pid
    AdminInfo1 = Triage tests
    AdminInfo2 = loopback only
    AdminEMail = nobody@{SERVER_NAME}
[Limits]
    MaxConnections = 50
    MaxConnectionsIP = 0
    MaxJoins = 0
    MaxNickLength = 30
    PingTimeout = 600
    PongTimeout = 120
    MaxPenaltyTime = 0
[Options]
    DNS = no
    Ident = no
    PAM = no
    IncludeDir = {d}/ngircd.d
    RequireAuthPing = no
"""
    )
    return conf


# --- Synapse ------------------------------------------------------------------------------------


_RATE_OFF = {"per_second": 10000, "burst_count": 100000}


def _write_synapse_conf(d: Path, port: int, shared_secret: str, registrations: list[Path]) -> Path:
    data = d / "synapse"
    data.mkdir(exist_ok=True)
    log_conf = data / "log.yaml"
    log_conf.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "formatters": {"f": {"format": "%(asctime)s %(levelname)s %(name)s %(request)s %(message)s"}},
                "filters": {"ctx": {"()": "synapse.logging.context.LoggingContextFilter"}},
                "handlers": {
                    "file": {
                        "class": "logging.FileHandler",
                        "filename": str(data / "homeserver.log"),
                        "formatter": "f",
                        "filters": ["ctx"],
                    }
                },
                "loggers": {"synapse.storage.SQL": {"level": "WARNING"}},
                "root": {"level": "INFO", "handlers": ["file"]},
                "disable_existing_loggers": False,
            }
        )
    )
    cfg = {
        "server_name": SERVER_NAME,
        "public_baseurl": f"http://{HOST}:{port}/",
        "pid_file": str(data / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": [HOST],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(data / "homeserver.db")}},
        "log_config": str(log_conf),
        "media_store_path": str(data / "media_store"),
        "signing_key_path": str(data / "signing.key"),
        "registration_shared_secret": shared_secret,
        "enable_registration": False,
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        # no federation, nothing outbound
        "federation_domain_whitelist": [],
        "url_preview_enabled": False,
        "enable_metrics": False,
        "app_service_config_files": [str(r) for r in registrations],
        "rc_message": _RATE_OFF,
        "rc_registration": _RATE_OFF,
        "rc_login": {"address": _RATE_OFF, "account": _RATE_OFF, "failed_attempts": _RATE_OFF},
        "rc_admin_redaction": _RATE_OFF,
        "rc_joins": {"local": _RATE_OFF, "remote": _RATE_OFF},
        "rc_joins_per_room": _RATE_OFF,
        "rc_3pid_validation": _RATE_OFF,
        "rc_invites": {"per_room": _RATE_OFF, "per_user": _RATE_OFF, "per_issuer": _RATE_OFF},
        "rc_third_party_invite": _RATE_OFF,
        "rc_media_create": _RATE_OFF,
        "rc_room_creation": _RATE_OFF,
        "rc_profile": _RATE_OFF,
        "rc_reports": _RATE_OFF,
        "rc_presence": {"per_user": _RATE_OFF},
        "rc_delayed_event_mgmt": _RATE_OFF,
        "rc_key_requests": _RATE_OFF,
        "rc_user_directory": _RATE_OFF,
    }
    conf = data / "homeserver.yaml"
    conf.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return conf


def _synapse_argv(conf: Path) -> list[str]:
    return [sys.executable, "-m", "synapse.app.homeserver", "-c", str(conf)]


def _start_synapse(state: dict) -> None:
    d = Path(state["dir"])
    log = d / "synapse.out"
    conf = Path(state["synapse"]["config"])
    pid = _spawn("synapse", _synapse_argv(conf), log, d)
    state["synapse"]["pid"] = pid
    save_state(state)
    _wait(
        "Synapse",
        lambda: _http_ok(f"{state['hs_url']}/_matrix/client/versions"),
        pid,
        Path(state["synapse"]["log"]) if Path(state["synapse"]["log"]).exists() else log,
        timeout=float(os.environ.get("PEERS_SYNAPSE_TIMEOUT", "120")),
    )


# --- heisenbridge -------------------------------------------------------------------------------


def _heisenbridge_argv(state: dict) -> list[str]:
    return [
        sys.executable,
        "-m",
        "heisenbridge",
        "-v",
        "-c",
        state["bridge"]["registration"],
        "-l",
        HOST,
        "-p",
        str(state["bridge"]["port"]),
        state["hs_url"],
    ]


def _set_registration_url(state: dict, url: str) -> None:
    reg_path = Path(state["bridge"]["registration"])
    reg = yaml.safe_load(reg_path.read_text())
    reg["url"] = url
    reg_path.write_text(yaml.safe_dump(reg, sort_keys=False))
    state["bridge"]["registration_url"] = url


# --- public API ---------------------------------------------------------------------------------


def start(
    proxy_url: str | None = None,
    bridge: bool = True,
    directory: Path | None = None,
    passthrough: bool = False,
    ephemeral: bool = False,
) -> dict:
    d = directory or state_dir()
    if (d / STATE_FILE).exists():
        old = json.loads((d / STATE_FILE).read_text())
        if any(_alive(p) for p in _pids(old)):
            raise PeerError(f"peers already running in {d} (stop them first)")
        shutil.rmtree(d)
    d.mkdir(parents=True, exist_ok=True)

    if passthrough and (proxy_url or not bridge):
        raise PeerError("--passthrough is a proxy of its own, and needs the bridge")
    hs_port, irc_port, bridge_port, rec_port, pt_port = (free_port() for _ in range(5))
    if passthrough:
        proxy_url = f"http://{HOST}:{pt_port}"
    state: dict = {
        "dir": str(d),
        "server_name": SERVER_NAME,
        "hs_url": f"http://{HOST}:{hs_port}",
        "shared_secret": secrets.token_hex(16),
        "irc": {"host": HOST, "port": irc_port, "pid": None, "log": str(d / "ngircd.out")},
        "synapse": {"pid": None, "log": str(d / "synapse" / "homeserver.log"), "out": str(d / "synapse.out")},
        "bridge": None,
        "recorder": None,
        "passthrough": None,
    }
    save_state(state)
    try:
        # ngircd
        conf = _write_ngircd_conf(d, irc_port)
        pid = _spawn("ngircd", [_ngircd_bin(), "-n", "-f", str(conf)], Path(state["irc"]["log"]), d)
        state["irc"]["pid"] = pid
        save_state(state)
        _wait("ngircd", lambda: _tcp_ok(irc_port), pid, Path(state["irc"]["log"]), timeout=20)

        registrations = []
        # heisenbridge's registration, made by its own --generate
        if bridge:
            reg = d / "heisenbridge.yaml"
            subprocess.run(
                [sys.executable, "-m", "heisenbridge", "-c", str(reg), "--generate",
                 "-l", HOST, "-p", str(bridge_port)],
                check=True, cwd=d, stdout=subprocess.DEVNULL, timeout=60,
            )
            r = yaml.safe_load(reg.read_text())
            # media links on IRC point at heisenbridge's own media proxy; without this it would
            # probe https://<server_name>/.well-known at start
            r.setdefault("heisenbridge", {})["media_url"] = f"http://{HOST}:{bridge_port}"
            if ephemeral:
                r["receive_ephemeral"] = True
                r["de.sorunome.msc2409.push_ephemeral"] = True
            reg.write_text(yaml.safe_dump(r, sort_keys=False))
            state["bridge"] = {
                "id": r["id"],
                "port": bridge_port,
                "url": f"http://{HOST}:{bridge_port}",
                "registration": str(reg),
                "registration_url": r["url"],
                "as_token": r["as_token"],
                "hs_token": r["hs_token"],
                "bot": f"@{r['sender_localpart']}:{SERVER_NAME}",
                "pid": None,
                "log": str(d / "heisenbridge.out"),
            }
            _set_registration_url(state, proxy_url or state["bridge"]["url"])
            registrations.append(reg)

        rec = {
            "id": RECORDER_ID,
            "url": f"http://{HOST}:{rec_port}",
            "as_token": secrets.token_hex(24),
            "hs_token": secrets.token_hex(24),
            "sender_localpart": RECORDER_LOCALPART,
            "rate_limited": False,
            "receive_ephemeral": True,
            "namespaces": {
                "users": [{"regex": f"@{RECORDER_LOCALPART}_.*", "exclusive": True}],
                "aliases": [],
                "rooms": [],
            },
        }
        rec_path = d / "recorder.yaml"
        rec_path.write_text(yaml.safe_dump(rec, sort_keys=False))
        registrations.append(rec_path)
        state["recorder"] = {
            "id": RECORDER_ID,
            "port": rec_port,
            "url": rec["url"],
            "registration": str(rec_path),
            "as_token": rec["as_token"],
            "hs_token": rec["hs_token"],
            "bot": f"@{RECORDER_LOCALPART}:{SERVER_NAME}",
        }

        # Synapse
        sconf = _write_synapse_conf(d, hs_port, state["shared_secret"], registrations)
        state["synapse"]["config"] = str(sconf)
        subprocess.run(
            _synapse_argv(sconf) + ["--generate-keys"],
            check=True, cwd=d, stdout=subprocess.DEVNULL, timeout=120,
        )
        _start_synapse(state)

        if passthrough:
            log = d / "passthrough.out"
            pid = _spawn(
                "passthrough",
                [sys.executable, str(HERE / "passthrough.py"), "--listen", str(pt_port),
                 "--to", state["bridge"]["url"], "--log", str(d / "passthrough.jsonl")],
                log, d,
            )
            state["passthrough"] = {"pid": pid, "url": proxy_url, "log": str(log), "requests": str(d / "passthrough.jsonl")}
            save_state(state)
            _wait("passthrough", lambda: _tcp_ok(pt_port), pid, log, timeout=30)

        if bridge:
            log = Path(state["bridge"]["log"])
            pid = _spawn("heisenbridge", _heisenbridge_argv(state), log, d)
            state["bridge"]["pid"] = pid
            save_state(state)
            _wait(
                "heisenbridge",
                lambda: _log_has(log, "bridge is now running") and _tcp_ok(bridge_port),
                pid, log, timeout=60,
            )
        save_state(state)
        return state
    except BaseException:
        stop(d)
        raise


def retarget(url: str | None, directory: Path | None = None) -> dict:
    """Point the bridge's registration url at `url` (or back at the bridge) and restart Synapse."""
    state = load_state(directory)
    if not state.get("bridge"):
        raise PeerError("no bridge in these peers")
    _set_registration_url(state, url or state["bridge"]["url"])
    _stop_pid(state["synapse"]["pid"], timeout=20)
    _start_synapse(state)
    save_state(state)
    return state


def _pids(state: dict) -> list[int]:
    out = []
    # "triage" and "tap" are a proxy and its request log that a test started (proxy_test.py)
    for key in ("triage", "tap", "passthrough", "bridge", "synapse", "irc"):
        part = state.get(key) or {}
        if part.get("pid"):
            out.append(part["pid"])
    return out


def stop(directory: Path | None = None) -> None:
    d = directory or state_dir()
    p = d / STATE_FILE
    if not p.exists():
        return
    state = json.loads(p.read_text())
    for pid in _pids(state):  # proxies and bridge first, homeserver, IRC last
        _stop_pid(pid)


# --- registration of users via the shared secret --------------------------------------------------


def register_user(state: dict, localpart: str, password: str, admin: bool = False) -> dict:
    """Register a user with Synapse's shared-secret admin API; returns the login response."""
    base = state["hs_url"] + "/_synapse/admin/v1/register"
    with urllib.request.urlopen(base, timeout=10) as r:
        nonce = json.load(r)["nonce"]
    kind = "admin" if admin else "notadmin"
    mac = hmac.new(state["shared_secret"].encode(), digestmod=hashlib.sha1)
    mac.update(b"\x00".join(x.encode() for x in (nonce, localpart, password, kind)))
    body = {"nonce": nonce, "username": localpart, "password": password, "admin": admin, "mac": mac.hexdigest()}
    req = urllib.request.Request(
        base, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raise PeerError(f"register {localpart}: {e.code} {e.read().decode(errors='replace')}") from e


# --- CLI ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("start")
    s.add_argument("--proxy-url", help="registration url the homeserver sends the bridge's transactions to")
    s.add_argument("--no-bridge", action="store_true", help="ngircd and Synapse only")
    s.add_argument("--passthrough", action="store_true",
                   help="put passthrough.py (a forwarding stand-in for Triage) between homeserver and bridge")
    s.add_argument("--ephemeral", action="store_true",
                   help="ask the homeserver for the bridge's ephemeral data (typing, receipts) too")
    r = sub.add_parser("retarget")
    r.add_argument("url", nargs="?", help="new registration url (none: the bridge itself)")
    sub.add_parser("stop")
    sub.add_parser("status")
    lg = sub.add_parser("logs", help="print the tail of each peer's log")
    lg.add_argument("-n", type=int, default=30, help="lines per log")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "start":
            t0 = time.monotonic()
            st = start(proxy_url=a.proxy_url, bridge=not a.no_bridge, passthrough=a.passthrough,
                       ephemeral=a.ephemeral)
            print(f"peers: up in {time.monotonic() - t0:.1f}s; state {Path(st['dir']) / STATE_FILE}")
            print(f"peers: homeserver {st['hs_url']}  irc {HOST}:{st['irc']['port']}", end="")
            if st["bridge"]:
                print(f"  bridge {st['bridge']['url']}  registration url {st['bridge']['registration_url']}")
            else:
                print()
        elif a.cmd == "retarget":
            st = retarget(a.url)
            print(f"peers: registration url now {st['bridge']['registration_url']} (Synapse restarted)")
        elif a.cmd == "stop":
            stop()
            print("peers: stopped")
        elif a.cmd == "logs":
            st = load_state()
            for title, path in (("ngircd", st["irc"]["log"]), ("synapse", st["synapse"]["log"]),
                                ("synapse stdout", st["synapse"]["out"]),
                                ("heisenbridge", (st.get("bridge") or {}).get("log")),
                                ("passthrough", (st.get("passthrough") or {}).get("log")),
                                ("triage", (st.get("triage") or {}).get("log"))):
                if path:
                    print(f"--- {title} ({path}) ---\n{tail(path, a.n)}")
        elif a.cmd == "status":
            st = load_state()
            for key in ("irc", "synapse", "bridge", "passthrough", "tap", "triage"):
                part = st.get(key)
                if part:
                    pid = part.get("pid")
                    print(f"{key}: pid {pid} {'up' if pid and _alive(pid) else 'down'}")
    except PeerError as e:
        print(f"peers: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
