import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { createContext } from './app.js';
import { registerAuditCommands } from './kernel/audit-cli.js';
import { registerCalendarCommands } from './kernel/calendar/calendar-cli.js';
import { loadConfig } from './kernel/config.js';
import { chooseLogFormat, createLogger } from './kernel/log.js';
import { AppError } from './kernel/errors.js';
import type { AppContext } from './kernel/context.js';
import { openDatabase } from './kernel/db.js';
import { migrate } from './kernel/migrate.js';
import { seedDemo, type DemoLogin } from './demo.js';
import { startServer } from './server.js';
import { registerPeopleCommands } from './modules/people/index.js';
import { registerUnitsCommands } from './modules/units/index.js';
import { registerEidCommands } from './modules/eid/index.js';
import { registerConfirmationCommands, registerResidenceCommands } from './modules/residence/index.js';
import { registerDossierCommands } from './modules/dossiers/index.js';
import { ensureCardKeys, registerCardCommands } from './modules/cards/index.js';
import { registerQualityCommands } from './modules/quality/index.js';

/** The `dancu` command. Output meant for programs is JSON on stdout; progress goes to stderr. */
type ClosableContext = AppContext & { close(): Promise<void> };

async function openContext(options: { migrate?: boolean } = {}): Promise<ClosableContext> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate !== false) await migrate(db);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  return { ...createContext({ db, config, log }), close: () => db.close() };
}

function printLogins(logins: DemoLogin[], out: (s: string) => void): void {
  if (logins.length === 0) return;
  out('Demo logins (tài khoản thử nghiệm):');
  for (const l of logins) out(`  ${l.username.padEnd(18)} ${l.password.padEnd(18)} ${l.description}`);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number');
  return n;
}

/** What `dancu start` parsed: `demo` stays undefined unless --demo or --no-demo was given. */
export interface StartOptions {
  port?: number;
  host?: string;
  demo?: boolean;
}

export function buildCli(): Command {
  const program = new Command('dancu').description('dancu — population registry and digital identity').showHelpAfterError();

  program
    .command('start')
    .description('run the server and web app (embedded PGlite unless DATABASE_URL is set); demo data on PGlite, or with --demo')
    .option('-p, --port <port>', 'port to listen on', positiveInt)
    .option('--host <host>', 'interface to listen on')
    .option('--demo', 'create the demo officers, citizens and data, and show SMS codes on /dev/messages (default without DATABASE_URL)')
    .option('--no-demo', 'no demo officers, citizens or data, no /dev/messages (default with DATABASE_URL)')
    .action(async (opts: StartOptions) => {
      const config = loadConfig();
      const server = await startServer({
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(opts.demo !== undefined ? { demo: opts.demo } : {}),
        log: createLogger({ level: config.logLevel, format: chooseLogFormat(process.env.LOG_FORMAT, process.stdout.isTTY) }),
      });
      const out = (s: string) => process.stdout.write(`${s}\n`);
      out('');
      out(`dancu is running at ${server.url}  (engine: ${server.db.engine}${server.db.engine === 'pglite' ? `, data in ${config.dataDir}` : ''})`);
      out(`API docs: ${server.url}/api/docs`);
      out(`Citizen portal: ${server.url}/portal   OpenID Connect issuer: ${server.url}/oidc`);
      if (server.config.devMessages) out(`SMS codes (no gateway; from this machine only): ${server.url}/dev/messages`);
      printLogins(server.demoLogins, out);
      out('Press Ctrl+C to stop.');
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`\n${signal}: shutting down…\n`);
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });

  program
    .command('migrate')
    .description('apply pending SQL migrations')
    .action(async () => {
      const ctx = await openContext({ migrate: false });
      try {
        const result = await migrate(ctx.db);
        await ensureCardKeys(ctx.db.pool, ctx.keys, ctx.clock.now());
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        await ctx.close();
      }
    });

  program
    .command('demo')
    .description('create the demo officers (and demo data) if missing, and print the logins')
    .action(async () => {
      const ctx = await openContext();
      try {
        printLogins(await seedDemo(ctx), (s) => process.stdout.write(`${s}\n`));
      } finally {
        await ctx.close();
      }
    });

  registerAuditCommands(program, openContext);
  registerCalendarCommands(program, openContext);

  registerUnitsCommands(program, openContext);

  registerPeopleCommands(program, openContext);
  registerEidCommands(program, openContext);
  registerResidenceCommands(program, openContext);
  registerConfirmationCommands(program, openContext);
  registerDossierCommands(program, openContext);
  registerCardCommands(program, openContext);
  registerQualityCommands(program, openContext);
  return program;
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli.ts');
if (isMain) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      // Vietnamese first, English beside it, as everywhere a user reads.
      process.stderr.write(`${err instanceof AppError ? `${err.messages.vi}\n${err.messages.en}` : err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
