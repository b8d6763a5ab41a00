-- A registry change's reason is a code (kernel/purposes.ts CHANGE_REASONS) written in `reason`;
-- the officer's own words, when any, go beside it in `reason_note` (required for `other`).
-- An e-ID account's lock reason is likewise a code (EID_LOCK_REASONS) with an optional note.
-- Rows written before codes keep their free text in `reason` / `lock_reason` and are shown as
-- written (the texts the system itself wrote were mapped to codes by 0090).

ALTER TABLE person_version ADD COLUMN reason_note text;
COMMENT ON COLUMN person_version.reason IS 'Why: a change reason code (kernel/purposes.ts); free text in rows written before codes.';
COMMENT ON COLUMN person_version.reason_note IS 'The officer''s own words beside the reason code, if any.';

ALTER TABLE eid_account ADD COLUMN lock_note text;
COMMENT ON COLUMN eid_account.lock_reason IS 'Why the account is locked: an e-ID lock reason code (kernel/purposes.ts); free text in rows written before codes.';
COMMENT ON COLUMN eid_account.lock_note IS 'The officer''s or citizen''s own words beside the lock reason code, if any.';
