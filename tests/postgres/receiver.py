"""A webhook receiver that counts what reaches "the network": every delivery by its key, and the
keys each action (chat, client id) arrived under. It deduplicates keys, as the webhook contract asks,
and answers each key with the same message id. GET /stats gives the counts as JSON."""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
deliveries = {}  # key -> how many times it arrived
keys_of = {}  # "chat\tclient id" -> set of keys


class Handler(BaseHTTPRequestHandler):
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

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers["Idempotency-Key"]
        action = body["action"]
        # The n-th part of a degrade carries "id#n": the action is the id before it.
        client_id = (action.get("id") or "").split("#")[0]
        with lock:
            deliveries[key] = deliveries.get(key, 0) + 1
            keys_of.setdefault(body["chatID"] + "\t" + client_id, set()).add(key.rsplit(".", 1)[0])
        self.answer(200, {"messageID": "net-" + key})

    def do_GET(self):
        with lock:
            stats = {
                "keys": len(deliveries),
                "deliveries": sum(deliveries.values()),
                "redelivered_keys": sum(1 for n in deliveries.values() if n > 1),
                "actions": len(keys_of),
                "under_two_keys": sorted(a for a, k in keys_of.items() if len(k) > 1),
                "delivered": sorted(keys_of),
            }
        self.answer(200, stats)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()
