"""Drives several Triage instances that share one PostgreSQL: actions spread over them with
repeats of the same ids on different instances, one instance killed (SIGKILL) mid-run and
restarted, every id sent again at the end, and capability PUTs checked on every instance.
Prints each check and a closing line "N passed, N failed"; exits 1 when any check failed."""

import argparse
import concurrent.futures as cf
import json
import os
import random
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

FINAL = ("SUCCESS", "FAIL_PERMANENT")


def call(port, method, path, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, method=method,
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            raw = answer.read()
            return answer.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, (json.loads(raw) if raw else None)


def summary(answer):
    """What must not change between a first answer and a repeat: statuses and message ids."""
    return (answer["sendStatus"]["status"],
            tuple((d["status"], d.get("messageID")) for d in answer.get("deliveries", [])))


def chat_of(n):
    return f"!c{n % 50}:pg.test"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ports", required=True)
    p.add_argument("--receiver", type=int, required=True)
    p.add_argument("--actions", type=int, default=3000)
    p.add_argument("--repeat", type=float, default=0.3, help="share of ids also sent elsewhere at once")
    p.add_argument("--threads", type=int, default=24)
    p.add_argument("--kill-pidfile", help="the instance to kill -9 a third of the way through")
    p.add_argument("--restart", help="shell command that starts it again")
    p.add_argument("--puts", type=int, default=60)
    args = p.parse_args()
    ports = [int(x) for x in args.ports.split(",")]
    killed_port = ports[-1] if args.kill_pidfile else None
    down = set()  # ports not to send to while their instance is being restarted
    lock = threading.Lock()
    first = {}  # id -> first final answer summary
    unanswered = set()  # ids whose answer was lost or retriable: sent again later
    errors = []
    counts = {"requests": 0, "repeats": 0, "interrupted": 0, "retriable": 0}

    def pick(avoid=None):
        alive = [x for x in ports if x not in down and x != avoid] or [x for x in ports if x not in down]
        return random.choice(alive)

    def send(n, port):
        action_id = f"a{n}"
        body = {"chatID": chat_of(n), "action": {"type": "message", "id": action_id, "text": f"hello {n}"}}
        try:
            status, answer = call(port, "POST", "/v1/actions", body)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            with lock:
                counts["interrupted"] += 1
                unanswered.add(n)
            return
        with lock:
            counts["requests"] += 1
            if status != 200:
                errors.append(f"{action_id} on {port}: {status} {answer}")
                unanswered.add(n)
                return
            s = summary(answer)
            if s[0] not in FINAL:
                counts["retriable"] += 1
                unanswered.add(n)
                return
            if n in first and first[n] != s:
                errors.append(f"{action_id}: answered {first[n]} then {s} (on {port})")
            first.setdefault(n, s)

    def kill_and_restart():
        pid = int(open(args.kill_pidfile).read())
        down.add(killed_port)
        os.kill(pid, signal.SIGKILL)
        print(f"killed the instance on port {killed_port} (pid {pid}) mid-run", flush=True)
        time.sleep(2)
        subprocess.Popen(args.restart, shell=True)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if call(killed_port, "GET", "/health/ready", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        down.discard(killed_port)
        print(f"restarted the instance on port {killed_port}", flush=True)

    put_expected = {}

    def puts(count, prefix, put_delays):
        for j in range(count):
            chat = f"!{prefix}{j}:pg.test"
            delta = {"max_text_length": 1000 + j}
            port = pick()
            try:
                status, _ = call(port, "PUT", f"/v1/chats/{chat}/capabilities?network=wa", delta)
            except OSError:
                continue
            if status != 200:
                errors.append(f"PUT {chat} on {port}: {status}")
                continue
            put_expected[chat] = delta
            start = time.monotonic()
            others = [x for x in ports if x != port and x not in down]
            while others and time.monotonic() - start < 5:
                seen = []
                for other in others:
                    try:
                        code, doc = call(other, "GET", f"/v1/chats/{chat}/capabilities")
                        if code == 200 and doc.get("delta") == delta:
                            seen.append(other)
                    except OSError:
                        seen.append(other)  # killed meanwhile: checked at the end
                others = [x for x in others if x not in seen]
                if others:
                    time.sleep(0.002)
            put_delays.append((time.monotonic() - start) * 1000)
            time.sleep(0.05)

    started = time.monotonic()
    killer = None
    busy_delays = []
    put_thread = threading.Thread(target=puts, args=(args.puts, "p", busy_delays))
    put_thread.start()
    with cf.ThreadPoolExecutor(args.threads) as pool:
        futures = []
        for n in range(args.actions):
            if args.kill_pidfile and n == args.actions // 3:
                killer = threading.Thread(target=kill_and_restart)
                killer.start()
            port = pick()
            futures.append(pool.submit(send, n, port))
            if random.random() < args.repeat:
                counts["repeats"] += 1
                futures.append(pool.submit(send, n, pick(avoid=port)))
        for f in futures:
            f.result()
    elapsed = time.monotonic() - started
    if killer:
        killer.join()
    put_thread.join()
    print(f"{args.actions} actions ({counts['repeats']} sent twice at once, on two instances) over"
          f" {len(ports)} instances in {elapsed:.1f} s: {args.actions / elapsed:.0f} actions/s;"
          f" {counts['interrupted']} requests cut off, {counts['retriable']} answered retriably", flush=True)

    # Whatever got no final answer is sent again until it has one (in progress elsewhere, or cut
    # off by the kill: its owner is presumed stopped after 5 s and the part taken over).
    for attempt in range(40):
        pending = sorted(unanswered - set(first))
        if not pending:
            break
        unanswered.clear()
        with cf.ThreadPoolExecutor(args.threads) as pool:
            list(pool.map(lambda n: send(n, pick()), pending))
        if unanswered - set(first):
            time.sleep(0.5)
    unresolved = sorted(set(range(args.actions)) - set(first))

    # Every id again, each to an instance chosen anew: every answer must be the first one.
    before = len(errors)
    with cf.ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(lambda n: send(n, pick()), range(args.actions)))
    changed = len(errors) - before

    stats = call(args.receiver, "GET", "/stats")[1]
    delivered = set(stats["delivered"])
    lost = [n for n, s in first.items()
            if s[0] == "SUCCESS" and f"{chat_of(n)}\ta{n}" not in delivered]

    invisible = []
    for chat, delta in list(put_expected.items()):
        for port in ports:
            code, doc = call(port, "GET", f"/v1/chats/{chat}/capabilities")
            if code != 200 or doc.get("delta") != delta:
                invisible.append((chat, port))
    # The delay again with nothing else running: the client's own polling is the noise left.
    quiet_delays = []
    puts(30, "q", quiet_delays)
    for chat, delta in put_expected.items():
        for port in ports:
            code, doc = call(port, "GET", f"/v1/chats/{chat}/capabilities")
            if code != 200 or doc.get("delta") != delta:
                invisible.append((chat, port))
    for label, delays in (("during the run", busy_delays), ("alone", quiet_delays)):
        delays.sort()
        if delays:
            print(f"{len(delays)} PUTs {label}, seen on every other instance after: median"
                  f" {delays[len(delays) // 2]:.1f} ms, p90 {delays[int(len(delays) * 0.9)]:.1f} ms,"
                  f" max {delays[-1]:.1f} ms")
    print(f"network: {stats['keys']} keys, {stats['deliveries']} deliveries"
          f" ({stats['redelivered_keys']} keys delivered again after the kill, deduplicated by key)")
    for line in errors[:10]:
        print("  " + line)

    checks = [
        (f"{len(lost)} lost (answered SUCCESS, never reached the network)", not lost),
        (f"{len(stats['under_two_keys'])} delivered under two keys", not stats["under_two_keys"]),
        (f"{changed} answers changed on a repeat", changed == 0 and not errors),
        (f"{len(unresolved)} ids without a final answer", not unresolved),
        (f"{len(invisible)} PUTs not visible on every instance ({len(put_expected)} PUTs)",
         not invisible and put_expected),
        (f"{stats['actions']} actions reached the network, {args.actions} sent",
         stats["actions"] == args.actions),
    ]
    passed = sum(1 for _, ok in checks if ok)
    for text, ok in checks:
        print(("ok   " if ok else "FAIL ") + text)
    print(f"{passed} passed, {len(checks) - passed} failed")
    raise SystemExit(0 if passed == len(checks) else 1)


if __name__ == "__main__":
    main()
