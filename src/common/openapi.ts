import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';

class ErrorDetailView {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable, machine-readable error code' })
  code: string;
  @ApiProperty({ example: 'name: name must be a string' })
  message: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Which field and rule (400), which permission (403), …' })
  details?: Record<string, unknown>;
  @ApiProperty({ example: 'b3c1d1e6-8f1a-4a57-9d0c-1a2b3c4d5e6f' })
  requestId: string;
}

export class ErrorEnvelope {
  @ApiProperty({ type: ErrorDetailView })
  error: ErrorDetailView;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `details.fields` names each field and rule',
  401: 'Missing, unknown, expired or revoked API key',
  403: 'The key lacks the permission or a rule refused the request: `details` names it',
  404: 'Not found (also for other tenants\u2019 resources)',
  409: 'Conflicts with existing state',
  410: 'Gone for good (a retired model version)',
  413: 'Body larger than the limit',
  415: 'Unsupported Content-Type',
  422: 'Well-formed but unacceptable content',
  423: 'Resource is locked',
  429: 'Rate limit or quota exceeded; see `Retry-After`',
  503: 'The database is unavailable (`DB_UNAVAILABLE`), or another dependency the route needs; retry later',
};

const errorResponse = (status: number) => ({ description: DESCRIPTIONS[status], content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorEnvelope) } } } });
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/**
 * Adds to every operation of the document the errors that come from the server rather than the
 * route, and takes away one that cannot: a body can be too large (413) or of another type (415);
 * any route can find the database unavailable (503); a route without an API key is not
 * rate-limited, since the limit is counted per key (no 429).
 */
export function completeErrorResponses(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      const responses = operation.responses;
      const add = (status: number) => (responses[status] ??= errorResponse(status));
      if (operation.requestBody) [413, 415].forEach(add);
      add(503);
      if (!operation.security?.length) delete responses[429];
    }
  }
  return document;
}

/** Documents the error envelope for each status a route can answer with (plus 429 and 500). */
export function ApiErrors(...statuses: number[]) {
  const all = [...new Set([...statuses, 429])];
  return applyDecorators(
    ApiExtraModels(ErrorEnvelope),
    // Errors are JSON whatever a route produces when it succeeds (a PDF, a CSV, a tar archive).
    ...all.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorEnvelope) } } } })),
    ApiResponse({ status: 500, description: 'Unexpected error: only the request id is returned', content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorEnvelope) } } } }),
  );
}

/** Documents a success response body (and any headers it may carry). */
export function ApiOk(type: Type<unknown> | [Type<unknown>], status = 200, headers?: Record<string, string>) {
  return ApiResponse({
    status,
    type: Array.isArray(type) ? type[0] : type,
    isArray: Array.isArray(type),
    ...(headers ? { headers: Object.fromEntries(Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {}),
  });
}

/** Documents a success that is a file or stream in one of `types` (its bytes, not a JSON body). */
export function ApiFile(description: string, ...types: string[]) {
  return ApiResponse({ status: 200, description, content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) });
}
