"""The appservice proxy on several instances: a stand-in homeserver sends each transaction to every
instance at once (as retries through a load balancer may), and one transaction the bridge first
refuses is retried on another instance. The stand-in bridge must get each transaction once, and the
homeserver each status event and notice once. Prints its checks; exits 1 when one failed."""

import argparse
import concurrent.futures as cf
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
bridge_got = []  # transaction ids the bridge accepted
told = []  # (type, txn id) the homeserver was sent
refuse = set()  # transaction ids the bridge refuses once
ROOM = "!room:hs.test"


class Bridge(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        txn = self.path.rsplit("/", 1)[1]
        with lock:
            status = 503 if txn in refuse else 200
            refuse.discard(txn)
            if status == 200:
                bridge_got.append(txn)
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


class Homeserver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/stats":
            with lock:
                self.answer(200, {"bridge": bridge_got, "told": told})
        elif self.path.endswith("/whoami"):
            self.answer(200, {"user_id": "@bot:hs.test"})
        else:
            self.answer(404, {"errcode": "M_NOT_FOUND"})

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/refuse/"):
            with lock:
                refuse.add(self.path[len("/refuse/"):])
            return self.answer(200, {})
        parts = self.path.split("/")
        if "send" in parts:
            i = parts.index("send")
            with lock:
                told.append((parts[i + 1], parts[i + 2]))
        self.answer(200, {"event_id": "$told"})

    do_POST = do_PUT


def serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def transaction(port, txn, k):
    spoiler = {"type": "m.room.message", "event_id": f"$s{k}", "room_id": ROOM, "sender": "@alice:hs.test",
               "origin_server_ts": 1795680000000,
               "content": {"msgtype": "m.text", "body": "secret", "format": "org.matrix.custom.html",
                           "formatted_body": "<span data-mx-spoiler>secret</span>"}}
    plain = {"type": "m.room.message", "event_id": f"$p{k}", "room_id": ROOM, "sender": "@alice:hs.test",
             "origin_server_ts": 1795680000000, "content": {"msgtype": "m.text", "body": f"hello {k}"}}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_matrix/app/v1/transactions/{txn}",
        data=json.dumps({"events": [spoiler, plain]}).encode(), method="PUT",
        headers={"Content-Type": "application/json", "Authorization": "Bearer HS-TOKEN"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def call(port, method, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=b"" if method == "PUT" else None)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def check(ports, homeserver, count):
    # Every transaction to every instance at once.
    answers = []
    with cf.ThreadPoolExecutor(len(ports) * 4) as pool:
        futures = [pool.submit(transaction, port, f"t{k}", k) for k in range(count) for port in ports]
        answers = [f.result() for f in futures]
    # One the bridge refuses first: the instance that tried answers an error, the homeserver's
    # retry reaches another instance, which handles it afresh.
    call(homeserver, "PUT", "/refuse/r1")
    first = transaction(ports[0], "r1", 1000)
    retried = transaction(ports[1], "r1", 1000)
    again = transaction(ports[-1], "r1", 1000)
    stats = call(homeserver, "GET", "/stats")
    bridge = stats["bridge"]
    told = [tuple(t) for t in stats["told"]]
    statuses = [t for t in told if t[0] == "com.beeper.message_send_status"]
    notices = [t for t in told if t[0] == "m.room.message"]
    print(f"appservice: {count} transactions, each sent to {len(ports)} instances at once: answers"
          f" {sorted(set(answers))}; the bridge got {len(bridge)} transactions, the homeserver"
          f" {len(statuses)} status events and {len(notices)} notices")
    checks = [
        (f"{len(bridge) - len(set(bridge))} transactions forwarded to the bridge twice", len(bridge) == len(set(bridge))),
        (f"{count + 1 - len(set(bridge))} transactions never forwarded", len(set(bridge)) == count + 1),
        (f"{len(statuses) - len(set(statuses))} status events told twice ({len(statuses)} told)",
         len(statuses) == len(set(statuses)) == count + 1),
        (f"{sum(1 for a in answers if a != 200)} of {len(answers)} deliveries to an instance not answered 200",
         all(a == 200 for a in answers)),
        (f"a transaction the bridge refused: {first}, then {retried} and {again} on other instances",
         first != 200 and retried == 200 and again == 200),
    ]
    return checks


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["peers", "check"])
    p.add_argument("--ports", help="the instances' appservice ports")
    p.add_argument("--homeserver", type=int, help="the stand-in homeserver's port")
    p.add_argument("--transactions", type=int, default=30)
    args = p.parse_args()
    if args.command == "peers":
        # Start the stand-ins, print their ports, and serve until killed.
        print(serve(Homeserver), serve(Bridge), flush=True)
        threading.Event().wait()
    checks = check([int(x) for x in args.ports.split(",")], args.homeserver, args.transactions)
    passed = sum(1 for _, ok in checks if ok)
    for text, ok in checks:
        print(("ok   " if ok else "FAIL ") + text)
    print(f"{passed} passed, {len(checks) - passed} failed")
    raise SystemExit(0 if passed == len(checks) else 1)


if __name__ == "__main__":
    main()
