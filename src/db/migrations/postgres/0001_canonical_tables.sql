-- 0001 canonical tables (DESIGN §4) for PostgreSQL.
-- Timestamps are stored as UTC without a zone; the importer converts offsets. Enums are CHECK constraints.
-- Every fact table keeps account_id so the schema can be distributed by account (Citus) with co-located joins.

CREATE TABLE "agents" (
  "id" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "email" TEXT,
  "role" TEXT NOT NULL CHECK ("role" IN ('agent', 'csm', 'manager', 'admin')),
  "team" TEXT,
  "capacity" INTEGER CHECK ("capacity" >= 0),
  PRIMARY KEY ("id")
);

CREATE TABLE "accounts" (
  "id" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "segment" TEXT CHECK ("segment" IN ('enterprise', 'mid_market', 'smb')),
  "touch_model" TEXT CHECK ("touch_model" IN ('high', 'low', 'tech')),
  "industry" TEXT,
  "region" TEXT,
  "plan" TEXT,
  "csm_id" TEXT,
  "parent_id" TEXT,
  "licensed_seats" INTEGER CHECK ("licensed_seats" >= 0),
  "created_at" TIMESTAMP NOT NULL,
  PRIMARY KEY ("id")
);

CREATE TABLE "contacts" (
  "id" TEXT NOT NULL,
  "account_id" TEXT NOT NULL,
  "email" TEXT,
  "name" TEXT,
  "title" TEXT,
  "role" TEXT CHECK ("role" IN ('executive', 'champion', 'admin', 'user', 'billing', 'other')),
  "created_at" TIMESTAMP,
  PRIMARY KEY ("id")
);
CREATE INDEX "contacts_account_id" ON "contacts" ("account_id");

CREATE TABLE "subscriptions" (
  "id" TEXT NOT NULL,
  "account_id" TEXT NOT NULL,
  "plan" TEXT,
  "mrr" NUMERIC(18,4) NOT NULL CHECK ("mrr" >= 0),
  "seats" INTEGER CHECK ("seats" >= 0),
  "started_at" DATE NOT NULL,
  "ended_at" DATE,
  "renewal_date" DATE,
  "churn_type" TEXT CHECK ("churn_type" IN ('voluntary', 'involuntary')),
  PRIMARY KEY ("id")
);
CREATE INDEX "subscriptions_account_id" ON "subscriptions" ("account_id");

CREATE TABLE "trials" (
  "id" TEXT NOT NULL,
  "account_id" TEXT,
  "started_at" TIMESTAMP NOT NULL,
  "ended_at" TIMESTAMP,
  "converted_at" TIMESTAMP,
  "source" TEXT,
  PRIMARY KEY ("id")
);
CREATE INDEX "trials_account_id" ON "trials" ("account_id");

CREATE TABLE "leads" (
  "id" TEXT NOT NULL,
  "created_at" TIMESTAMP NOT NULL,
  "qualified_at" TIMESTAMP,
  "source" TEXT,
  "account_id" TEXT,
  PRIMARY KEY ("id")
);
CREATE INDEX "leads_account_id" ON "leads" ("account_id");

CREATE TABLE "costs" (
  "month" DATE NOT NULL,
  "category" TEXT NOT NULL CHECK ("category" IN ('acquisition', 'retention', 'expansion', 'support')),
  "amount" NUMERIC(18,4) NOT NULL,
  PRIMARY KEY ("month", "category")
);

CREATE TABLE "features" (
  "key" TEXT NOT NULL,
  "name" TEXT,
  "is_core" BOOLEAN,
  "category" TEXT,
  PRIMARY KEY ("key")
);

CREATE TABLE "usage_events" (
  "id" TEXT NOT NULL,
  "account_id" TEXT NOT NULL,
  "user_id" TEXT,
  "event" TEXT NOT NULL,
  "feature" TEXT,
  "occurred_at" TIMESTAMP NOT NULL,
  "properties" JSON,
  PRIMARY KEY ("id")
);
CREATE INDEX "usage_events_account_id" ON "usage_events" ("account_id");

CREATE TABLE "milestones" (
  "id" TEXT NOT NULL,
  "account_id" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "name" TEXT,
  "required" BOOLEAN,
  "is_first_value" BOOLEAN,
  "due_at" TIMESTAMP,
  "completed_at" TIMESTAMP,
  PRIMARY KEY ("id")
);
CREATE INDEX "milestones_account_id" ON "milestones" ("account_id");

