-- Private signing keys and cookie keys are sealed with the master key (AES-256-GCM, src/kernel/keyring.ts)
-- in `sealed`; `jwk` keeps only the public part of a signing key. Rows written before this
-- migration are sealed by the server at its next start (the database never sees the master key).
ALTER TABLE oidc_key ADD COLUMN sealed text;
ALTER TABLE oidc_key ALTER COLUMN jwk DROP NOT NULL;
ALTER TABLE oidc_key ADD CONSTRAINT oidc_key_sealed_ck CHECK (sealed IS NULL OR sealed LIKE 'sealed:v1:%');
COMMENT ON COLUMN oidc_key.jwk IS 'Public JWK of a signing key; before sealing (rows from older versions), the private key or cookie secret.';
COMMENT ON COLUMN oidc_key.sealed IS 'The private JWK (signing) or the cookie secret, sealed under the master key with context oidc_key:<kid>.';
