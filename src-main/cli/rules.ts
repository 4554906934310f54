/** Entry point of `npm run rules`. */
import { runRules } from './run-rules';

runRules(process.argv.slice(2), {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  cwd: process.env.INIT_CWD ?? process.cwd(),
}).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => { process.stderr.write(`rules: internal error: ${err instanceof Error ? err.stack : String(err)}\n`); process.exitCode = 1; },
);
