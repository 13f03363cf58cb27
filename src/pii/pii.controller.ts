import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrors, ApiOk } from '../common/openapi.js';
import { RedactRequestDto, RedactResponseView, UnredactRequestDto, UnredactResponseView } from './pii.dto.js';
import { PiiService } from './pii.service.js';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1')
export class PiiController {
  constructor(@Inject(PiiService) private readonly service: PiiService) {}

  @Post('privacy/redact')
  @HttpCode(200)
  @Can('create', 'Privacy')
  @ApiOperation({ summary: 'Find and replace personal data in texts (tenants and admins); fails closed with REDACTION_FAILED' })
  @ApiOk(RedactResponseView)
  @ApiErrors(400, 401, 403, 404, 413, 422)
  redact(@CurrentPrincipal() p: Principal, @Body() dto: RedactRequestDto): Promise<RedactResponseView> {
    return this.service.redact(p, dto);
  }

  @Post('admin/privacy/unredact')
  @HttpCode(200)
  @Can('manage', 'Privacy')
  @ApiOperation({ summary: 'Open values a tenant\'s encrypt operator replaced (admins; needs a reason; audited)' })
  @ApiOk(UnredactResponseView)
  @ApiErrors(400, 401, 403, 404, 413)
  unredact(@CurrentPrincipal() p: Principal, @Body() dto: UnredactRequestDto): Promise<UnredactResponseView> {
    return this.service.unredact(p, dto);
  }
}
