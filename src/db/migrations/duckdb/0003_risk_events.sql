-- 0003 risk events: Keel's own derived table. Each row is a risk indicator recorded once per episode, the
-- durable trail that playbooks act on (scoring/risk-events.ts).
CREATE TABLE "risk_events" (
  "id" VARCHAR PRIMARY KEY,
  "account_id" VARCHAR NOT NULL,
  "kind" VARCHAR NOT NULL CHECK ("kind" IN ('score_drop', 'became_critical', 'usage_drop', 'detractor', 'renewal_at_risk')),
  "as_of" DATE NOT NULL,
  "detail" VARCHAR NOT NULL,
  "config_version" VARCHAR NOT NULL,
  "recorded_at" TIMESTAMP NOT NULL
);
