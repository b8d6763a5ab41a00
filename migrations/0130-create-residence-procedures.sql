-- The residence procedures (src/modules/residence): the province's minimum floor area per
-- person for registering permanent residence in a rented or borrowed dwelling, notices before
-- an ex-officio removal, absence declarations (CT03) and stay notifications. Residence periods
-- and households themselves stay in the people module's tables; a closed period now also
-- names the dossier that closed it.

ALTER TABLE residence ADD COLUMN ended_dossier text;
COMMENT ON COLUMN residence.ended_dossier IS 'The dossier under which the period was closed (a move, a removal), when it was.';

CREATE TABLE residence_floor_area (
  province_code text NOT NULL,
  -- Square metres of floor per person; the Law on Residence 2020 lets the province set it, never below 8.
  min_m2_per_person numeric(6, 2) NOT NULL,
  set_at timestamptz NOT NULL,
  set_by text NOT NULL,
  CONSTRAINT residence_floor_area_pk PRIMARY KEY (province_code),
  CONSTRAINT residence_floor_area_province_ck CHECK (province_code ~ '^[0-9]{2}$'),
  CONSTRAINT residence_floor_area_min_ck CHECK (min_m2_per_person >= 8 AND min_m2_per_person <= 1000)
);
COMMENT ON TABLE residence_floor_area IS 'Minimum floor area per person (m²) each province sets for permanent registration in a rented or borrowed dwelling; 8 where no row.';

-- Seed: every current province at the legal floor, 8 m² per person, until the province says otherwise.
INSERT INTO residence_floor_area (province_code, min_m2_per_person, set_at, set_by)
SELECT DISTINCT code, 8, now(), 'seed'
  FROM admin_unit
 WHERE level = 'province' AND valid_to IS NULL
ON CONFLICT (province_code) DO NOTHING;

CREATE TABLE residence_removal_notice (
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  pin text NOT NULL,
  -- The commune of the permanent residence to be removed (whose officers record the notice).
  unit_code text NOT NULL,
  province_code text NOT NULL,
  ground text NOT NULL,
  note text,
  noticed_at timestamptz NOT NULL,
  noticed_by text NOT NULL,
  -- The dossier that used the notice for an ex-officio removal, once decided.
  used_by_dossier text,
  CONSTRAINT residence_removal_notice_pk PRIMARY KEY (id),
  CONSTRAINT residence_removal_notice_unit_ck CHECK (unit_code ~ '^[0-9]{5}$' AND province_code ~ '^[0-9]{2}$')
);
COMMENT ON TABLE residence_removal_notice IS 'Notices that a permanent residence will be removed ex officio; the removal may be decided 7 days after the notice.';
CREATE INDEX residence_removal_notice_person_ix ON residence_removal_notice (person_id, noticed_at);

CREATE TABLE residence_absence (
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  pin text NOT NULL,
  unit_code text NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  destination text NOT NULL,
  reason text NOT NULL,
  dossier text NOT NULL,
  slip_no text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT residence_absence_pk PRIMARY KEY (id),
  CONSTRAINT residence_absence_dossier_uq UNIQUE (dossier),
  CONSTRAINT residence_absence_period_ck CHECK (valid_to >= valid_from)
);
COMMENT ON TABLE residence_absence IS 'Absence declarations (khai báo tạm vắng) accepted under a dossier, with the CT03 slip number.';
CREATE INDEX residence_absence_person_ix ON residence_absence (person_id, valid_from);

CREATE TABLE stay_notice (
  id uuid NOT NULL,
  -- The request id of the host: a retried notification records nothing twice.
  request_id text NOT NULL,
  guest_person_id uuid NOT NULL,
  guest_pin text NOT NULL,
  unit_code text NOT NULL,
  province_code text NOT NULL,
  address text NOT NULL,
  stay_from timestamptz NOT NULL,
  stay_to date NOT NULL,
  reason text NOT NULL,
  host_kind text NOT NULL,
  host_id text NOT NULL,
  notified_at timestamptz NOT NULL,
  deadline timestamptz NOT NULL,
  on_time boolean NOT NULL,
  CONSTRAINT stay_notice_pk PRIMARY KEY (id),
  CONSTRAINT stay_notice_request_uq UNIQUE (host_kind, host_id, request_id),
  CONSTRAINT stay_notice_unit_ck CHECK (unit_code ~ '^[0-9]{5}$' AND province_code ~ '^[0-9]{2}$')
);
COMMENT ON TABLE stay_notice IS 'Stay notifications (thông báo lưu trú) a host gave the commune police: guest, period, address, reason, and whether on time.';
CREATE INDEX stay_notice_unit_ix ON stay_notice (unit_code, stay_from);
CREATE INDEX stay_notice_guest_ix ON stay_notice (guest_person_id);
