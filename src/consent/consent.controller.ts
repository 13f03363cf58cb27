import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal, Public } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import {
  ConsentQuery,
  ConsentsView,
  FairnessBasisDto,
  FairnessBasisView,
  GrantConsentDto,
  GrantView,
  PublicJwkView,
  VerifyReceiptDto,
  ReceiptVerifyView,
  WithdrawConsentDto,
  WithdrawView,
} from './consent.dto.js';
import { ConsentService } from './consent.service.js';
import { ProtectedAttributesService } from './protected-attributes.service.js';
import { ReceiptsService } from './receipts.service.js';

@ApiTags('consent')
@Controller('v1/consents')
export class ConsentController {
  constructor(
    @Inject(ConsentService) private readonly service: ConsentService,
    @Inject(ReceiptsService) private readonly receipts: ReceiptsService,
    @Inject(ProtectedAttributesService) private readonly protectedAttributes: ProtectedAttributesService,
  ) {}

  @Post()
  @ApiBearerAuth()
  @Can('create', 'Consent')
  @ApiOperation({ summary: 'Record a subject’s consent to a purpose; answers the signed consent receipt (tenant keys)' })
  @ApiOk(GrantView, 201)
  @ApiErrors(400, 401, 403)
  grant(@CurrentPrincipal() p: Principal, @Body() dto: GrantConsentDto): Promise<GrantView> {
    return this.service.grant(p, dto);
  }

  @Post('withdraw')
  @HttpCode(200)
  @ApiBearerAuth()
  @Can('delete', 'Consent')
  @ApiOperation({ summary: 'Withdraw consent in one call: the next governed call for that purpose is refused on every instance' })
  @ApiOk(WithdrawView)
  @ApiErrors(400, 401, 403)
  withdraw(@CurrentPrincipal() p: Principal, @Body() dto: WithdrawConsentDto): Promise<WithdrawView> {
    return this.service.withdraw(p, dto);
  }

  @Get()
  @ApiBearerAuth()
  @Can('read', 'Consent')
  @ApiOperation({ summary: 'A subject’s consent state per purpose, and every grant and withdrawal' })
  @ApiOk(ConsentsView)
  @ApiErrors(400, 401, 403)
  state(@CurrentPrincipal() p: Principal, @Query() q: ConsentQuery): Promise<ConsentsView> {
    return this.service.state(p, q.subjectId);
  }

  @Post('verify')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Check a consent or erasure receipt against this service’s public key (no key needed)' })
  @ApiOk(ReceiptVerifyView)
  @ApiErrors(400)
  verify(@Body() dto: VerifyReceiptDto): Promise<ReceiptVerifyView> {
    return this.receipts.verify(dto.receipt);
  }

  @Get('public-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key (JWK) that signs consent and erasure receipts' })
  @ApiOk(PublicJwkView)
  publicKey(): Promise<PublicJwkView> {
    return this.receipts.publicKey();
  }

  @Get('fairness-monitoring-basis')
  @ApiBearerAuth()
  @Can('read', 'Consent')
  @ApiOperation({ summary: 'The basis protected attributes are kept on: subjects’ consent, or the basis the tenant declared' })
  @ApiOk(FairnessBasisView)
  @ApiErrors(401, 403)
  basis(@CurrentPrincipal() p: Principal): Promise<FairnessBasisView> {
    return this.protectedAttributes.basis(p);
  }

  @Put('fairness-monitoring-basis')
  @ApiBearerAuth()
  @Can('create', 'Consent')
  @ApiOperation({ summary: 'Declare another lawful basis for fairness monitoring (e.g. EU AI Act Art. 10(5)), or return to consent (audited)' })
  @ApiOk(FairnessBasisView)
  @ApiErrors(400, 401, 403)
  declareBasis(@CurrentPrincipal() p: Principal, @Body() dto: FairnessBasisDto): Promise<FairnessBasisView> {
    return this.protectedAttributes.declareBasis(p, dto);
  }
}
