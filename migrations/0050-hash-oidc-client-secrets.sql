-- Relying parties' client secrets are kept only as a SHA-256 hash: the provider checks a
-- presented secret by hashing it (see src/modules/eid/oidc/clients.ts). A secret is 256
-- random bits, so a fast hash is as good as a slow one here; nothing can be guessed.
ALTER TABLE oidc_client RENAME COLUMN secret TO secret_hash;
UPDATE oidc_client
   SET secret_hash = 'sha256:' || encode(sha256(convert_to(secret_hash, 'UTF8')), 'hex')
 WHERE secret_hash IS NOT NULL AND secret_hash NOT LIKE 'sha256:%';
ALTER TABLE oidc_client ADD CONSTRAINT oidc_client_secret_hash_ck CHECK (secret_hash IS NULL OR secret_hash ~ '^sha256:[0-9a-f]{64}$');
COMMENT ON COLUMN oidc_client.secret_hash IS 'sha256:<hex> of the client secret (shown once at registration); NULL for a public client.';
