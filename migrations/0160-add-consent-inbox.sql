-- Online filing (src/modules/dossiers/filing-service.ts): a citizen's consent inbox finds the
-- consent requests naming them, and a reminder job re-notifies those left unanswered.
CREATE INDEX dossier_action_consent_person_ix ON dossier_action ((payload->>'personId')) WHERE type = 'request_consent';

CREATE TABLE dossier_consent_reminder (
  dossier_id uuid NOT NULL,
  -- The seq of the request_consent action reminded of.
  request_seq integer NOT NULL,
  last_sent_at timestamptz NOT NULL,
  sent_count integer NOT NULL,
  CONSTRAINT dossier_consent_reminder_pk PRIMARY KEY (dossier_id, request_seq),
  CONSTRAINT dossier_consent_reminder_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id),
  CONSTRAINT dossier_consent_reminder_count_ck CHECK (sent_count >= 1)
);
COMMENT ON TABLE dossier_consent_reminder IS 'When a person asked to consent to a dossier was last reminded (the SMS itself goes through the notification outbox).';