CREATE TABLE "agent_activity" (
  "agent_id" TEXT NOT NULL,
  "day" DATE NOT NULL,
  "available_seconds" INTEGER NOT NULL CHECK ("available_seconds" >= 0),
  "handle_seconds" INTEGER NOT NULL CHECK ("handle_seconds" >= 0),
  "channel" TEXT
);
CREATE UNIQUE INDEX "agent_activity_key" ON "agent_activity" ("agent_id", "day", COALESCE("channel", ''));

CREATE TABLE "tickets" (
  "id" TEXT NOT NULL,
  "account_id" TEXT,
  "contact_id" TEXT,
  "channel" TEXT NOT NULL CHECK ("channel" IN ('email', 'chat', 'phone', 'social', 'web', 'other')),
  "priority" TEXT CHECK ("priority" IN ('low', 'normal', 'high', 'urgent')),
  "status" TEXT NOT NULL CHECK ("status" IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  "category" TEXT,
  "subject" TEXT,
  "description" TEXT,
  "created_at" TIMESTAMP NOT NULL,
  "first_response_at" TIMESTAMP,
  "resolved_at" TIMESTAMP,
  "closed_at" TIMESTAMP,
  "reopens" INTEGER DEFAULT 0 CHECK ("reopens" >= 0),
  "agent_replies" INTEGER CHECK ("agent_replies" >= 0),
  "escalated" BOOLEAN,
  "assignee_id" TEXT,
  "team" TEXT,
  PRIMARY KEY ("id")
);
CREATE INDEX "tickets_account_id" ON "tickets" ("account_id");

CREATE TABLE "ticket_messages" (
  "id" TEXT NOT NULL,
  "ticket_id" TEXT NOT NULL,
  "author_type" TEXT NOT NULL CHECK ("author_type" IN ('customer', 'agent', 'bot', 'system')),
  "author_id" TEXT,
  "created_at" TIMESTAMP NOT NULL,
  "body" TEXT,
  "public" BOOLEAN DEFAULT true,
  PRIMARY KEY ("id")
);

CREATE TABLE "kb_articles" (
  "id" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "body" TEXT,
  "created_at" TIMESTAMP,
  PRIMARY KEY ("id")
);

CREATE TABLE "ticket_articles" (
  "ticket_id" TEXT NOT NULL,
  "article_id" TEXT NOT NULL,
  "linked_at" TIMESTAMP,
  PRIMARY KEY ("ticket_id", "article_id")
);

CREATE TABLE "surveys" (
  "id" TEXT NOT NULL,
  "kind" TEXT NOT NULL CHECK ("kind" IN ('nps', 'csat', 'ces')),
  "score" INTEGER NOT NULL,
  "account_id" TEXT,
  "contact_id" TEXT,
  "ticket_id" TEXT,
  "comment" TEXT,
  "responded_at" TIMESTAMP NOT NULL,
  PRIMARY KEY ("id")
);
CREATE INDEX "surveys_account_id" ON "surveys" ("account_id");

CREATE TABLE "interactions" (
  "id" TEXT NOT NULL,
  "account_id" TEXT NOT NULL,
  "kind" TEXT NOT NULL CHECK ("kind" IN ('meeting', 'call', 'email', 'qbr', 'note', 'event')),
  "occurred_at" TIMESTAMP NOT NULL,
  "author_id" TEXT,
  "with_executive" BOOLEAN,
  "subject" TEXT,
  "body" TEXT,
  PRIMARY KEY ("id")
);
CREATE INDEX "interactions_account_id" ON "interactions" ("account_id");

CREATE TABLE "opportunities" (
  "id" TEXT NOT NULL,
  "account_id" TEXT NOT NULL,
  "kind" TEXT NOT NULL CHECK ("kind" IN ('new_business', 'renewal', 'expansion')),
  "amount" NUMERIC(18,4),
  "stage" TEXT,
  "created_at" TIMESTAMP,
  "close_date" DATE,
  "status" TEXT CHECK ("status" IN ('open', 'won', 'lost')),
  PRIMARY KEY ("id")
);
CREATE INDEX "opportunities_account_id" ON "opportunities" ("account_id");
