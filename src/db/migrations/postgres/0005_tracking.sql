-- 0005 Segment-compatible tracking (src/tracking/): Keel's own tables, not part of the canonical contract.

-- Every messageId accepted per write key. A retried batch finds its ids here and counts as duplicates.
CREATE TABLE "tracking_messages" (
  "write_key_id" TEXT NOT NULL,
  "message_id" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "received_at" TIMESTAMP NOT NULL,
  PRIMARY KEY ("write_key_id", "message_id")
);

-- The account each user or anonymous id belongs to, from its latest group call (or an alias of one).
CREATE TABLE "tracking_identities" (
  "identity" TEXT PRIMARY KEY,
  "account_id" TEXT NOT NULL,
  "updated_at" TIMESTAMP NOT NULL
);

-- alias calls: two ids of the same person, so a later group call attributes both.
CREATE TABLE "tracking_aliases" (
  "previous_id" TEXT NOT NULL,
  "user_id" TEXT NOT NULL,
  "created_at" TIMESTAMP NOT NULL,
  PRIMARY KEY ("previous_id", "user_id")
);
CREATE INDEX "tracking_aliases_user" ON "tracking_aliases" ("user_id");

-- Events (and identify calls) from users not tied to an account yet; moved into usage_events (contacts) when
-- a group call arrives. group_id: the context.groupId the event named, when that account did not exist yet.
CREATE TABLE "tracking_pending" (
  "id" TEXT PRIMARY KEY,
  "write_key_id" TEXT NOT NULL,
  "message_id" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "user_id" TEXT,
  "anonymous_id" TEXT,
  "group_id" TEXT,
  "occurred_at" TIMESTAMP NOT NULL,
  "payload" JSON NOT NULL,
  "received_at" TIMESTAMP NOT NULL
);
CREATE INDEX "tracking_pending_user" ON "tracking_pending" ("user_id");
CREATE INDEX "tracking_pending_anonymous" ON "tracking_pending" ("anonymous_id");
CREATE INDEX "tracking_pending_group" ON "tracking_pending" ("group_id");

-- The ingestion log: one row per request that reached a write key, whatever its outcome.
CREATE TABLE "tracking_batches" (
  "id" TEXT PRIMARY KEY,
  "write_key_id" TEXT NOT NULL,
  "endpoint" TEXT NOT NULL,
  "received_at" TIMESTAMP NOT NULL,
  "status" INTEGER NOT NULL,
  "received" INTEGER NOT NULL,
  "accepted" INTEGER NOT NULL,
  "duplicates" INTEGER NOT NULL,
  "invalid" INTEGER NOT NULL,
  "held" INTEGER NOT NULL,
  "attributed" INTEGER NOT NULL,
  "error" TEXT
);
CREATE INDEX "tracking_batches_received" ON "tracking_batches" ("received_at");

-- Each invalid event with its reason and the event as sent (cut at 32 KB), so nothing vanishes unexplained.
CREATE TABLE "tracking_invalid" (
  "batch_id" TEXT NOT NULL,
  "write_key_id" TEXT NOT NULL,
  "position" INTEGER NOT NULL,
  "message_id" TEXT,
  "type" TEXT,
  "reason" TEXT NOT NULL,
  "detail" TEXT NOT NULL,
  "raw" TEXT NOT NULL,
  "received_at" TIMESTAMP NOT NULL
);
CREATE INDEX "tracking_invalid_batch" ON "tracking_invalid" ("batch_id");
CREATE INDEX "tracking_invalid_received" ON "tracking_invalid" ("received_at");

-- A JSON array as rows of one JSON column `value` (DuckDB's 0005 defines the same name as a table macro), so a
-- whole batch travels as one bound parameter.
CREATE FUNCTION keel_json_rows(j JSON) RETURNS TABLE ("value" JSON) LANGUAGE SQL IMMUTABLE AS 'SELECT json_array_elements(j)';
