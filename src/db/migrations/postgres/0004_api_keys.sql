-- 0004 API and ingestion write keys (access/api-keys.ts): only a SHA-256 hash of each secret is stored; the
-- secret is shown once, when the key is created.
CREATE TABLE "api_keys" (
  "id" TEXT PRIMARY KEY,
  "kind" TEXT NOT NULL CHECK ("kind" IN ('api', 'write')),
  "role" TEXT CHECK ("role" IN ('viewer', 'csm', 'manager', 'admin')),
  "name" TEXT NOT NULL,
  "hash" TEXT NOT NULL UNIQUE,
  "created_at" TIMESTAMP NOT NULL,
  "revoked_at" TIMESTAMP,
  CHECK (("kind" = 'api') = ("role" IS NOT NULL))
);
