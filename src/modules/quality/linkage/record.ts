/** One person as the linkage engine sees it: the contract with the database side and the files. */
export interface LinkRecord {
  /** Person id (uuid) in the registry, externalId in file mode. */
  id: string;
  /** As written, with diacritics, family name first ("Nguyễn Văn An"). */
  fullName: string;
  /** 'YYYY' | 'YYYY-MM' | 'YYYY-MM-DD', precision kept. */
  birthDate: string;
  sex: 'M' | 'F';
  /** Province code of birth registration (compared as a string). */
  birthProvince: string | null;
  originProvince: string | null;
  /** Full names of linked parents, as written. */
  fatherName: string | null;
  motherName: string | null;
  /** Old CMND (9 or 12 digits). */
  oldId: string | null;
  /** Five-digit commune of permanent residence. */
  unitCode: string | null;
  /** Household id / externalId, null when none. */
  householdKey: string | null;
}
