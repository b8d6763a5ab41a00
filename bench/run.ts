/**
 * `npm run bench -- NAME [options]`: runs bench/NAME.ts. Benchmarks print progress to stderr
 * and their figures as the last line of stdout, one JSON object. They are not tests.
 */
const [name, ...rest] = process.argv.slice(2);
const known = ['import', 'search', 'audit', 'reads', 'health', 'dossiers', 'dossier-figures', 'card-verify', 'dedup'];
if (!name || !known.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${known.join('|')}> [--people N] [...]\n`);
  process.exit(2);
}
process.argv = [process.argv[0]!, `bench/${name}.ts`, ...rest];
await import(`./${name}.js`);
