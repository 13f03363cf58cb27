import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { DocumentKind, Provenance } from './evidence.js';

export interface DocumentRow {
  id: string;
  kind: DocumentKind;
  subject: string;
  tenantId: string | null;
  model: string | null;
  version: string | null;
  incidentId: string | null;
  title: string;
  builtAt: Date;
  evidenceHash: string;
  provenance: Provenance;
  markdownSha256: string;
  markdownBytes: number;
  pdfSha256: string;
  pdfBytes: number;
  generatedBy: string;
  generatedRole: string;
  audit: { chain: string; seq: number };
}

export interface NewDocument extends Omit<DocumentRow, 'markdownBytes' | 'pdfBytes'> {
  markdown: Buffer;
  pdf: Buffer;
}

export interface DocumentFilter {
  kind?: string;
  model?: string;
  version?: string;
  tenantId?: string;
  incidentId?: string;
  /** Only documents built at or before this instant: what was current then is the first. */
  at?: Date;
}

const COLUMNS = `id, kind, subject, tenant_id, model, version, incident_id, title, built_at, evidence_hash, provenance, markdown_sha256,
  octet_length(markdown) AS markdown_bytes, pdf_sha256, octet_length(pdf) AS pdf_bytes, generated_by, generated_role, audit_chain, audit_seq`;

const toRow = (r: Record<string, unknown>): DocumentRow => ({
  id: r.id as string,
  kind: r.kind as DocumentKind,
  subject: r.subject as string,
  tenantId: r.tenant_id as string | null,
  model: r.model as string | null,
  version: r.version as string | null,
  incidentId: r.incident_id as string | null,
  title: r.title as string,
  builtAt: r.built_at as Date,
  evidenceHash: r.evidence_hash as string,
  provenance: r.provenance as Provenance,
  markdownSha256: r.markdown_sha256 as string,
  markdownBytes: r.markdown_bytes as number,
  pdfSha256: r.pdf_sha256 as string,
  pdfBytes: r.pdf_bytes as number,
  generatedBy: r.generated_by as string,
  generatedRole: r.generated_role as string,
  audit: { chain: r.audit_chain as string, seq: Number(r.audit_seq) },
});

/** Generated documents: inserted once with their bytes, never changed (the table refuses it). */
@Injectable()
export class DocumentsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  async insert(d: NewDocument): Promise<DocumentRow> {
    const [row] = await this.db.manager.query(
      `INSERT INTO compliance_documents (id, kind, subject, tenant_id, model, version, incident_id, title, built_at, evidence_hash, provenance,
         markdown, markdown_sha256, pdf, pdf_sha256, generated_by, generated_role, audit_chain, audit_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING ${COLUMNS}`,
      [
        d.id,
        d.kind,
        d.subject,
        d.tenantId,
        d.model,
        d.version,
        d.incidentId,
        d.title,
        d.builtAt,
        d.evidenceHash,
        JSON.stringify(d.provenance),
        d.markdown,
        d.markdownSha256,
        d.pdf,
        d.pdfSha256,
        d.generatedBy,
        d.generatedRole,
        d.audit.chain,
        d.audit.seq,
      ],
    );
    return toRow(row);
  }

  async find(id: string): Promise<DocumentRow | null> {
    const [row] = await this.db.manager.query(`SELECT ${COLUMNS} FROM compliance_documents WHERE id = $1`, [id]);
    return row ? toRow(row) : null;
  }

  /** The latest document of a kind about a subject. */
  async latest(kind: string, subject: string): Promise<DocumentRow | null> {
    const [row] = await this.db.manager.query(`SELECT ${COLUMNS} FROM compliance_documents WHERE kind = $1 AND subject = $2 ORDER BY built_at DESC, id LIMIT 1`, [kind, subject]);
    return row ? toRow(row) : null;
  }

  async list(f: DocumentFilter, limit: number): Promise<DocumentRow[]> {
    const rows = await this.db.manager.query(
      `SELECT ${COLUMNS} FROM compliance_documents
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR model = $2) AND ($3::text IS NULL OR version = $3)
         AND ($4::uuid IS NULL OR tenant_id = $4) AND ($5::uuid IS NULL OR incident_id = $5) AND ($6::timestamptz IS NULL OR built_at <= $6)
       ORDER BY built_at DESC, id LIMIT $7`,
      [f.kind ?? null, f.model ?? null, f.version ?? null, f.tenantId ?? null, f.incidentId ?? null, f.at ?? null, limit],
    );
    return rows.map(toRow);
  }

  async file(id: string, format: 'pdf' | 'markdown'): Promise<{ bytes: Buffer; sha256: string } | null> {
    const column = format === 'pdf' ? 'pdf' : 'markdown';
    const [row] = await this.db.manager.query(`SELECT ${column} AS bytes, ${column}_sha256 AS sha256 FROM compliance_documents WHERE id = $1`, [id]);
    return row ? { bytes: row.bytes as Buffer, sha256: row.sha256 as string } : null;
  }
}
