-- Codes, tokens, sessions and interactions are stored under the SHA-256 of their value and
-- without the value in the payload, so a dump of oidc_payload holds no usable bearer string.
-- Grants keep their id: it is a reference (tokens name it), not a credential.
-- Interactions in flight are dropped (they live an hour and carry their id in returnTo and the
-- session cookie value): a citizen mid-login starts again from the service.
DELETE FROM oidc_payload WHERE kind = 'Interaction';
UPDATE oidc_payload
   SET id = encode(sha256(convert_to(id, 'UTF8')), 'hex'),
       payload = payload - 'jti'
 WHERE kind <> 'Grant';
COMMENT ON COLUMN oidc_payload.id IS 'For a Grant its id; for every other kind the hex SHA-256 of the code, token, session cookie or interaction id.';
