// The official @beeper/desktop-api client against `triage.jar serve`, unchanged but for its base URL.
// Run with `npm ci && npm test` after `mvn package`; .ci/run does both.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import BeeperDesktop from "@beeper/desktop-api";

const here = path.dirname(fileURLToPath(import.meta.url));
const jar = path.resolve(here, "../../engine/sidecar/target/triage.jar");
const token = "e2e-token";
let sidecar;
let client;

before(async () => {
  sidecar = spawn("java", ["-jar", jar, "serve", "--port", "0"], {
    env: { ...process.env, TRIAGE_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error("triage.jar did not start:\n" + log)), 60_000);
    const read = (chunk) => {
      log += chunk;
      const match = log.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    sidecar.stdout.on("data", read);
    sidecar.stderr.on("data", read);
    sidecar.on("exit", (code) => reject(new Error(`triage.jar exited with ${code}:\n${log}`)));
  });
  client = new BeeperDesktop({ accessToken: token, baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
});

after(() => sidecar?.kill("SIGTERM"));

const whatsapp = "!demo-whatsapp:triage.local";
const gvoice = "!demo-gvoice:triage.local";

test("lists the demo chats, page by page", async () => {
  const ids = [];
  for await (const chat of client.chats.list()) {
    ids.push(chat.id);
  }
  assert.ok(ids.includes(whatsapp), ids.join(", "));
  assert.ok(ids.includes(gvoice));
});

test("retrieves a chat with its capabilities", async () => {
  const chat = await client.chats.retrieve(whatsapp);
  assert.equal(chat.id, whatsapp);
  assert.equal(chat.capabilities.edit, 2);
  assert.equal(chat.capabilities.editMaxAge, 900);
  assert.equal(chat.capabilities.attachments["m.image"].mimeTypes["image/jpeg"], 2);
});

test("sends, edits, reacts to and deletes a message", async () => {
  const sent = await client.messages.send(whatsapp, { text: "Lunch at **noon**?" });
  assert.ok(sent.pendingMessageID, JSON.stringify(sent));

  const edited = await client.messages.update(sent.pendingMessageID, { chatID: whatsapp, text: "Lunch at 1?" });
  assert.equal(edited.text, "Lunch at 1?");
  assert.equal(edited.success, true);

  const reaction = await client.chats.messages.reactions.add(sent.pendingMessageID, { chatID: whatsapp, reactionKey: "👍" });
  assert.equal(reaction.success, true);

  const messages = [];
  for await (const message of client.messages.list(whatsapp)) {
    messages.push(message);
  }
  const mine = messages.find((m) => m.id === sent.pendingMessageID);
  assert.equal(mine.text, "Lunch at 1?");
  assert.deepEqual(mine.reactions.map((r) => r.reactionKey), ["👍"]);
  assert.equal(mine.sendStatus.status, "SUCCESS");

  // As the client's own example deletes: no forEveryone, the chat's ordinary delete.
  await client.messages.delete(sent.pendingMessageID, { chatID: whatsapp });
  await assert.rejects(client.messages.retrieve(sent.pendingMessageID, { chatID: whatsapp }), (error) => error.status === 404);
});

test("archives a chat and marks it read and unread", async () => {
  await client.chats.archive(whatsapp, { archived: true });
  assert.equal((await client.chats.retrieve(whatsapp)).isArchived, true);
  await client.chats.archive(whatsapp, { archived: false });
  const unread = await client.chats.markUnread(whatsapp);
  assert.equal(unread.isMarkedUnread, true);
  const read = await client.chats.markRead(whatsapp);
  assert.equal(read.isMarkedUnread, false);
});

test("a reaction the chat rejects is an error a person can act on", async () => {
  const sent = await client.messages.send(gvoice, { text: "hi" });
  await assert.rejects(
    client.chats.messages.reactions.add(sent.pendingMessageID, { chatID: gvoice, reactionKey: "👍" }),
    (error) => {
      assert.equal(error.status, 422);
      assert.equal(error.error.code, "feature.unsupported");
      assert.match(error.error.message, /Reactions: not supported here/);
      return true;
    },
  );
});

test("a wrong token is refused", async () => {
  const stranger = new BeeperDesktop({ accessToken: "wrong", baseURL: client.baseURL, maxRetries: 0 });
  await assert.rejects(stranger.chats.retrieve(whatsapp), (error) => error.status === 401);
});
