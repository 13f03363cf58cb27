import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import type { AuditEvent } from './audit-event.js';
import type { ChainHead } from './audit-batch.js';
import { notFound } from '../common/errors.js';
import { CompactRange } from './compact-range.js';
import { anchorFor, anchorLine, checkpointLine, eventLine, headerLine } from './export-format.js';
import { viewFor, type CheckpointView } from './audit-checkpoints.service.js';
import { AuditRepository, type EventFilter } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { Db } from '../database/db.js';

const PAGE = 2000;
const CSV_COLUMNS = ['chain_id', 'seq', 'time', 'actor_id', 'actor_role', 'tenant_id', 'action', 'resource_type', 'resource_id', 'decision', 'reason', 'details', 'prev_hash', 'hash'];

/** How many of the newest checkpoints an export carries, of those that keep section 9's rule (docs/audit-format.md leaves the choice to the exporter). */
const EXPORTED_CHECKPOINTS = 1000;

/**
 * Streaming exports, a page at a time, so memory stays flat whatever the size of the log.
 * JSONL is the verifiable format (docs/audit-format.md): whole chains or seq ranges of them, with
 * anchors and the signed checkpoints the caller may see. CSV lists filtered events for people.
 */
@Injectable()
export class AuditExport {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditRepository) private readonly repo: AuditRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * Checkpoints are read before the heads: heads only grow, so every checkpoint read then signs
   * sizes the heads read after it hold. A checkpoint beyond a chain's stored events is carried
   * all the same, and the verifier reports the events it signs as missing. 404 for a chain that
   * does not exist, before anything is sent.
   */
  async jsonl(principal: Principal, chain: string | undefined, from = 1, to?: number): Promise<Readable> {
    const chains = this.audit.visibleChains(principal, chain);
    const stored = await this.db.platform(() => this.repo.exportCheckpoints(chains?.[0] ?? null, to ?? null, EXPORTED_CHECKPOINTS));
    const checkpoints = stored.map((s) => viewFor(principal, s)).filter((view): view is CheckpointView => view !== null);
    const heads = await this.db.forPrincipal(principal, () => this.repo.heads(chains));
    if (chain && !heads.length) throw notFound('Audit chain', chain);
    return Readable.from(this.jsonlLines(principal, checkpoints.reverse(), heads, from, to), { objectMode: false });
  }

  csv(principal: Principal, filter: EventFilter & { chain?: string }): Readable {
    const chains = this.audit.visibleChains(principal, filter.chain, filter.tenantId ?? undefined);
    return Readable.from(this.csvLines(principal, { ...filter, chains }), { objectMode: false });
  }

  /** The export's lines: `checkpoints` oldest first, then each chain's anchor and events. */
  private async *jsonlLines(principal: Principal, checkpoints: CheckpointView[], heads: ChainHead[], from: number, to: number | undefined): AsyncGenerator<string> {
    yield `${headerLine({ exportedAt: new Date().toISOString() })}\n`;
    const lastOf = (size: number) => Math.min(to ?? size, size);
    for (const view of checkpoints) yield `${checkpointLine(view)}\n`;
    for (const head of heads) {
      const last = lastOf(head.size);
      if (from > last) continue;
      if (from > 1) yield `${await this.anchor(principal, head.chainId, from - 1)}\n`;
      for (let start = from; start <= last; start += PAGE) {
        const events = await this.db.forPrincipal(principal, () => this.repo.chainEvents(head.chainId, start, Math.min(start + PAGE - 1, last)));
        let out = '';
        for (const event of events) out += `${eventLine(event)}\n`;
        yield out;
      }
    }
  }

  private async anchor(principal: Principal, chain: string, size: number): Promise<string> {
    const range = new CompactRange();
    let prev = '';
    for (let start = 1; start <= size; start += PAGE * 10) {
      const hashes = await this.db.forPrincipal(principal, () => this.repo.chainHashes(chain, start, Math.min(start + PAGE * 10 - 1, size)));
      for (const hash of hashes) range.pushEventHash(hash);
      prev = hashes[hashes.length - 1] ?? prev;
    }
    return anchorLine(anchorFor(chain, range, prev));
  }

  private async *csvLines(principal: Principal, filter: EventFilter): AsyncGenerator<string> {
    yield `${CSV_COLUMNS.join(',')}\n`;
    let cursor = null as { time: string; chain: string; seq: number } | null;
    for (;;) {
      const events = await this.db.forPrincipal(principal, () => this.repo.findEvents(filter, cursor, PAGE));
      if (!events.length) return;
      yield events.map(csvRow).join('');
      const last = events[events.length - 1];
      cursor = { time: last.time, chain: last.chainId, seq: last.seq };
    }
  }
}

function csvRow(e: AuditEvent): string {
  const cells = [e.chainId, e.seq, e.time, e.actor.id, e.actor.role, e.tenantId, e.action, e.resource?.type, e.resource?.id, e.decision, e.reason, JSON.stringify(e.details), e.prevHash, e.hash];
  return `${cells.map(csvCell).join(',')}\n`;
}

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
