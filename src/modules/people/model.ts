import type { ChangeReasonInput } from '../../kernel/purposes.js';
import type { Sex } from './pin.js';

/** Shapes of the population registry (domain §1, §3), no I/O. */
export type PersonStatus = 'living' | 'deceased' | 'missing';
export type ResidenceKind = 'permanent' | 'temporary' | 'current';

export interface PersonData {
  fullName: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the precision is the one recorded. */
  birthDate: string;
  sex: Sex;
  nationality: string;
  /** Code 01–54 of the official ethnic groups. */
  ethnicity: string;
  religion: string | null;
  /** Place of birth registration: a unit code (pre-2025 province or commune) and the text as written. */
  birthPlaceCode: string | null;
  birthPlace: string | null;
  /**
   * Place of birth (nơi sinh), apart from the place of birth registration: the health
   * facility, the address below the commune, and the commune (today's units).
   */
  birthFacility: string | null;
  birthAddress: string | null;
  birthAddressUnitCode: string | null;
  /** Quê quán. */
  originPlaceCode: string | null;
  originPlace: string | null;
  identifyingMarks: string | null;
  oldId9: string | null;
  oldId12: string | null;
}

export interface PersonLinks {
  fatherPin: string | null;
  motherPin: string | null;
  spousePin: string | null;
}

export interface Person extends PersonData, PersonLinks {
  id: string;
  pin: string;
  status: PersonStatus;
  deathDate: string | null;
  /** Commune (today's units) of the current residence, which decides who may see the record. */
  unitCode: string | null;
  provinceCode: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonVersion {
  version: number;
  data: Record<string, unknown>;
  changedAt: string;
  changedBy: string;
  /** "Nguyễn Văn Bình (cb.phuongbadinh)" for officers; absent for system and import changes. */
  changedByName?: string | null;
  /** A change reason code (kernel/purposes.ts); free text in versions written before codes. */
  reason: string;
  /** The officer's own words beside the code, if any. */
  reasonNote?: string | null;
  dossier: string | null;
}

export interface PinHistoryEntry {
  pin: string;
  status: 'active' | 'cancelled';
  replacedBy: string | null;
  issuedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface Residence {
  id: string;
  kind: ResidenceKind;
  unitCode: string;
  /** The day the unit code was recorded: it is read in the tree valid then. */
  unitRecordedOn: string;
  address: string;
  householdId: string | null;
  validFrom: string;
  validTo: string | null;
  plannedEnd: string | null;
  endedReason: string | null;
  dossier: string | null;
  /** The dossier under which the period was closed (a move to another commune, a removal). */
  endedDossier?: string | null;
  /** The unit as it was named when recorded ("Phường Quán Thánh, Thành phố Hà Nội"). */
  unitName?: string | null;
  /** The same place in today's units; more than one when the old commune was split. */
  currentUnits?: Array<{ code: string; name: string; provinceName: string }>;
  /** False when the old commune was split and a person must pick the right new unit. */
  currentExact?: boolean;
}

export interface HouseholdMember {
  pin: string;
  fullName: string;
  birthDate: string;
  sex: Sex;
  status: PersonStatus;
  relation: string;
  validFrom: string;
  validTo: string | null;
}

export interface Household {
  id: string;
  householdNo: string;
  unitCode: string;
  provinceCode: string;
  address: string;
  unitRecordedOn: string;
  headPin: string | null;
  /** True when the household has no living head (head died or moved): a data defect to fix. */
  headless: boolean;
  members: HouseholdMember[];
  version: number;
}

/** What each change carries for history: why (a code and an optional note), and the dossier it was made under. */
export interface ChangeReason extends ChangeReasonInput {
  dossier?: string | null | undefined;
}

/**
 * A procedure's dossier authorising a registry change beyond what the deciding officer's
 * unit scope allows: a permanent registration in commune B closes the residence in commune A,
 * because the law says a new registration ends the old one, not because B's officer may act
 * in A. Only a procedure's `effect` passes one; every change made under it is audited with
 * the dossier number in the unit it touched.
 */
export interface ProcedureAuthority {
  dossier: string;
  procedure: string;
}
