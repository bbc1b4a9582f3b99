-- 0007 Usage facts (db/usage-facts.ts): usage_events re-keyed for analysis. The same events as integer keys
-- (account, user, feature) in time order, each with its previous events (the user's, the user's and the account's of that feature), so the usage metrics
-- group integers instead of strings and a month's query reads that month's rows. Derived and rebuildable: usage_events stays the source of truth;
-- every write to it marks usage_facts_state dirty from the earliest time it touched, and the next reader
-- refreshes the facts from that time on.
CREATE TABLE "usage_fact_accounts" (
  "account_key" INTEGER PRIMARY KEY,
  "account_id" TEXT NOT NULL UNIQUE
);
CREATE TABLE "usage_fact_users" (
  "user_key" INTEGER PRIMARY KEY,
  "account_id" TEXT NOT NULL,
  "user_id" TEXT NOT NULL,
  UNIQUE ("account_id", "user_id")
);
CREATE TABLE "usage_fact_features" (
  "feature_key" INTEGER PRIMARY KEY,
  "feature" TEXT NOT NULL UNIQUE
);
CREATE TABLE "usage_facts" (
  "account_key" INTEGER NOT NULL,
  "user_key" INTEGER,
  "feature_key" INTEGER,
  "occurred_at" TIMESTAMP NOT NULL,
  -- Previous events (any time before; NULL for the first): the same user's, the same user's of this feature,
  -- and the account's of this feature (NULL without a user / feature). Sessions, user-days, active users and
  -- distinct user-feature and account-feature pairs in a window are then counts of one pass: an event whose
  -- previous one lies before the window is a first.
  "prev_at" TIMESTAMP,
  "prev_user_feature_at" TIMESTAMP,
  "prev_account_feature_at" TIMESTAMP
);
-- One row. dirty_from NULL: the facts hold every usage event. Otherwise events at or after it may differ.
CREATE TABLE "usage_facts_state" (
  "id" INTEGER PRIMARY KEY,
  "dirty_from" TIMESTAMP,
  "refreshed_at" TIMESTAMP
);
INSERT INTO "usage_facts_state" ("id", "dirty_from", "refreshed_at") VALUES (1, TIMESTAMP '0001-01-01 00:00:00', NULL);
CREATE INDEX "usage_facts_occurred_at" ON "usage_facts" ("occurred_at");
