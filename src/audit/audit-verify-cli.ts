import { KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { keyIdOf, parsePublicKey } from './checkpoint.js';
import { ExportFault, ExportVerification, verifyExportFile } from './export-verify.js';

/*
 * `npm run audit:verify -- <export.jsonl> --public-key <file> [--public-key <file>] [--allow-unsigned]`
 * Exit status: 0 when everything holds, 1 when the export fails verification, 2 on a usage error.
 */

export const USAGE = 'usage: audit-verify <export.jsonl> --public-key <file> [--public-key <file> ...] [--allow-unsigned]';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Args {
  file: string;
  keyFiles: string[];
  allowUnsigned: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const keyFiles: string[] = [];
  const files: string[] = [];
  let allowUnsigned = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--public-key') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return '--public-key needs a file';
      keyFiles.push(value);
    } else if (arg.startsWith('--public-key=')) {
      keyFiles.push(arg.slice('--public-key='.length));
    } else if (arg === '--allow-unsigned') {
      allowUnsigned = true;
    } else if (arg.startsWith('--')) {
      return `unknown option ${arg}`;
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 1) return 'give exactly one export file';
  if (keyFiles.length === 0) return 'give the checkpoint public key with --public-key <file> (PEM or base64 of the raw key)';
  return { file: files[0], keyFiles, allowUnsigned };
}

const count = (n: number): string => n.toLocaleString('en-US');

export function describeFault(fault: ExportFault): string {
  const where = fault.chain !== undefined ? `chain ${fault.chain} seq ${fault.seq}` : `line ${fault.line}`;
  return `first bad: ${where}: ${fault.reason}${fault.chain !== undefined ? ` (line ${fault.line})` : ''}`;
}

const SHOWN_CHAINS = 20;

/** The human summary, one string per line. */
export function summarize(file: string, result: ExportVerification, keyIds: readonly string[]): string[] {
  const lines = [
    `audit export ${file}`,
    `  ${count(result.lines)} lines, ${count(result.events)} events in ${count(result.chains.length)} chains, ` +
      `${count(result.checkpoints)} checkpoints (keys ${keyIds.join(', ')})`,
    `  ${count(result.rootsChecked)} checkpoint roots recomputed; ${count(result.entriesOutside)} checkpoint entries concern chains or sizes outside this export`,
  ];
  for (const chain of result.chains.slice(0, SHOWN_CHAINS)) {
    const signed = chain.signedUpTo === null ? 'no checkpoint' : `signed up to seq ${chain.signedUpTo}`;
    const unsigned = chain.signedUpTo !== null && chain.signedUpTo < chain.lastSeq ? ` (seqs ${chain.signedUpTo + 1}..${chain.lastSeq} not yet in a checkpoint)` : '';
    lines.push(`  ${chain.chainId}: seq ${chain.firstSeq}..${chain.lastSeq}, ${signed}${unsigned}, root ${chain.rootHash}`);
  }
  if (result.chains.length > SHOWN_CHAINS) lines.push(`  … and ${count(result.chains.length - SHOWN_CHAINS)} more chains`);
  lines.push(result.firstBad ? describeFault(result.firstBad) : 'OK: every hash link holds and every checkpoint in range matches its signed root');
  return lines;
}

/** Runs the verifier CLI; resolves to the exit status. */
export async function runAuditVerify(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(args);
    io.err(USAGE);
    return 2;
  }
  const keys: KeyObject[] = [];
  for (const keyFile of args.keyFiles) {
    try {
      keys.push(parsePublicKey(await readFile(keyFile, 'utf8')));
    } catch (error) {
      io.err(`cannot use public key ${keyFile}: ${(error as Error).message}`);
      return 2;
    }
  }
  try {
    if (!(await stat(args.file)).isFile()) throw new Error('not a file');
  } catch (error) {
    io.err(`cannot read export ${args.file}: ${(error as Error).message}`);
    return 2;
  }
  let result: ExportVerification;
  try {
    result = await verifyExportFile(args.file, { publicKeys: keys, allowUnsigned: args.allowUnsigned });
  } catch (error) {
    io.err(`cannot read export ${args.file}: ${(error as Error).message}`);
    return 2;
  }
  for (const line of summarize(args.file, result, keys.map(keyIdOf))) io.out(line);
  return result.ok ? 0 : 1;
}
