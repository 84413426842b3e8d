-- Transactions the homeserver sent to a bridge through the appservice proxy, by bridge,
-- transaction id and body hash (the same id with another body is a new transaction: a restarted
-- homeserver counts from 1 again). One instance claims one (pending); once the bridge accepted it,
-- it is accepted, and a retry on any instance is answered without mediating or forwarding again.
-- A failed one is deleted, so the homeserver's retry is handled afresh.
CREATE TABLE triage_transactions (
  bridge     text NOT NULL,
  txn_id     text NOT NULL,
  body_hash  text NOT NULL,
  state      text NOT NULL CHECK (state IN ('pending', 'accepted')),
  owner      uuid NOT NULL,
  claimed_at bigint NOT NULL,
  PRIMARY KEY (bridge, txn_id, body_hash)
);
CREATE INDEX triage_transactions_claimed_at ON triage_transactions (claimed_at);
