import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database, Executor } from './db.js';
import type { AccessLog } from './access-log.js';
import type { Keyring } from './keyring.js';

/**
 * What the kernel needs to know about administrative units, provided by the units
 * module at start-up (the kernel knows no module; app.ts wires this in).
 */
export interface UnitDirectory {
  /**
   * Name of a current unit at the given level, or undefined if there is none. Inside a
   * transaction pass it as `db`: the pool must not be used there (PGlite has one connection).
   */
  unitName(level: 'province' | 'commune', code: string, db?: Executor): Promise<string | undefined>;
  /** Province code of a current commune, or undefined if the commune does not exist. */
  provinceOfCommune(code: string, db?: Executor): Promise<string | undefined>;
  /** Codes of the current communes of a province (empty for an unknown province). */
  communesOfProvince(code: string): Promise<string[]>;
}

/** Everything a service function needs besides the actor and its input. */
export interface AppContext {
  db: Database;
  clock: Clock;
  log: Logger;
  config: Config;
  units: UnitDirectory;
  /** Seals and opens secrets kept in the database (the key itself is outside it). */
  keys: Keyring;
  /** Where plain reads log access (batched group commit; see access-log.ts). */
  accessLog: AccessLog;
}
