-- 0002 health scores: Keel's own derived table (not part of the canonical contract). One row per account,
-- as-of date and scorecard version, so re-scoring with a new version keeps the old one queryable.
CREATE TABLE "health_scores" (
  "account_id" VARCHAR NOT NULL,
  "as_of" DATE NOT NULL,
  "config_version" VARCHAR NOT NULL,
  "scorecard" VARCHAR NOT NULL,
  "score" DOUBLE,
  "band" VARCHAR CHECK ("band" IN ('healthy', 'at_risk', 'critical')),
  "coverage" DOUBLE NOT NULL,
  "explanation" JSON NOT NULL,
  "scored_at" TIMESTAMP NOT NULL
);
