import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors.js';
import { validationPipe } from '../common/validation.js';
import { RunAuditDto } from './audits.dto.js';

const unexpected = (field: string, message: string) => new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { fields: [{ field, rule: 'unexpected', message }] });

/**
 * A bias audit request arrives as JSON, or — for CSV files past the JSON body limit — as
 * multipart/form-data with the file in `csv` and the rest of the request, as JSON text, in
 * `request`. Both end up as one validated RunAuditDto.
 */
export async function readAuditRequest(request: FastifyRequest): Promise<RunAuditDto> {
  let body: unknown = request.body;
  if (request.isMultipart()) {
    let csv: string | undefined;
    let text: string | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'csv' || csv !== undefined) {
          await part.toBuffer();
          throw unexpected(part.fieldname, 'send exactly one file, named "csv"');
        }
        csv = (await part.toBuffer()).toString('utf8');
      } else if (part.fieldname === 'request') {
        text = String(part.value);
      } else {
        throw unexpected(part.fieldname, 'unexpected field; send "request" (JSON) and "csv" (the file)');
      }
    }
    if (text === undefined) throw new DomainError('VALIDATION_FAILED', 'request: is required (the audit request as JSON text)', { fields: [{ field: 'request', rule: 'required', message: 'is required' }] });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new DomainError('MALFORMED_JSON', 'request: is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new DomainError('VALIDATION_FAILED', 'request: must be a JSON object', { fields: [{ field: 'request', rule: 'isObject', message: 'must be a JSON object' }] });
    if (csv !== undefined && 'csv' in parsed) throw unexpected('csv', 'send the CSV either as the file or in the request, not both');
    body = csv === undefined ? parsed : { ...parsed, csv };
  }
  return (await validationPipe().transform(body ?? {}, { type: 'body', metatype: RunAuditDto })) as RunAuditDto;
}

/**
 * The metric library names a bad setting as `config.<field>` or by row and column of the CSV; the
 * API's 400 names the request field.
 */
export function asRequestError(error: unknown, fallbackField: string): unknown {
  if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED' || Array.isArray(error.details?.fields)) return error;
  const named = typeof error.details?.field === 'string' ? (error.details.field as string).replace(/^config\./, '') : fallbackField;
  const message = error.message.replace(/^config\./, '');
  return new DomainError('VALIDATION_FAILED', message.startsWith(named) ? message : `${named}: ${message}`, {
    ...error.details,
    fields: [{ field: named, rule: 'audit', message }],
  });
}
