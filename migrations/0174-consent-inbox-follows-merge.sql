-- A consent request still waiting on a record merged into another moves to the survivor by a
-- transfer_consent action (src/modules/dossiers/merge-subscriber.ts); the consent inbox finds
-- the requests naming a person through either action, so the index covers both.
CREATE INDEX dossier_action_consent_person_both_ix ON dossier_action ((payload->>'personId')) WHERE type IN ('request_consent', 'transfer_consent');
DROP INDEX dossier_action_consent_person_ix;
