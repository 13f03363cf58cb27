import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import type { AuditEvent } from './audit-event.js';
import { CompactRange } from './compact-range.js';
import { anchorFor, anchorLine, checkpointLine, eventLine, headerLine } from './export-format.js';
import { viewFor, type CheckpointView } from './audit-checkpoints.service.js';
import { AuditRepository, type EventFilter } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { Db } from '../database/db.js';

const PAGE = 2000;
const CSV_COLUMNS = ['chain_id', 'seq', 'time', 'actor_id', 'actor_role', 'tenant_id', 'action', 'resource_type', 'resource_id', 'decision', 'reason', 'details', 'prev_hash', 'hash'];

/** How many of the newest checkpoints an export carries (docs/audit-format.md section 9 leaves the choice to the exporter). */
const EXPORTED_CHECKPOINTS = 1000;

/** No entry of a checkpoint signs a chain beyond its last exported seq (chains not exported do not count). */
function withinExport(entries: readonly { chainId: string; treeSize: number }[], exported: ReadonlyMap<string, number>): boolean {
  return entries.every((entry) => entry.treeSize <= (exported.get(entry.chainId) ?? Infinity));
}

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

  jsonl(principal: Principal, chain: string | undefined, from = 1, to?: number): Readable {
    const chains = this.audit.visibleChains(principal, chain);
    return Readable.from(this.jsonlLines(principal, chains, from, to), { objectMode: false });
  }

  csv(principal: Principal, filter: EventFilter & { chain?: string }): Readable {
    const chains = this.audit.visibleChains(principal, filter.chain, filter.tenantId ?? undefined);
    return Readable.from(this.csvLines(principal, { ...filter, chains }), { objectMode: false });
  }

  private async *jsonlLines(principal: Principal, chains: string[] | undefined, from: number, to: number | undefined): AsyncGenerator<string> {
    yield `${headerLine({ exportedAt: new Date().toISOString() })}\n`;
    const heads = await this.db.forPrincipal(principal, () => this.repo.heads(chains));
    const lastOf = (size: number) => Math.min(to ?? size, size);
    // The last seq exported of each chain that has events in the export.
    const exported = new Map(heads.filter((h) => from <= lastOf(h.size)).map((h) => [h.chainId, lastOf(h.size)]));
    // The newest checkpoints that sign nothing beyond what the export holds (one signed after the
    // heads were read, or past `to`, would make the verifier conclude events were removed), oldest first.
    const checkpoints = await this.db.platform(() => this.repo.checkpoints(null, null, EXPORTED_CHECKPOINTS, true));
    const held = checkpoints.map((stored) => viewFor(principal, stored)).filter((view): view is CheckpointView => view !== null && withinExport(view.body.chains, exported));
    for (const view of held.reverse()) yield `${checkpointLine(view)}\n`;
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
