import { Body, Controller, Delete, Get, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../audit/audit.service.js';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import type { LicenseView } from './licensing-catalog.js';
import {
  AttachLicenseDto,
  CreateLicenseDto,
  CreatePartyDto,
  LicenseViewDto,
  LineageDto,
  PartyView,
  PriceDto,
  SharesDto,
  TenantLicensingDto,
  TenantLicensingView,
  VersionTermsViewDto,
} from './terms.dto.js';
import { TermsService } from './terms.service.js';
import { UuidParam } from '../common/validation.js';

const VERSION = 'admin/models/:name/versions/:version';

@ApiTags('licensing')
@ApiBearerAuth()
@Controller('v1')
export class TermsController {
  constructor(@Inject(TermsService) private readonly service: TermsService) {}

  @Post('admin/parties')
  @Can('create', 'Party')
  @ApiOperation({ summary: 'Register a rights-holder: an author, data provider, model owner or the platform' })
  @ApiOk(PartyView, 201)
  @ApiErrors(400, 401, 403, 409)
  createParty(@CurrentPrincipal() p: Principal, @Body() dto: CreatePartyDto): Promise<PartyView> {
    return this.service.createParty(actorOf(p), dto);
  }

  @Get('admin/parties')
  @Can('read', 'Party')
  @ApiOperation({ summary: 'Every rights-holder' })
  @ApiOk([PartyView])
  @ApiErrors(401, 403)
  listParties(): Promise<PartyView[]> {
    return this.service.listParties();
  }

  @Post('admin/licenses')
  @Can('create', 'License')
  @ApiOperation({ summary: 'Register licence terms (SPDX id or custom): commercial use, purposes, territories, attribution, expiry. Licences never change; attach a new one instead' })
  @ApiOk(LicenseViewDto, 201)
  @ApiErrors(400, 401, 403, 409)
  createLicense(@CurrentPrincipal() p: Principal, @Body() dto: CreateLicenseDto): Promise<LicenseView> {
    return this.service.createLicense(actorOf(p), dto);
  }

  @Get('licenses')
  @Can('read', 'License')
  @ApiOperation({ summary: 'Every registered licence' })
  @ApiOk([LicenseViewDto])
  @ApiErrors(401, 403)
  listLicenses(): Promise<LicenseView[]> {
    return this.service.listLicenses();
  }

  @Get(`${VERSION}/terms`)
  @Can('update', 'Model')
  @ApiOperation({ summary: 'A version’s licence, revenue shares, lineage and price' })
  @ApiOk(VersionTermsViewDto)
  @ApiErrors(401, 403, 404)
  terms(@Param('name') name: string, @Param('version') version: string): VersionTermsViewDto {
    return this.service.terms(this.service.version(name, version));
  }

  @Put(`${VERSION}/license`)
  @Can('update', 'Model')
  @ApiOperation({ summary: 'Put a version under a licence (replacing any earlier one); the pipeline enforces it from the next call' })
  @ApiOk(VersionTermsViewDto)
  @ApiErrors(400, 401, 403, 404, 423)
  attachLicense(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Param('version') version: string, @Body() dto: AttachLicenseDto): Promise<VersionTermsViewDto> {
    return this.service.attachLicense(actorOf(p), name, version, dto.licenseId);
  }

  @Put(`${VERSION}/shares`)
  @Can('update', 'Model')
  @ApiOperation({ summary: 'Replace the version’s revenue shares: parties and basis points summing to 10,000' })
  @ApiOk(VersionTermsViewDto)
  @ApiErrors(400, 401, 403, 404, 423)
  setShares(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Param('version') version: string, @Body() dto: SharesDto): Promise<VersionTermsViewDto> {
    return this.service.setShares(actorOf(p), name, version, dto.shares);
  }

  @Put(`${VERSION}/lineage`)
  @Can('update', 'Model')
  @ApiOperation({ summary: 'Replace the versions this one derives from and the share of its revenue each receives; cycles are refused with their path' })
  @ApiOk(VersionTermsViewDto)
  @ApiErrors(400, 401, 403, 404, 423)
  setLineage(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Param('version') version: string, @Body() dto: LineageDto): Promise<VersionTermsViewDto> {
    return this.service.setLineage(actorOf(p), name, version, dto.parents);
  }

  @Put(`${VERSION}/price`)
  @Can('update', 'Model')
  @ApiOperation({ summary: 'Set the version’s price list: a currency and graduated tiers (micro-units per call and per row); needs revenue shares' })
  @ApiOk(VersionTermsViewDto)
  @ApiErrors(400, 401, 403, 404, 423)
  setPrice(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Param('version') version: string, @Body() dto: PriceDto): Promise<VersionTermsViewDto> {
    return this.service.setPrice(actorOf(p), name, version, dto);
  }

  @Put(`${VERSION}/price/tenants/:tenantId`)
  @Can('update', 'Model')
  @ApiOperation({ summary: 'A tenant’s own price for the version, which wins over the default' })
  @ApiOk(VersionTermsViewDto)
  @ApiErrors(400, 401, 403, 404, 409, 423)
  setOverride(
    @CurrentPrincipal() p: Principal,
    @Param('name') name: string,
    @Param('version') version: string,
    @Param('tenantId', UuidParam) tenantId: string,
    @Body() dto: PriceDto,
  ): Promise<VersionTermsViewDto> {
    return this.service.setOverride(actorOf(p), name, version, tenantId, dto);
  }

  @Delete(`${VERSION}/price/tenants/:tenantId`)
  @Can('update', 'Model')
  @ApiOperation({ summary: 'Remove a tenant’s own price; the default applies again' })
  @ApiOk(VersionTermsViewDto)
  @ApiErrors(400, 401, 403, 404, 423)
  deleteOverride(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Param('version') version: string, @Param('tenantId', UuidParam) tenantId: string): Promise<VersionTermsViewDto> {
    return this.service.deleteOverride(actorOf(p), name, version, tenantId);
  }

  @Put('admin/tenants/:id/licensing')
  @Can('update', 'Tenant')
  @ApiOperation({ summary: 'Whether the tenant uses models commercially (default: yes)' })
  @ApiOk(TenantLicensingView)
  @ApiErrors(400, 401, 403, 404)
  setTenantLicensing(@CurrentPrincipal() p: Principal, @Param('id', UuidParam) id: string, @Body() dto: TenantLicensingDto): Promise<TenantLicensingView> {
    return this.service.setTenantCommercial(actorOf(p), id, dto.commercial);
  }
}
