import type { Executor } from '../../kernel/db.js';

/**
 * The external biometric de-duplication system (ABIS: Automated Biometric Identification
 * System) as the cards module calls it at intake: "has anyone else already enrolled this face
 * or these fingers?" A national deployment plugs a real matcher in behind this interface (it
 * compares templates, tolerating a new scan of the same finger). The implementation shipped
 * here is for development only and says so in its name: it finds byte-identical images, which
 * catches a file reused for two people and nothing more.
 */
export interface AbisProbe {
  personId: string;
  face: { sha256: string } | null;
  fingers: Array<{ finger: number; sha256: string }>;
}

export interface AbisHit {
  personId: string;
  pin: string;
  kind: 'face' | 'finger';
  finger: number | null;
}

export interface Abis {
  /** Name recorded with each intake, so a later reader knows which matcher looked. */
  readonly name: string;
  /** Other people whose enrolled biometrics match the probe (the probe's own person excluded). */
  search(tx: Executor, probe: AbisProbe): Promise<AbisHit[]>;
}

export const byteIdenticalDevelopmentAbis: Abis = {
  name: 'development-byte-identical',
  async search(tx, probe) {
    const hits: AbisHit[] = [];
    if (probe.face) {
      const r = await tx.query<{ person_id: string; pin: string }>(
        `SELECT DISTINCT i.person_id, i.pin FROM card_intake i WHERE i.photo_sha256 = $1 AND i.person_id <> $2`,
        [probe.face.sha256, probe.personId],
      );
      for (const row of r.rows) hits.push({ personId: row.person_id, pin: row.pin, kind: 'face', finger: null });
    }
    if (probe.fingers.length > 0) {
      const r = await tx.query<{ person_id: string; pin: string; finger: number }>(
        `SELECT DISTINCT i.person_id, i.pin, f.finger FROM card_fingerprint f JOIN card_intake i ON i.dossier_id = f.dossier_id
          WHERE f.image_sha256 = ANY($1::text[]) AND i.person_id <> $2`,
        [probe.fingers.map((f) => f.sha256), probe.personId],
      );
      for (const row of r.rows) hits.push({ personId: row.person_id, pin: row.pin, kind: 'finger', finger: Number(row.finger) });
    }
    return hits;
  },
};
