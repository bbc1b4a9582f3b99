-- 0004 API and ingestion write keys (access/api-keys.ts): only a SHA-256 hash of each secret is stored; the
-- secret is shown once, when the key is created.
CREATE TABLE "api_keys" (
  "id" VARCHAR PRIMARY KEY,
  "kind" VARCHAR NOT NULL CHECK ("kind" IN ('api', 'write')),
  "role" VARCHAR CHECK ("role" IN ('viewer', 'csm', 'manager', 'admin')),
  "name" VARCHAR NOT NULL,
  "hash" VARCHAR NOT NULL UNIQUE,
  "created_at" TIMESTAMP NOT NULL,
  "revoked_at" TIMESTAMP,
  CHECK (("kind" = 'api') = ("role" IS NOT NULL))
);
