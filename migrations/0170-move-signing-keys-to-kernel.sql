-- Signing keys for JWS answers, one set per purpose (src/kernel/signing-keys.ts). The CT07
-- token keys move here from residence_confirmation_key, unchanged (same kid, same sealed key),
-- so every CT07 already issued keeps verifying.
CREATE TABLE signing_key (
  purpose text NOT NULL,
  kid text NOT NULL,
  algorithm text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz,
  CONSTRAINT signing_key_pk PRIMARY KEY (kid),
  CONSTRAINT signing_key_algorithm_ck CHECK (algorithm = 'EdDSA'),
  CONSTRAINT signing_key_purpose_ck CHECK (purpose IN ('ct07', 'card-verification'))
);
COMMENT ON TABLE signing_key IS 'Ed25519 keys signing JWS answers (CT07 tokens, card verification answers); private halves sealed under the master key.';
CREATE INDEX signing_key_purpose_ix ON signing_key (purpose, created_at);
INSERT INTO signing_key (purpose, kid, algorithm, public_jwk, private_key_sealed, created_at, retired_at)
  SELECT 'ct07', kid, algorithm, public_jwk, private_key_sealed, created_at, retired_at FROM residence_confirmation_key;
DROP TABLE residence_confirmation_key;
