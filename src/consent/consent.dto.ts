import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { buildMessage, IsBoolean, IsEmail, IsIn, IsObject, IsOptional, IsString, isURL, Matches, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { IsReason, Length } from '../common/text-length.js';
import { LAWFUL_BASES, type LawfulBasis } from './lawful-basis.js';
import { PURPOSE_ID_SHAPE } from './purpose.js';
import { COLLECTION_METHODS, CONSENT_TYPES, type CollectionMethod, type ConsentType } from './receipt.js';
import { isAbsoluteUrl } from './shape.js';
import { IsIsoTime } from '../common/iso-time.js';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/**
 * An absolute http(s) URL both as class-validator's IsUrl reads it and as the receipt's own check
 * does (`isAbsoluteUrl`, the WHATWG parser): a URL only IsUrl takes, such as http://0x100000000 (an
 * IPv4 address out of range to the parser), would pass the request and then fail the receipt being
 * built, a 500 instead of a 400. The rule keeps IsUrl's name.
 */
function IsAbsoluteUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUrl',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isURL(value, URL_OPTIONS) && isAbsoluteUrl(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an absolute http(s) URL`, options),
      },
    },
    options,
  );
}

export class SubjectPurposeDto {
  @ApiProperty({ description: 'The tenant’s own id for the subject; Warden keeps only its pseudonym', example: 'customer-4411' })
  @IsString()
  @Length(1, 200)
  subjectId: string;

  @ApiProperty({ example: 'credit-scoring' })
  @IsString()
  @Length(1, 64)
  @Matches(PURPOSE_ID_SHAPE, { message: 'purpose must be a purpose id such as credit-scoring' })
  purpose: string;
}

export class ControllerContactDto {
  @ApiPropertyOptional({ example: 'Data Protection Officer', description: 'Who answers privacy questions (default: Data Protection Officer)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'controller.contact must not be blank' })
  contact?: string;

  @ApiPropertyOptional({ example: 'dpo@acme.example' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: 'controller.address must not be blank' })
  address?: string;

  @ApiPropertyOptional({ example: 'https://acme.example' })
  @IsOptional()
  @IsAbsoluteUrl()
  url?: string;
}

export class GrantConsentDto extends SubjectPurposeDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'When consent ends by itself; absent means until withdrawn' })
  @IsOptional()
  @IsIsoTime()
  expiresAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the subject consented, if earlier than now (e.g. on a paper form)' })
  @IsOptional()
  @IsIsoTime()
  consentedAt?: string;

  @ApiPropertyOptional({ enum: COLLECTION_METHODS, default: 'api' })
  @IsOptional()
  @IsIn(COLLECTION_METHODS)
  collectionMethod?: CollectionMethod;

  @ApiPropertyOptional({ example: 'EU', default: 'EU', description: 'ISO 3166 code' })
  @IsOptional()
  @Matches(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/, { message: 'jurisdiction must be an ISO 3166 code such as EU, DE or FR-75' })
  jurisdiction?: string;

  @ApiPropertyOptional({ example: 'en', default: 'en', description: 'BCP 47 tag of the notice shown' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { message: 'language must be a BCP 47 tag such as en or de-CH' })
  language?: string;

  @ApiPropertyOptional({ enum: CONSENT_TYPES, description: 'Default: explicit for special-category purposes (fairness-monitoring), expressed otherwise' })
  @IsOptional()
  @IsIn(CONSENT_TYPES)
  consentType?: ConsentType;

  @ApiPropertyOptional({ example: 'https://acme.example/privacy' })
  @IsOptional()
  @IsAbsoluteUrl()
  policyUrl?: string;

  @ApiPropertyOptional({ type: ControllerContactDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ControllerContactDto)
  controller?: ControllerContactDto;

  @ApiPropertyOptional({ description: 'What the subject does to withdraw, in one step', example: 'Untick "offers" in your profile.' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'withdrawalInstructions must not be blank' })
  withdrawalInstructions?: string;
}

export class WithdrawConsentDto extends SubjectPurposeDto {
  @ApiPropertyOptional({ default: false, description: 'Also file an erasure request for everything held on the subject (GDPR Art. 17(1)(b))' })
  @IsOptional()
  @IsBoolean()
  erase?: boolean;
}

export class ConsentQuery {
  @ApiProperty({ example: 'customer-4411' })
  @IsString()
  @Length(1, 200)
  subjectId: string;
}

export class VerifyReceiptDto {
  @ApiProperty({ description: 'A consent or erasure receipt: the JWS compact serialisation as issued' })
  @IsString()
  @Length(1, 100_000)
  receipt: string;
}

export class FairnessBasisDto {
  @ApiProperty({ enum: LAWFUL_BASES, description: '`consent` withdraws an earlier declaration: subjects’ consent is needed again' })
  @IsIn(LAWFUL_BASES)
  lawfulBasis: LawfulBasis;

  @ApiPropertyOptional({ minLength: 10, maxLength: 2000, example: 'EU AI Act Art. 10(5) with GDPR Art. 9(2)(g): bias detection in our high-risk credit model' })
  @IsOptional()
  @IsString()
  @IsReason(10, 2000)
  justification?: string;
}

export class ConsentStateView {
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: LAWFUL_BASES }) lawfulBasis: LawfulBasis;
  @ApiProperty({ enum: ['active', 'withdrawn', 'expired', 'missing', 'not-required'] }) status: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) since: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) expiresAt?: string | null;
  @ApiPropertyOptional({ description: 'The grant or withdrawal that decides the state' }) recordId?: string;
}

