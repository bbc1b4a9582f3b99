-- 0001 canonical tables (DESIGN §4) for DuckDB.
-- Timestamps are stored as UTC without a zone; the importer converts offsets. Enums are CHECK constraints.
-- No PRIMARY KEY here: DuckDB's ART index slows bulk loads of the event table several-fold and its
-- UPDATE of indexed rows conflicts within a transaction; keys are kept unique by the import's upsert
-- (a test checks it), and analytics joins are hash joins anyway.

CREATE TABLE "agents" (
  "id" VARCHAR NOT NULL,
  "name" VARCHAR NOT NULL,
  "email" VARCHAR,
  "role" VARCHAR NOT NULL CHECK ("role" IN ('agent', 'csm', 'manager', 'admin')),
  "team" VARCHAR,
  "capacity" INTEGER CHECK ("capacity" >= 0)
);

CREATE TABLE "accounts" (
  "id" VARCHAR NOT NULL,
  "name" VARCHAR NOT NULL,
  "segment" VARCHAR CHECK ("segment" IN ('enterprise', 'mid_market', 'smb')),
  "touch_model" VARCHAR CHECK ("touch_model" IN ('high', 'low', 'tech')),
  "industry" VARCHAR,
  "region" VARCHAR,
  "plan" VARCHAR,
  "csm_id" VARCHAR,
  "parent_id" VARCHAR,
  "licensed_seats" INTEGER CHECK ("licensed_seats" >= 0),
  "created_at" TIMESTAMP NOT NULL
);

CREATE TABLE "contacts" (
  "id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "email" VARCHAR,
  "name" VARCHAR,
  "title" VARCHAR,
  "role" VARCHAR CHECK ("role" IN ('executive', 'champion', 'admin', 'user', 'billing', 'other')),
  "created_at" TIMESTAMP
);

CREATE TABLE "subscriptions" (
  "id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "plan" VARCHAR,
  "mrr" DECIMAL(18,4) NOT NULL CHECK ("mrr" >= 0),
  "seats" INTEGER CHECK ("seats" >= 0),
  "started_at" DATE NOT NULL,
  "ended_at" DATE,
  "renewal_date" DATE,
  "churn_type" VARCHAR CHECK ("churn_type" IN ('voluntary', 'involuntary'))
);

CREATE TABLE "trials" (
  "id" VARCHAR NOT NULL,
  "account_id" VARCHAR,
  "started_at" TIMESTAMP NOT NULL,
  "ended_at" TIMESTAMP,
  "converted_at" TIMESTAMP,
  "source" VARCHAR
);

CREATE TABLE "leads" (
  "id" VARCHAR NOT NULL,
  "created_at" TIMESTAMP NOT NULL,
  "qualified_at" TIMESTAMP,
  "source" VARCHAR,
  "account_id" VARCHAR
);

CREATE TABLE "costs" (
  "month" DATE NOT NULL,
  "category" VARCHAR NOT NULL CHECK ("category" IN ('acquisition', 'retention', 'expansion', 'support')),
  "amount" DECIMAL(18,4) NOT NULL
);

CREATE TABLE "features" (
  "key" VARCHAR NOT NULL,
  "name" VARCHAR,
  "is_core" BOOLEAN,
  "category" VARCHAR
);

CREATE TABLE "usage_events" (
  "id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "user_id" VARCHAR,
  "event" VARCHAR NOT NULL,
  "feature" VARCHAR,
  "occurred_at" TIMESTAMP NOT NULL,
  "properties" JSON
);

CREATE TABLE "milestones" (
  "id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "key" VARCHAR NOT NULL,
  "name" VARCHAR,
  "required" BOOLEAN,
  "is_first_value" BOOLEAN,
  "due_at" TIMESTAMP,
  "completed_at" TIMESTAMP
);

CREATE TABLE "agent_activity" (
  "agent_id" VARCHAR NOT NULL,
  "day" DATE NOT NULL,
  "available_seconds" INTEGER NOT NULL CHECK ("available_seconds" >= 0),
  "handle_seconds" INTEGER NOT NULL CHECK ("handle_seconds" >= 0),
  "channel" VARCHAR
);

CREATE TABLE "tickets" (
  "id" VARCHAR NOT NULL,
  "account_id" VARCHAR,
  "contact_id" VARCHAR,
  "channel" VARCHAR NOT NULL CHECK ("channel" IN ('email', 'chat', 'phone', 'social', 'web', 'other')),
  "priority" VARCHAR CHECK ("priority" IN ('low', 'normal', 'high', 'urgent')),
  "status" VARCHAR NOT NULL CHECK ("status" IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  "category" VARCHAR,
  "subject" VARCHAR,
  "description" VARCHAR,
  "created_at" TIMESTAMP NOT NULL,
  "first_response_at" TIMESTAMP,
  "resolved_at" TIMESTAMP,
  "closed_at" TIMESTAMP,
  "reopens" INTEGER DEFAULT 0 CHECK ("reopens" >= 0),
  "agent_replies" INTEGER CHECK ("agent_replies" >= 0),
  "escalated" BOOLEAN,
  "assignee_id" VARCHAR,
  "team" VARCHAR
);

CREATE TABLE "ticket_messages" (
  "id" VARCHAR NOT NULL,
  "ticket_id" VARCHAR NOT NULL,
  "author_type" VARCHAR NOT NULL CHECK ("author_type" IN ('customer', 'agent', 'bot', 'system')),
  "author_id" VARCHAR,
  "created_at" TIMESTAMP NOT NULL,
  "body" VARCHAR,
  "public" BOOLEAN DEFAULT true
);

CREATE TABLE "kb_articles" (
  "id" VARCHAR NOT NULL,
  "title" VARCHAR NOT NULL,
  "body" VARCHAR,
  "created_at" TIMESTAMP
);

CREATE TABLE "ticket_articles" (
  "ticket_id" VARCHAR NOT NULL,
  "article_id" VARCHAR NOT NULL,
  "linked_at" TIMESTAMP
);

CREATE TABLE "surveys" (
  "id" VARCHAR NOT NULL,
  "kind" VARCHAR NOT NULL CHECK ("kind" IN ('nps', 'csat', 'ces')),
  "score" INTEGER NOT NULL,
  "account_id" VARCHAR,
  "contact_id" VARCHAR,
  "ticket_id" VARCHAR,
  "comment" VARCHAR,
  "responded_at" TIMESTAMP NOT NULL
);

CREATE TABLE "interactions" (
  "id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "kind" VARCHAR NOT NULL CHECK ("kind" IN ('meeting', 'call', 'email', 'qbr', 'note', 'event')),
  "occurred_at" TIMESTAMP NOT NULL,
  "author_id" VARCHAR,
  "with_executive" BOOLEAN,
  "subject" VARCHAR,
  "body" VARCHAR
);

CREATE TABLE "opportunities" (
  "id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "kind" VARCHAR NOT NULL CHECK ("kind" IN ('new_business', 'renewal', 'expansion')),
  "amount" DECIMAL(18,4),
  "stage" VARCHAR,
  "created_at" TIMESTAMP,
  "close_date" DATE,
  "status" VARCHAR CHECK ("status" IN ('open', 'won', 'lost'))
);
