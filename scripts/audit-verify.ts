/**
 * Offline verification of an audit export: `npm run audit:verify -- <export.jsonl> --public-key <file>`.
 * Needs no database or network; docs/audit-format.md describes what is checked.
 */
import { runAuditVerify } from '../src/audit/audit-verify-cli.js';

process.exitCode = await runAuditVerify(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