export class GrantView {
  @ApiProperty({ description: 'The signed consent receipt (JWS, EdDSA): keep it; POST /v1/consents/verify checks it' }) receipt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The receipt’s payload, decoded' }) content: Record<string, unknown>;
  @ApiProperty({ type: ConsentStateView }) state: ConsentStateView;
}

export class WithdrawView {
  @ApiProperty() recordId: string;
  @ApiProperty() subjectPseudonym: string;
  @ApiProperty({ format: 'date-time' }) withdrawnAt: string;
  @ApiProperty({ type: ConsentStateView }) state: ConsentStateView;
  @ApiProperty({ description: 'Protected attributes removed because their consent ended' }) protectedAttributesRemoved: number;
  @ApiPropertyOptional({ type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' }, dueBy: { type: 'string' } } })
  erasure?: { id: string; status: string; dueBy: string };
}

export class ConsentsView {
  @ApiProperty() subjectPseudonym: string;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: [ConsentStateView] }) purposes: ConsentStateView[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) events: Record<string, unknown>[];
}

export class ReceiptVerifyView {
  @ApiProperty() valid: boolean;
  @ApiPropertyOptional({ enum: ['consent', 'erasure'] }) type?: 'consent' | 'erasure';
  @ApiPropertyOptional() kid?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) receipt?: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['malformed', 'unsupported-algorithm', 'unsupported-header', 'unexpected-type', 'wrong-key', 'bad-signature', 'invalid-payload'] }) reason?: string;
  @ApiPropertyOptional() detail?: string;
}

export class PublicJwkView {
  @ApiProperty({ example: 'OKP' }) kty: string;
  @ApiProperty({ example: 'Ed25519' }) crv: string;
  @ApiProperty() x: string;
  @ApiProperty({ description: 'RFC 7638 thumbprint; the `kid` of every receipt this key signs' }) kid: string;
  @ApiProperty({ example: 'EdDSA' }) alg: string;
  @ApiProperty({ example: 'sig' }) use: string;
}

export class FairnessBasisView {
  @ApiProperty({ enum: LAWFUL_BASES }) lawfulBasis: LawfulBasis;
  @ApiProperty({ description: 'declared: the tenant’s declaration; purpose: the purpose’s own basis (consent)' }) source: 'declared' | 'purpose';
  @ApiPropertyOptional() justification?: string;
  @ApiPropertyOptional({ format: 'date-time' }) declaredAt?: string;
}
