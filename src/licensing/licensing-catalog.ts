import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { poll, type Poll } from '../common/poll.js';
import { lineageGraph, type LineageGraph } from './lineage.js';
import type { PriceList, PriceSchedule } from './pricing.js';
import { lineageNodes, TermsRepository, type LicenseRow, type ParentRow, type TermsSnapshot } from './terms.repository.js';

/** What a model version's card shows about its terms. */
export interface VersionTermsView {
  license: LicenseView | null;
  shares: { partyId: string; party: string; basisPoints: number }[];
  lineage: { parent: string; parentVersionId: string; kind: string; basisPoints: number }[];
  /** The default schedule; tenant-specific prices are not shown. */
  price: PriceSchedule | null;
}

export interface LicenseView {
  id: string;
  name: string;
  spdxId: string | null;
  commercialUse: boolean;
  allowedPurposes: string[] | null;
  forbiddenPurposes: string[];
  territories: string[] | null;
  attribution: string | null;
  expiresAt: string | null;
}

export function licenseView(license: LicenseRow): LicenseView {
  const t = license.terms;
  return {
    id: license.id,
    name: license.name,
    spdxId: t.spdxId ?? null,
    commercialUse: t.commercialUse,
    allowedPurposes: t.allowedPurposes ? [...t.allowedPurposes] : null,
    forbiddenPurposes: [...(t.forbiddenPurposes ?? [])],
    territories: t.territories ? [...t.territories] : null,
    attribution: t.attribution ?? null,
    expiresAt: t.expiresAt ? t.expiresAt.toISOString() : null,
  };
}

const EMPTY: VersionTermsView = { license: null, shares: [], lineage: [], price: null };

/**
 * Every instance's copy of the licensing terms (licences attached to versions, shares, lineage,
 * prices, which tenants are non-commercial), so that checking a licence and pricing a call cost no
 * query. A change made on any instance bumps a revision; a cheap poll notices it and reloads, so
 * new terms apply everywhere within the registry's poll interval.
 */
@Injectable()
export class LicensingCatalog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LicensingCatalog');
  private revision = -1;
  private licenses = new Map<string, LicenseRow>();
  private views = new Map<string, VersionTermsView>();
  private prices = new Map<string, PriceList>();
  private lineage: LineageGraph = new Map();
  private nonCommercial = new Set<string>();
  private watch?: Poll;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(TermsRepository) private readonly repo: TermsRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.watch = poll(this.config.modelWatchIntervalMs, () => this.refreshIfChanged(), this.logger, 'Licensing terms');
  }

  onApplicationShutdown(): void {
    this.watch?.stop();
  }

  license(versionId: string): LicenseRow | undefined {
    return this.licenses.get(versionId);
  }

  priceList(versionId: string): PriceList | undefined {
    return this.prices.get(versionId);
  }

  graph(): LineageGraph {
    return this.lineage;
  }

  /** Tenants use models commercially unless an admin has said otherwise. */
  isCommercial(tenantId: string): boolean {
    return !this.nonCommercial.has(tenantId);
  }

  view(versionId: string): VersionTermsView {
    return this.views.get(versionId) ?? EMPTY;
  }

  async refresh(): Promise<void> {
    this.load(await this.db.platform(() => this.repo.snapshot()));
  }

  private load(snapshot: TermsSnapshot): void {
    // Two overlapping reloads may finish out of order; never go back to older terms.
    if (snapshot.revision < this.revision) return;
    const licenses = new Map(snapshot.licenses.map((l) => [l.versionId, l.license]));
    const prices = new Map<string, PriceList>(snapshot.prices.map((p) => [p.versionId, { ...p.schedule, overrides: {} }]));
    for (const o of snapshot.overrides) (prices.get(o.versionId)!.overrides as Record<string, PriceSchedule>)[o.tenantId] = o.schedule;

    const views = new Map<string, VersionTermsView>();
    const viewOf = (versionId: string) => {
      let view = views.get(versionId);
      if (!view) views.set(versionId, (view = { license: null, shares: [], lineage: [], price: null }));
      return view;
    };
    for (const [versionId, license] of licenses) viewOf(versionId).license = licenseView(license);
    for (const s of snapshot.shares) viewOf(s.versionId).shares.push({ partyId: s.partyId, party: s.party, basisPoints: s.basisPoints });
    for (const p of snapshot.parents) viewOf(p.versionId).lineage.push(parentView(p));
    for (const p of snapshot.prices) viewOf(p.versionId).price = p.schedule;

    this.licenses = licenses;
    this.prices = prices;
    this.views = views;
    this.lineage = lineageGraph(lineageNodes(snapshot));
    this.nonCommercial = new Set(snapshot.nonCommercialTenants);
    this.revision = snapshot.revision;
  }

  /** Reloads only when the terms changed since the last load (one cheap query otherwise). */
  async refreshIfChanged(): Promise<void> {
    const revision = await this.db.platform(() => this.repo.revision());
    if (revision !== this.revision) await this.refresh();
  }
}

function parentView(p: ParentRow): VersionTermsView['lineage'][number] {
  return { parent: p.parent, parentVersionId: p.parentVersionId, kind: p.kind, basisPoints: p.basisPoints };
}
