import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit-event.js';
import { DomainError, notFound, invalidField } from '../common/errors.js';
import { Db } from '../database/db.js';
import { ModelCatalog, type CatalogVersion } from '../models/model-catalog.js';
import { ModelsService } from '../models/models.service.js';
import { validateLicense, type LicenseTerms } from './license-rules.js';
import { LicensingCatalog, licenseView, type LicenseView } from './licensing-catalog.js';
import { attribute, detectCycle, lineageGraph, validateVersionNode, type DerivationKind, type VersionNode } from './lineage.js';
import { validateSchedule, type PriceSchedule } from './pricing.js';
import { validateShares, type Share } from './split.js';
import { partyView, type CreateLicenseDto, type CreatePartyDto, type PartyView, type VersionTermsViewDto } from './terms.dto.js';
import { TermsRepository } from './terms.repository.js';

const PROBE_AMOUNT = 1_000_000;

/**
 * What admins register: rights-holders, licences, and for each model version its licence, revenue
 * shares, lineage and prices. Every change is checked by the licensing rules, audited on the
 * platform chain in the same transaction, and reaches every instance's cached terms.
 */
@Injectable()
export class TermsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(TermsRepository) private readonly repo: TermsRepository,
    @Inject(LicensingCatalog) private readonly catalog: LicensingCatalog,
    @Inject(ModelCatalog) private readonly models: ModelCatalog,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ModelsService) private readonly modelsService: ModelsService,
  ) {}

  createParty(actor: AuditActor, dto: CreatePartyDto): Promise<PartyView> {
    return this.db.platform(async () => {
      if (await this.repo.findPartyByName(dto.name)) throw new DomainError('CONFLICT', `A party named "${dto.name}" already exists`, { field: 'name' });
      const party = await this.repo.insertParty({ name: dto.name, kind: dto.kind, contact: dto.contact ?? null, createdBy: actor.id });
      await this.audit.recordNow(actor, { tenantId: null, action: 'party.create', resource: { type: 'party', id: party.id }, details: { kind: party.kind } });
      return partyView(party);
    });
  }

  async listParties(): Promise<PartyView[]> {
    return (await this.db.platform(() => this.repo.listParties())).map(partyView);
  }

  createLicense(actor: AuditActor, dto: CreateLicenseDto, now = new Date()): Promise<LicenseView> {
    const terms: LicenseTerms = {
      spdxId: dto.spdxId ?? null,
      commercialUse: dto.commercialUse,
      allowedPurposes: dto.allowedPurposes ?? null,
      forbiddenPurposes: dto.forbiddenPurposes ?? [],
      territories: dto.territories ? dto.territories.map((t) => t.toUpperCase()) : null,
      attribution: dto.attribution ?? null,
      expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null,
    };
    // Territories are compared upper-cased, so "us" repeats "US" and is refused as listed twice.
    refuseProblems('license', 'terms', validateLicense(terms, now));
    return this.db.platform(async () => {
      if (await this.repo.findLicenseByName(dto.name)) throw new DomainError('CONFLICT', `A licence named "${dto.name}" already exists`, { field: 'name' });
      const license = await this.repo.insertLicense(dto.name, terms, actor.id);
      await this.audit.recordNow(actor, {
        tenantId: null,
        action: 'license.create',
        resource: { type: 'license', id: license.id },
        details: { spdxId: terms.spdxId ?? null, commercialUse: terms.commercialUse },
      });
      return licenseView(license);
    });
  }

  async listLicenses(): Promise<LicenseView[]> {
    return (await this.db.platform(() => this.repo.listLicenses())).map(licenseView);
  }

  async attachLicense(actor: AuditActor, name: string, version: string, licenseId: string): Promise<VersionTermsViewDto> {
    const target = this.version(name, version);
    return this.change(actor, target, 'model.license.attach', { licenseId }, async () => {
      if (!(await this.repo.findLicense(licenseId))) throw notFound('Licence', licenseId);
      await this.repo.attachLicense(target.id, licenseId, actor.id);
    });
  }

  async setShares(actor: AuditActor, name: string, version: string, shares: Share[]): Promise<VersionTermsViewDto> {
    refuseProblems('shares', 'shares', validateShares(shares));
    const target = this.version(name, version);
    return this.change(actor, target, 'model.shares.set', { shares: shares.map((s) => `${s.partyId}:${s.basisPoints}`) }, async () => {
      const missing = await this.repo.missingParties(shares.map((s) => s.partyId));
      if (missing.length) throw invalidField('shares', 'party', `unknown parties: ${missing.join(', ')}`);
      await this.repo.replaceShares(target.id, shares, actor.id);
    });
  }

  /**
   * Replaces the version's parent links. Refused when a parent is unknown, when a link would close
   * a cycle (the path is given), or when the lineage could not attribute a charge (a version on it
   * without shares).
   */
  async setLineage(actor: AuditActor, name: string, version: string, parents: { parent: string; kind: DerivationKind; basisPoints: number }[]): Promise<VersionTermsViewDto> {
    const target = this.version(name, version);
    const links = parents.map((p, i) => {
      const at = p.parent.lastIndexOf('@');
      const parent = this.models.versions(p.parent.slice(0, at)).find((v) => v.version === p.parent.slice(at + 1));
      if (!parent) throw invalidField(`parents[${i}].parent`, 'exists', `${p.parent} is not a registered model version`);
      return { parentVersionId: parent.id, kind: p.kind, basisPoints: p.basisPoints };
    });
    const details = { parents: parents.map((p) => `${p.parent}:${p.kind}:${p.basisPoints}`) };
    return this.change(actor, target, 'model.lineage.set', details, async () => {
      const nodes = await this.repo.lineageNodes();
      const others = nodes.filter((n) => n.versionId !== target.id);
      const own = nodes.find((n) => n.versionId === target.id);
      const node: VersionNode = { versionId: target.id, shares: own?.shares ?? [], parents: links };
      const named = (text: string) => this.named(text);
      refuseProblems('parents', 'lineage', validateVersionNode(node).map(named));
      const without = lineageGraph([...others, { ...node, parents: [] }]);
      for (const link of links) {
        const cycle = detectCycle(without, { versionId: target.id, parentVersionId: link.parentVersionId });
        if (cycle) {
          const path = cycle.map((id) => this.label(id));
          throw new DomainError('VALIDATION_FAILED', `parents: deriving ${path[0]} from ${path[1]} would make a cycle: ${path.join(' → ')}`, {
            rule: 'LINEAGE_CYCLE',
            cycle: path,
            fields: [{ field: 'parents', rule: 'LINEAGE_CYCLE', message: `would make a cycle: ${path.join(' → ')}` }],
          });
        }
      }
      probe(lineageGraph([...others, node]), target.id, 'parents', named);
      await this.repo.replaceParents(target.id, links, actor.id);
    });
  }

  async setPrice(actor: AuditActor, name: string, version: string, schedule: PriceSchedule): Promise<VersionTermsViewDto> {
    refuseProblems('price', 'schedule', validateSchedule(schedule));
    const target = this.version(name, version);
    return this.change(actor, target, 'model.price.set', { currency: schedule.currency, tiers: schedule.tiers.length }, async () => {
      const nodes = await this.repo.lineageNodes();
      if (!nodes.some((n) => n.versionId === target.id && n.shares.length)) {
        throw invalidField('price', 'shares', `${name}@${version} has no revenue shares: set them before a price, so that every charge can be attributed`);
      }
      probe(lineageGraph(nodes), target.id, 'price', (text) => this.named(text));
      await this.repo.setPriceList(target.id, schedule, actor.id);
    });
  }

  async setOverride(actor: AuditActor, name: string, version: string, tenantId: string, schedule: PriceSchedule): Promise<VersionTermsViewDto> {
    refuseProblems('price', 'schedule', validateSchedule(schedule, `price for tenant ${tenantId}`));
    const target = this.version(name, version);
    return this.change(actor, target, 'model.price.override', { tenantId, currency: schedule.currency, tiers: schedule.tiers.length }, async () => {
      if (!(await this.repo.hasPriceList(target.id))) throw new DomainError('CONFLICT', `${name}@${version} has no price list; set one before a tenant's price`);
      if (!(await this.tenantExists(tenantId))) throw notFound('Tenant', tenantId);
      await this.repo.setOverride(target.id, tenantId, schedule, actor.id);
    });
  }

  async deleteOverride(actor: AuditActor, name: string, version: string, tenantId: string): Promise<VersionTermsViewDto> {
    const target = this.version(name, version);
    return this.change(actor, target, 'model.price.override.remove', { tenantId }, async () => {
      if (!(await this.repo.deleteOverride(target.id, tenantId))) throw notFound('Tenant price', tenantId);
    });
  }

  async setTenantCommercial(actor: AuditActor, tenantId: string, commercial: boolean): Promise<{ tenantId: string; commercial: boolean }> {
    await this.db.platform(async () => {
      if (!(await this.tenantExists(tenantId))) throw notFound('Tenant', tenantId);
      await this.repo.lock();
      await this.repo.setTenantCommercial(tenantId, commercial, actor.id);
      await this.repo.bumpRevision();
      await this.audit.recordNow(actor, { tenantId: null, action: 'tenant.licensing.set', resource: { type: 'tenant', id: tenantId }, details: { commercial } });
    });
    await this.catalog.refresh();
    return { tenantId, commercial };
  }

  terms(target: CatalogVersion): VersionTermsViewDto {
    return { model: target.modelName, version: target.version, ...this.catalog.view(target.id) };
  }

  version(name: string, version: string): CatalogVersion {
    const found = this.models.versions(name).find((v) => v.version === version);
    if (!found) throw notFound('Model version', `${name}@${version}`);
    return found;
  }

  private async change(actor: AuditActor, target: CatalogVersion, action: string, details: Record<string, string | number | string[]>, work: () => Promise<void>): Promise<VersionTermsViewDto> {
    await this.db.platform(async () => {
      await this.repo.lock();
      await this.modelsService.assertNotFrozen(target.id, target.modelName, target.version);
      await work();
      await this.repo.bumpRevision();
      await this.audit.recordNow(actor, { tenantId: null, action, resource: { type: 'model', id: `${target.modelName}@${target.version}` }, details });
    });
    await this.catalog.refresh();
    return this.terms(target);
  }

  private tenantExists(tenantId: string): Promise<boolean> {
    return this.repo.tenantExists(tenantId);
  }

  private label(versionId: string): string {
    const v = this.models.version(versionId);
    return v ? `${v.modelName}@${v.version}` : versionId;
  }

  /** Messages from the lineage rules name versions by id; people know them as name@version. */
  private named(text: string): string {
    return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => this.label(id));
  }
}

/** A trial attribution through the new lineage: every version on it must be able to take its share. */
function probe(graph: ReturnType<typeof lineageGraph>, versionId: string, field: string, named: (text: string) => string): void {
  try {
    attribute(PROBE_AMOUNT, versionId, graph);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw invalidField(field, 'attributable', `a charge could not be attributed: ${named(error.message)}`);
  }
}

function refuseProblems(field: string, rule: string, problems: string[]): void {
  if (problems.length) {
    throw new DomainError('VALIDATION_FAILED', `${field}: ${problems.join('; ')}`, { fields: problems.map((message) => ({ field, rule, message })) });
  }
}
