-- 0006 CSM sentiment (scoring/csm-sentiment.ts): the CSM's own red / yellow / green read of an account, entered
-- in Keel (CLI or API) and read by the csm_sentiment health measure. Keel's own table, not canonical.
CREATE TABLE "csm_sentiment" (
  "id" VARCHAR PRIMARY KEY,
  "account_id" VARCHAR NOT NULL,
  "rating" VARCHAR NOT NULL CHECK ("rating" IN ('green', 'yellow', 'red')),
  "rated_at" TIMESTAMP NOT NULL,
  "author" VARCHAR,
  "note" VARCHAR
);
