-- Keel's headline metrics for December 2025, written by hand in plain DuckDB SQL: the baseline of the metrics
-- benchmark (bench/metrics-bench.ts). Run it on a Keel workspace, e.g.
--   duckdb -readonly bench/work/metrics/big/keel.duckdb < bench/metrics-handwritten.sql
--
-- The month is December 2025: 2025-12-01 ≤ t < 2026-01-01. The dates are written out in every statement; to run
-- another month, change them all (the trailing year starts 12 months before the month's end, the MAU window
-- 30 days before it). The harness checks the line below against the month it asks Keel for.
-- period: 2025-12
--
-- The definitions are those of src/metrics/metric-queries.ts (DESIGN §4 and §6):
--   * An account's MRR on a day is Σ mrr of its subscription lines with started_at ≤ day < ended_at (or no end).
--   * Amounts are summed as DECIMAL and divided as DOUBLE; Keel sums per-account DOUBLEs. The difference is
--     rounding only (well under the benchmark's 1e-6 relative tolerance).
--   * Where this script takes a shortcut, a comment says why the result is the same.
-- Every statement returns its own, distinctly named columns.

-- 1. Revenue: NRR and GRR over the trailing 12 months (2025-01-01 → 2026-01-01), and the MRR bridge of the month
--    (2025-12-01 → 2026-01-01), from one pass over subscriptions.
--    NRR = Σ MRR now / Σ MRR a year ago, GRR the same with each account's MRR now capped at a year ago, both over
--    the accounts paying a year ago. Bridge, per account, s = MRR at the month's start and e = at its end:
--    s = 0 < e is new (first paid line started in the month or later) or reactivation (paid before);
--    s > 0 = e churned (s); e > s > 0 expansion (e − s); s > e > 0 contraction (s − e).
--    Keel sums the bridge over each calendar month of the period; for one month that is this single step.
WITH account_mrr AS (
  SELECT
    account_id,
    COALESCE(SUM(mrr) FILTER (WHERE started_at <= DATE '2025-01-01' AND (ended_at IS NULL OR ended_at > DATE '2025-01-01')), 0) AS mrr_year_ago,
    COALESCE(SUM(mrr) FILTER (WHERE started_at <= DATE '2025-12-01' AND (ended_at IS NULL OR ended_at > DATE '2025-12-01')), 0) AS mrr_start,
    COALESCE(SUM(mrr) FILTER (WHERE started_at <= DATE '2026-01-01' AND (ended_at IS NULL OR ended_at > DATE '2026-01-01')), 0) AS mrr_end,
    MIN(started_at) FILTER (WHERE mrr > 0) AS first_paid
  FROM subscriptions
  GROUP BY account_id
)
SELECT
  CAST(SUM(mrr_end) FILTER (WHERE mrr_year_ago > 0) AS DOUBLE)
    / CAST(SUM(mrr_year_ago) FILTER (WHERE mrr_year_ago > 0) AS DOUBLE) AS nrr,
  CAST(SUM(LEAST(mrr_end, mrr_year_ago)) FILTER (WHERE mrr_year_ago > 0) AS DOUBLE)
    / CAST(SUM(mrr_year_ago) FILTER (WHERE mrr_year_ago > 0) AS DOUBLE) AS grr,
  COUNT(*) FILTER (WHERE mrr_year_ago > 0) AS retention_accounts,
  CAST(SUM(mrr_start) AS DOUBLE) AS start_mrr,
  CAST(SUM(mrr_end) AS DOUBLE) AS end_mrr,
  CAST(COALESCE(SUM(mrr_end) FILTER (WHERE mrr_start = 0 AND mrr_end > 0 AND first_paid >= DATE '2025-12-01'), 0) AS DOUBLE) AS new_mrr,
  CAST(COALESCE(SUM(mrr_end) FILTER (WHERE mrr_start = 0 AND mrr_end > 0 AND first_paid < DATE '2025-12-01'), 0) AS DOUBLE) AS reactivation_mrr,
  CAST(COALESCE(SUM(mrr_end - mrr_start) FILTER (WHERE mrr_start > 0 AND mrr_end > mrr_start), 0) AS DOUBLE) AS expansion_mrr,
  CAST(COALESCE(SUM(mrr_start - mrr_end) FILTER (WHERE mrr_end > 0 AND mrr_start > mrr_end), 0) AS DOUBLE) AS contraction_mrr,
  CAST(COALESCE(SUM(mrr_start) FILTER (WHERE mrr_start > 0 AND mrr_end = 0), 0) AS DOUBLE) AS churned_mrr
FROM account_mrr;

-- 2. MAU rate: distinct users active in the last 30 days before the month's end (2025-12-02 ≤ t < 2026-01-01)
--    / licensed seats, over the accounts paying at the end that have licensed seats.
--    Keel keeps the events of all paying accounts and then joins the seated ones; restricting to the seated
--    accounts straight away counts the same users.
WITH seated AS (
  SELECT id AS account_id, licensed_seats
  FROM accounts
  WHERE licensed_seats > 0
    AND id IN (
      SELECT account_id FROM subscriptions
      GROUP BY account_id
      HAVING SUM(mrr) FILTER (WHERE started_at <= DATE '2026-01-01' AND (ended_at IS NULL OR ended_at > DATE '2026-01-01')) > 0)
),
monthly_users AS (
  SELECT DISTINCT account_id, user_id
  FROM usage_events
  WHERE occurred_at >= TIMESTAMP '2025-12-02' AND occurred_at < TIMESTAMP '2026-01-01'
    AND user_id IS NOT NULL
    AND account_id IN (SELECT account_id FROM seated)
)
SELECT
  CAST((SELECT COUNT(*) FROM monthly_users) AS DOUBLE) / (SELECT SUM(licensed_seats) FROM seated) AS mau_rate,
  (SELECT COUNT(*) FROM monthly_users) AS mau_users,
  (SELECT SUM(licensed_seats) FROM seated) AS mau_seats,
  (SELECT COUNT(*) FROM seated) AS mau_accounts;

-- 3. First-response time by channel: median minutes from creation to first response, tickets created in the
--    month that have a first response. DuckDB's median of numbers interpolates, like percentile_cont(0.5).
SELECT
  channel,
  COUNT(*) AS frt_tickets,
  median(epoch(first_response_at - created_at) / 60) AS frt_median_minutes
FROM tickets
WHERE created_at >= TIMESTAMP '2025-12-01' AND created_at < TIMESTAMP '2026-01-01'
  AND first_response_at IS NOT NULL
GROUP BY channel
ORDER BY channel;

-- 4. First-contact resolution: tickets resolved in the month with at most one agent reply and no reopen
--    / tickets resolved in the month whose number of agent replies is known.
SELECT
  CAST(COUNT(*) FILTER (WHERE agent_replies <= 1 AND COALESCE(reopens, 0) = 0) AS DOUBLE)
    / COUNT(*) FILTER (WHERE agent_replies IS NOT NULL) AS fcr,
  COUNT(*) FILTER (WHERE agent_replies IS NOT NULL) AS fcr_tickets
FROM tickets
WHERE resolved_at >= TIMESTAMP '2025-12-01' AND resolved_at < TIMESTAMP '2026-01-01';

-- 5. Backlog at the month's end: tickets created before 2026-01-01 and not resolved (or closed) by then, with
--    their age in days at the end.
WITH open_tickets AS (
  SELECT epoch(TIMESTAMP '2026-01-01' - created_at) / 86400 AS age_days
  FROM tickets
  WHERE created_at < TIMESTAMP '2026-01-01'
    AND (COALESCE(resolved_at, closed_at) IS NULL OR COALESCE(resolved_at, closed_at) >= TIMESTAMP '2026-01-01')
)
SELECT
  COUNT(*) AS backlog,
  COUNT(*) FILTER (WHERE age_days < 1) AS backlog_under_1d,
  COUNT(*) FILTER (WHERE age_days >= 1 AND age_days < 3) AS backlog_1_3d,
  COUNT(*) FILTER (WHERE age_days >= 3 AND age_days < 7) AS backlog_3_7d,
  COUNT(*) FILTER (WHERE age_days >= 7 AND age_days < 30) AS backlog_7_30d,
  COUNT(*) FILTER (WHERE age_days >= 30) AS backlog_over_30d
FROM open_tickets;
