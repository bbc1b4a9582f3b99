-- 0005 Segment-compatible tracking (src/tracking/): Keel's own tables, not part of the canonical contract.
-- Unlike the canonical tables these carry keys where the tracking code relies on them: they take small
-- inserts, never bulk loads, and the messageId key is what makes a retried batch count once.

-- Every messageId accepted per write key. A retried batch finds its ids here and counts as duplicates.
CREATE TABLE "tracking_messages" (
  "write_key_id" VARCHAR NOT NULL,
  "message_id" VARCHAR NOT NULL,
  "type" VARCHAR NOT NULL,
  "received_at" TIMESTAMP NOT NULL,
  PRIMARY KEY ("write_key_id", "message_id")
);

-- The account each user or anonymous id belongs to, from its latest group call (or an alias of one).
CREATE TABLE "tracking_identities" (
  "identity" VARCHAR PRIMARY KEY,
  "account_id" VARCHAR NOT NULL,
  "updated_at" TIMESTAMP NOT NULL
);

-- alias calls: two ids of the same person, so a later group call attributes both.
CREATE TABLE "tracking_aliases" (
  "previous_id" VARCHAR NOT NULL,
  "user_id" VARCHAR NOT NULL,
  "created_at" TIMESTAMP NOT NULL,
  PRIMARY KEY ("previous_id", "user_id")
);

-- Events (and identify calls) from users not tied to an account yet; moved into usage_events (contacts) when
-- a group call arrives. group_id: the context.groupId the event named, when that account did not exist yet.
CREATE TABLE "tracking_pending" (
  "id" VARCHAR NOT NULL,
  "write_key_id" VARCHAR NOT NULL,
  "message_id" VARCHAR NOT NULL,
  "type" VARCHAR NOT NULL,
  "user_id" VARCHAR,
  "anonymous_id" VARCHAR,
  "group_id" VARCHAR,
  "occurred_at" TIMESTAMP NOT NULL,
  "payload" JSON NOT NULL,
  "received_at" TIMESTAMP NOT NULL
);

-- The ingestion log: one row per request that reached a write key, whatever its outcome.
CREATE TABLE "tracking_batches" (
  "id" VARCHAR NOT NULL,
  "write_key_id" VARCHAR NOT NULL,
  "endpoint" VARCHAR NOT NULL,
  "received_at" TIMESTAMP NOT NULL,
  "status" INTEGER NOT NULL,
  "received" INTEGER NOT NULL,
  "accepted" INTEGER NOT NULL,
  "duplicates" INTEGER NOT NULL,
  "invalid" INTEGER NOT NULL,
  "held" INTEGER NOT NULL,
  "attributed" INTEGER NOT NULL,
  "error" VARCHAR
);

-- Each invalid event with its reason and the event as sent (cut at 32 KB), so nothing vanishes unexplained.
CREATE TABLE "tracking_invalid" (
  "batch_id" VARCHAR NOT NULL,
  "write_key_id" VARCHAR NOT NULL,
  "position" INTEGER NOT NULL,
  "message_id" VARCHAR,
  "type" VARCHAR,
  "reason" VARCHAR NOT NULL,
  "detail" VARCHAR NOT NULL,
  "raw" VARCHAR NOT NULL,
  "received_at" TIMESTAMP NOT NULL
);

-- A JSON array as rows of one JSON column `value`: PostgreSQL's json_array_elements under a name both engines
-- share (0005 defines the PostgreSQL side), so a whole batch travels as one bound parameter instead of
-- thousands — DuckDB parses a wide VALUES list several times slower than it inserts the rows.
CREATE MACRO keel_json_rows(j) AS TABLE SELECT unnest(CAST(j AS JSON[])) AS value;
