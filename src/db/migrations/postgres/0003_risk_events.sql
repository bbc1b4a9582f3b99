-- 0003 risk events: Keel's own derived table. Each row is a risk indicator recorded once per episode, the
-- durable trail that playbooks act on (scoring/risk-events.ts).
CREATE TABLE "risk_events" (
  "id" TEXT PRIMARY KEY,
  "account_id" TEXT NOT NULL,
  "kind" TEXT NOT NULL CHECK ("kind" IN ('score_drop', 'became_critical', 'usage_drop', 'detractor', 'renewal_at_risk')),
  "as_of" DATE NOT NULL,
  "detail" TEXT NOT NULL,
  "config_version" TEXT NOT NULL,
  "recorded_at" TIMESTAMP NOT NULL
);
CREATE INDEX "risk_events_account" ON "risk_events" ("account_id", "kind", "as_of");
