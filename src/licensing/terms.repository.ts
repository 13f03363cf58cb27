import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { LicenseTerms } from './license-rules.js';
import type { DerivationKind, VersionNode } from './lineage.js';
import type { PriceSchedule, PriceTier } from './pricing.js';
import type { Share } from './split.js';

export const PARTY_KINDS = ['author', 'data-provider', 'model-owner', 'platform', 'other'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export interface PartyRow {
  id: string;
  name: string;
  kind: PartyKind;
  contact: string | null;
  createdAt: Date;
}

export interface LicenseRow {
  id: string;
  name: string;
  terms: LicenseTerms;
  createdAt: Date;
}

export interface ParentRow {
  versionId: string;
  parentVersionId: string;
  parent: string;
  kind: DerivationKind;
  basisPoints: number;
}

/** Everything the request path needs about terms, loaded at once. */
export interface TermsSnapshot {
  revision: number;
  licenses: { versionId: string; license: LicenseRow }[];
  shares: { versionId: string; partyId: string; party: string; basisPoints: number }[];
  parents: ParentRow[];
  prices: { versionId: string; schedule: PriceSchedule }[];
  overrides: { versionId: string; tenantId: string; schedule: PriceSchedule }[];
  nonCommercialTenants: string[];
}

/** Parties, licences, shares, lineage and prices. Terms change rarely and are read from a cache. */
@Injectable()
export class TermsRepository {
  constructor(@Inject(Db) private readonly db: Db) {}

  private query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.manager.query(sql, params);
  }

  /** Serialises changes to terms, so that a lineage is checked for cycles against a graph no one else is changing. */
  async lock(): Promise<void> {
    await this.query(`SELECT pg_advisory_xact_lock(hashtext('warden.licensing.terms'))`);
  }

  async bumpRevision(): Promise<void> {
    await this.query(`UPDATE licensing_revision SET revision = revision + 1`);
  }

  async revision(): Promise<number> {
    const [row] = await this.query<{ revision: string }>(`SELECT revision FROM licensing_revision`);
    return Number(row?.revision ?? 0);
  }

  async insertParty(party: { name: string; kind: PartyKind; contact: string | null; createdBy: string }): Promise<PartyRow> {
    const [row] = await this.query(`INSERT INTO parties (name, kind, contact, created_by) VALUES ($1, $2, $3, $4) RETURNING *`, [party.name, party.kind, party.contact, party.createdBy]);
    return partyRow(row);
  }

  async listParties(): Promise<PartyRow[]> {
    return (await this.query(`SELECT * FROM parties ORDER BY lower(name), id`)).map(partyRow);
  }

  async findParty(id: string): Promise<PartyRow | null> {
    const [row] = await this.query(`SELECT * FROM parties WHERE id = $1`, [id]);
    return row ? partyRow(row) : null;
  }

  async findPartyByName(name: string): Promise<PartyRow | null> {
    const [row] = await this.query(`SELECT * FROM parties WHERE lower(name) = lower($1)`, [name]);
    return row ? partyRow(row) : null;
  }

  /** The ids among `ids` that name no party. */
  async missingParties(ids: string[]): Promise<string[]> {
    const rows = await this.query<{ id: string }>(`SELECT id FROM parties WHERE id = ANY($1::uuid[])`, [ids]);
    const found = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !found.has(id));
  }

  async insertLicense(name: string, terms: LicenseTerms, createdBy: string): Promise<LicenseRow> {
    const [row] = await this.query(
      `INSERT INTO licenses (name, spdx_id, commercial_use, allowed_purposes, forbidden_purposes, territories, attribution, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [name, terms.spdxId ?? null, terms.commercialUse, terms.allowedPurposes ?? null, terms.forbiddenPurposes ?? [], terms.territories ?? null, terms.attribution ?? null, terms.expiresAt ?? null, createdBy],
    );
    return licenseRow(row);
  }

  async listLicenses(): Promise<LicenseRow[]> {
    return (await this.query(`SELECT * FROM licenses ORDER BY lower(name), id`)).map(licenseRow);
  }

  async findLicense(id: string): Promise<LicenseRow | null> {
    const [row] = await this.query(`SELECT * FROM licenses WHERE id = $1`, [id]);
    return row ? licenseRow(row) : null;
  }

  async findLicenseByName(name: string): Promise<LicenseRow | null> {
    const [row] = await this.query(`SELECT * FROM licenses WHERE lower(name) = lower($1)`, [name]);
    return row ? licenseRow(row) : null;
  }

  async attachLicense(versionId: string, licenseId: string, by: string): Promise<void> {
    await this.query(
      `INSERT INTO model_version_licenses (version_id, license_id, attached_by) VALUES ($1, $2, $3)
       ON CONFLICT (version_id) DO UPDATE SET license_id = EXCLUDED.license_id, attached_at = now(), attached_by = EXCLUDED.attached_by`,
      [versionId, licenseId, by],
    );
  }

  async replaceShares(versionId: string, shares: readonly Share[], by: string): Promise<void> {
    await this.query(`DELETE FROM revenue_shares WHERE version_id = $1`, [versionId]);
    await this.query(
      `INSERT INTO revenue_shares (version_id, party_id, basis_points, set_by)
       SELECT $1, party_id, basis_points, $4 FROM unnest($2::uuid[], $3::int[]) AS s (party_id, basis_points)`,
      [versionId, shares.map((s) => s.partyId), shares.map((s) => s.basisPoints), by],
    );
  }

  async replaceParents(versionId: string, parents: readonly { parentVersionId: string; kind: DerivationKind; basisPoints: number }[], by: string): Promise<void> {
    await this.query(`DELETE FROM model_lineage WHERE version_id = $1`, [versionId]);
    if (!parents.length) return;
    await this.query(
      `INSERT INTO model_lineage (version_id, parent_version_id, kind, basis_points, set_by)
       SELECT $1, parent, kind, bp, $5 FROM unnest($2::uuid[], $3::text[], $4::int[]) AS p (parent, kind, bp)`,
      [versionId, parents.map((p) => p.parentVersionId), parents.map((p) => p.kind), parents.map((p) => p.basisPoints), by],
    );
  }

  async setPriceList(versionId: string, schedule: PriceSchedule, by: string): Promise<void> {
    await this.query(
      `INSERT INTO price_lists (version_id, currency, tiers, set_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (version_id) DO UPDATE SET currency = EXCLUDED.currency, tiers = EXCLUDED.tiers, set_at = now(), set_by = EXCLUDED.set_by`,
      [versionId, schedule.currency, JSON.stringify(schedule.tiers), by],
    );
  }

  async hasPriceList(versionId: string): Promise<boolean> {
    return (await this.query(`SELECT 1 FROM price_lists WHERE version_id = $1`, [versionId])).length > 0;
  }

  async setOverride(versionId: string, tenantId: string, schedule: PriceSchedule, by: string): Promise<void> {
    await this.query(
      `INSERT INTO tenant_price_overrides (version_id, tenant_id, currency, tiers, set_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (version_id, tenant_id) DO UPDATE SET currency = EXCLUDED.currency, tiers = EXCLUDED.tiers, set_at = now(), set_by = EXCLUDED.set_by`,
      [versionId, tenantId, schedule.currency, JSON.stringify(schedule.tiers), by],
    );
  }

  async deleteOverride(versionId: string, tenantId: string): Promise<boolean> {
    // A DELETE answers [rows, count].
    const [, count] = (await this.query(`DELETE FROM tenant_price_overrides WHERE version_id = $1 AND tenant_id = $2`, [versionId, tenantId])) as unknown as [unknown[], number];
    return count > 0;
  }

  /** The highest call number charged to a tenant for a version in [from, to); 0 when none was. */
  async lastCallNumber(tenantId: string, versionId: string, from: Date, to: Date): Promise<number> {
    const [row] = await this.db.read<{ n: string | null }>(
      null,
      `SELECT max(call_number) AS n FROM charges WHERE tenant_id = $1 AND version_id = $2 AND created_at >= $3 AND created_at < $4`,
      [tenantId, versionId, from, to],
    );
    return Number(row?.n ?? 0);
  }

  async tenantExists(tenantId: string): Promise<boolean> {
    return (await this.query(`SELECT 1 FROM tenants WHERE id = $1`, [tenantId])).length > 0;
  }

  async setTenantCommercial(tenantId: string, commercial: boolean, by: string): Promise<void> {
    await this.query(
      `INSERT INTO tenant_licensing (tenant_id, commercial, set_by) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET commercial = EXCLUDED.commercial, set_at = now(), set_by = EXCLUDED.set_by`,
      [tenantId, commercial, by],
    );
  }

  /** Every version's own shares and parent links, as the lineage rules read them. */
  async lineageNodes(): Promise<VersionNode[]> {
    const snapshot = await this.snapshot();
    return lineageNodes(snapshot);
  }

  async snapshot(): Promise<TermsSnapshot> {
    const revision = await this.revision();
    const licenses = await this.query(`SELECT v.version_id, l.* FROM model_version_licenses v JOIN licenses l ON l.id = v.license_id`);
    const shares = await this.query<{ version_id: string; party_id: string; name: string; basis_points: number }>(
      `SELECT s.version_id, s.party_id, p.name, s.basis_points FROM revenue_shares s JOIN parties p ON p.id = s.party_id ORDER BY s.version_id, s.party_id`,
    );
    const parents = await this.query<{ version_id: string; parent_version_id: string; parent: string; kind: DerivationKind; basis_points: number }>(
      `SELECT l.version_id, l.parent_version_id, m.name || '@' || v.version AS parent, l.kind, l.basis_points
       FROM model_lineage l JOIN model_versions v ON v.id = l.parent_version_id JOIN models m ON m.id = v.model_id
       ORDER BY l.version_id, l.parent_version_id`,
    );
    const prices = await this.query<{ version_id: string; currency: string; tiers: PriceTier[] }>(`SELECT version_id, currency, tiers FROM price_lists`);
    const overrides = await this.query<{ version_id: string; tenant_id: string; currency: string; tiers: PriceTier[] }>(`SELECT version_id, tenant_id, currency, tiers FROM tenant_price_overrides`);
    const tenants = await this.query<{ tenant_id: string }>(`SELECT tenant_id FROM tenant_licensing WHERE NOT commercial`);
    return {
      revision,
      licenses: licenses.map((row) => ({ versionId: row.version_id as string, license: licenseRow(row) })),
      shares: shares.map((s) => ({ versionId: s.version_id, partyId: s.party_id, party: s.name, basisPoints: s.basis_points })),
      parents: parents.map((p) => ({ versionId: p.version_id, parentVersionId: p.parent_version_id, parent: p.parent, kind: p.kind, basisPoints: p.basis_points })),
      prices: prices.map((p) => ({ versionId: p.version_id, schedule: { currency: p.currency, tiers: p.tiers.map(tier) } })),
      overrides: overrides.map((o) => ({ versionId: o.version_id, tenantId: o.tenant_id, schedule: { currency: o.currency, tiers: o.tiers.map(tier) } })),
      nonCommercialTenants: tenants.map((t) => t.tenant_id),
    };
  }
}

/** Nodes for every version that has a share table or parent links. */
export function lineageNodes(snapshot: Pick<TermsSnapshot, 'shares' | 'parents'>): VersionNode[] {
  const nodes = new Map<string, { versionId: string; shares: Share[]; parents: { parentVersionId: string; basisPoints: number; kind: DerivationKind }[] }>();
  const node = (versionId: string) => {
    let found = nodes.get(versionId);
    if (!found) nodes.set(versionId, (found = { versionId, shares: [], parents: [] }));
    return found;
  };
  for (const s of snapshot.shares) node(s.versionId).shares.push({ partyId: s.partyId, basisPoints: s.basisPoints });
  for (const p of snapshot.parents) node(p.versionId).parents.push({ parentVersionId: p.parentVersionId, basisPoints: p.basisPoints, kind: p.kind });
  return [...nodes.values()];
}

/** Tiers come back from jsonb with their keys reordered. */
const tier = (t: PriceTier): PriceTier => ({ upTo: t.upTo, perCall: t.perCall, perRow: t.perRow });

function partyRow(row: Record<string, unknown>): PartyRow {
  return { id: row.id as string, name: row.name as string, kind: row.kind as PartyKind, contact: (row.contact as string | null) ?? null, createdAt: row.created_at as Date };
}

function licenseRow(row: Record<string, unknown>): LicenseRow {
  return {
    id: row.id as string,
    name: row.name as string,
    createdAt: row.created_at as Date,
    terms: {
      spdxId: (row.spdx_id as string | null) ?? null,
      commercialUse: row.commercial_use as boolean,
      allowedPurposes: (row.allowed_purposes as string[] | null) ?? null,
      forbiddenPurposes: (row.forbidden_purposes as string[]) ?? [],
      territories: (row.territories as string[] | null) ?? null,
      attribution: (row.attribution as string | null) ?? null,
      expiresAt: (row.expires_at as Date | null) ?? null,
    },
  };
}
