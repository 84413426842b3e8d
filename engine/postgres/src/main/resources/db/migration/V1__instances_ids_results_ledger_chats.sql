-- Triage's shared state, so that several instances behind one address act as one.
-- Times written by Triage are epoch milliseconds from its clock; liveness uses the database's.

-- Each running Triage: a random id per process, refreshed every second. A pending part whose
-- owner stopped refreshing was cut off by a crash.
CREATE TABLE triage_instances (
  id        uuid PRIMARY KEY,
  name      text NOT NULL,
  seen_at   timestamptz NOT NULL
);

-- Each client id in a chat (its stem, dev.triage.delivery.IdempotencyKeys): the fingerprint of
-- the action first delivered under it. The first insert wins; a different action is id_reused.
CREATE TABLE triage_ids (
  chat_id     text NOT NULL,
  stem        text NOT NULL,
  fingerprint text NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (chat_id, stem)
);
CREATE INDEX triage_ids_created_at ON triage_ids (created_at);

-- Each part sent to a network, by its key: claimed (pending, by one instance), then final.
-- A part whose owner failed retriably is deleted, so a repeat tries again.
CREATE TABLE triage_parts (
  chat_id     text NOT NULL,
  part_key    text NOT NULL,
  state       text NOT NULL CHECK (state IN ('pending', 'final')),
  owner       uuid,
  dedupes     boolean NOT NULL,
  claimed_at  bigint NOT NULL,
  status      text CHECK (status IN ('SUCCESS', 'FAIL_PERMANENT')),
  message_id  text,
  reason      text,
  message     text,
  finished_at bigint,
  PRIMARY KEY (chat_id, part_key),
  CHECK ((state = 'final') = (status IS NOT NULL AND finished_at IS NOT NULL))
);
CREATE INDEX triage_parts_claimed_at ON triage_parts (claimed_at);

-- Messages Triage delivered: when each was sent and how often it was edited since.
CREATE TABLE triage_ledger (
  chat_id    text NOT NULL,
  message_id text NOT NULL,
  sent_at    bigint NOT NULL,
  edit_count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX triage_ledger_sent_at ON triage_ledger (sent_at);

-- Chats with capabilities of their own: a network and an optional delta (JSON merge patch), or
-- a whole document. Every write notifies channel triage_chats with the chat id, in its
-- transaction; instances re-read the row.
CREATE TABLE triage_chats (
  chat_id    text PRIMARY KEY,
  network    text,
  delta      text,
  document   text,
  updated_at bigint NOT NULL,
  CHECK ((network IS NULL) <> (document IS NULL))
);
