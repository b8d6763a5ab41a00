-- Dossier processing (issue 17 item 5): the per-unit figures and the applicant notices.

-- The decision's Vietnam date and the working days from the complete reception to it (the
-- reception day not counted, as for the due date), kept when the decision is taken so the
-- figures average them in the database instead of counting calendars per row.
ALTER TABLE dossier ADD COLUMN decided_on date;
ALTER TABLE dossier ADD COLUMN decision_working_days integer;
ALTER TABLE dossier ADD CONSTRAINT dossier_decision_days_ck CHECK (decision_working_days IS NULL OR decision_working_days >= 0);

-- Figures for a period: one range scan per measure, per province (communes filter inside it;
-- the nation asks every province). INCLUDE keeps them index-only.
CREATE INDEX dossier_figures_submitted_ix ON dossier (province_code, submitted_at) INCLUDE (unit_code, channel);
CREATE INDEX dossier_figures_received_ix ON dossier (province_code, received_on) INCLUDE (unit_code);
CREATE INDEX dossier_figures_decided_ix ON dossier (province_code, decided_on) INCLUDE (unit_code, received_on, decision_working_days);
CREATE INDEX dossier_figures_notified_ix ON dossier (province_code, notified_at) INCLUDE (unit_code, notified_late);
-- Open dossiers past their appointment date (the menu badge and the "overdue now" figure).
CREATE INDEX dossier_open_due_ix ON dossier (province_code, due_date) INCLUDE (unit_code, assigned_to)
  WHERE state IN ('submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review', 'approved', 'rejected');
-- "Assigned to me".
CREATE INDEX dossier_assigned_ix ON dossier (assigned_to, due_date) WHERE assigned_to IS NOT NULL;

-- One notice per dossier event and recipient: the relay may deliver an event again after a
-- crash, and this key makes the second delivery send nothing.
CREATE TABLE dossier_notice (
  event_id bigint NOT NULL,
  recipient_pin text NOT NULL,
  dossier_code text NOT NULL,
  -- queued: an SMS is in the notification outbox; no_contact: the person has no e-ID phone
  -- number; rate_limited: the recipient's limit was reached (the portal still shows the state).
  outcome text NOT NULL,
  notification_id uuid,
  created_at timestamptz NOT NULL,
  CONSTRAINT dossier_notice_pk PRIMARY KEY (event_id, recipient_pin),
  CONSTRAINT dossier_notice_outcome_ck CHECK (outcome IN ('queued', 'no_contact', 'rate_limited')),
  CONSTRAINT dossier_notice_pin_ck CHECK (recipient_pin ~ '^[0-9]{12}$')
);
CREATE INDEX dossier_notice_dossier_ix ON dossier_notice (dossier_code);
COMMENT ON TABLE dossier_notice IS 'Notices sent (or not) to applicants and consenting people about a dossier event; one per event and recipient.';
