-- 0002 health scores: Keel's own derived table (not part of the canonical contract). One row per account,
-- as-of date and scorecard version, so re-scoring with a new version keeps the old one queryable.
CREATE TABLE "health_scores" (
  "account_id" TEXT NOT NULL,
  "as_of" DATE NOT NULL,
  "config_version" TEXT NOT NULL,
  "scorecard" TEXT NOT NULL,
  "score" DOUBLE PRECISION,
  "band" TEXT CHECK ("band" IN ('healthy', 'at_risk', 'critical')),
  "coverage" DOUBLE PRECISION NOT NULL,
  "explanation" JSON NOT NULL,
  "scored_at" TIMESTAMP NOT NULL,
  PRIMARY KEY ("account_id", "as_of", "config_version")
);
