import { Inject, Injectable } from '@nestjs/common';
import { AuditExport } from '../audit/audit-export.service.js';
import { AuditKeys } from '../audit/audit-keys.js';
import { actorOf } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Db } from '../database/db.js';
import { documentView } from './documents.dto.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { sha256Hex } from './evidence.js';
import { EvidenceRepository } from './evidence.repository.js';
import { incidentView } from './incidents.dto.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';
import { tar, type TarEntry } from './tar.js';

/** Longer audit ranges are named in the manifest with the request that exports them, not put in the archive. */
export const MAX_EXPORTED_EVENTS = 200_000;

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/**
 * An incident's evidence as one tar archive: the current incident report (PDF and Markdown), the
 * incident with its freezes, each seal as the exact bytes its hash covers, the sealed audit log
 * ranges as JSON Lines exports with their signed checkpoints (verifiable offline with npm run
 * audit:verify), the checkpoint public key, and a manifest with every file's sha256. A tenant's
 * archive holds only its own chain's range and no seals (they name other deployers).
 */
@Injectable()
export class EvidenceExportService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(IncidentsService) private readonly incidents: IncidentsService,
    @Inject(IncidentsRepository) private readonly repo: IncidentsRepository,
    @Inject(DocumentsService) private readonly documents: DocumentsService,
    @Inject(DocumentsRepository) private readonly documentsRepo: DocumentsRepository,
    @Inject(EvidenceRepository) private readonly evidenceRepo: EvidenceRepository,
    @Inject(AuditExport) private readonly auditExport: AuditExport,
    @Inject(AuditKeys) private readonly keys: AuditKeys,
  ) {}

  async export(principal: Principal, id: string): Promise<{ name: string; bytes: Buffer }> {
    const incident = await this.incidents.find(principal, id);
    const { target, evidence } = await this.documents.resolve({ kind: 'incident-report', incidentId: id }, principal);
    const { row: report } = await this.documents.build(actorOf(principal), target, evidence);
    const allFreezes = await this.db.platform(() => this.repo.freezesOf([id]));
    const freezes = this.incidents.visible(principal, allFreezes);
    const dir = `incident-${id}`;
    const entries: TarEntry[] = [];
    const described: { name: string; description: string }[] = [];
    const add = (name: string, data: Buffer, description: string) => {
      entries.push({ name: `${dir}/${name}`, data });
      described.push({ name, description });
    };
    const pdf = await this.db.platform(() => this.documentsRepo.file(report.id, 'pdf'));
    const markdown = await this.db.platform(() => this.documentsRepo.file(report.id, 'markdown'));
    add('report.pdf', pdf!.bytes, `The incident report, document ${report.id}; its sha256 is in the document.generate event ${report.audit.chain}#${report.audit.seq}`);
    add('report.md', markdown!.bytes, 'The same report as Markdown');
    add('incident.json', json({ schema: 'warden.incident-evidence/1', incident: incidentView(incident, freezes), report: documentView(report) }), 'The incident, its deadline, its freezes and the report document');
    if (principal.role !== 'tenant') {
      for (const f of allFreezes) add(`seal-${f.id}.json`, Buffer.from(canonicalJson(f.seal), 'utf8'), `The seal of freeze ${f.id}: canonical JSON whose sha256 is ${f.sealHash}, as recorded in event ${f.audit.chain}#${f.audit.seq}`);
    }
    const omitted: { chain: string; fromSeq: number; toSeq: number; reason: string; export: string }[] = [];
    const ranges = new Map<string, number>();
    const readable = (chain: string) => principal.role !== 'tenant' || chain === `tenant:${principal.tenantId}`;
    const include = (chain: string, fromSeq: number) => {
      if (readable(chain)) ranges.set(chain, Math.min(ranges.get(chain) ?? Infinity, fromSeq));
    };
    for (const f of freezes) {
      for (const r of f.seal.auditRanges) if (r.fromSeq <= r.toSeq) include(r.chain, r.fromSeq);
      // The platform range runs on to the freeze event itself, so the archive shows it under a signature.
      include(f.audit.chain, f.audit.seq);
    }
    for (const [chain, fromSeq] of [...ranges].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // Exports run to the chain's end: every checkpoint then lies within the export, as verification requires.
      const size = await this.db.forPrincipal(principal, () => this.evidenceRepo.chainSize(chain));
      const href = `/v1/audit/export?chain=${encodeURIComponent(chain)}&fromSeq=${fromSeq}`;
      if (size === null) continue;
      if (size - fromSeq + 1 > MAX_EXPORTED_EVENTS) {
        omitted.push({ chain, fromSeq, toSeq: size, reason: `more than ${MAX_EXPORTED_EVENTS} events`, export: href });
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of await this.auditExport.jsonl(principal, chain, fromSeq)) chunks.push(Buffer.from(chunk as string | Buffer));
      add(`audit-${chain.replace(':', '-')}-from-${fromSeq}.jsonl`, Buffer.concat(chunks), `Audit log export of chain ${chain} from seq ${fromSeq} to its end, with the signed checkpoints`);
    }
    add('public-key.pem', Buffer.from((await this.keys.publicKey()).publicKeyPem, 'utf8'), 'The Ed25519 key the checkpoints are signed with (also GET /v1/audit/public-key)');
    const manifest = {
      schema: 'warden.incident-evidence-manifest/1',
      incident: id,
      exportedAt: new Date().toISOString(),
      files: described.map((d) => ({ ...d, sha256: sha256Hex(entries.find((e) => e.name === `${dir}/${d.name}`)!.data) })),
      notIncluded: omitted,
      verify: described.filter((d) => d.name.endsWith('.jsonl')).map((d) => `npm run audit:verify -- ${dir}/${d.name} --public-key ${dir}/public-key.pem`),
    };
    entries.push({ name: `${dir}/manifest.json`, data: json(manifest) });
    return { name: `${dir}.tar`, bytes: tar(entries, new Date()) };
  }
}
