import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors.js';
import { MAX_DEPTH, REQUEST_VALUE_PROBLEMS, requestValueProblem } from '../common/validation.js';

export interface Upload {
  manifest: unknown;
  bytes: Buffer;
}

const missing = (field: string, message: string) => new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { fields: [{ field, rule: 'required', message }] });

/**
 * Reads `multipart/form-data` with a `manifest` field (JSON text) and an `onnx` file. Size limits
 * are enforced by the multipart parser as the bytes arrive (413 past MODEL_UPLOAD_LIMIT_BYTES).
 */
export async function readModelUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with a "manifest" field and an "onnx" file');
  let manifestText: string | undefined;
  let bytes: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'onnx' || bytes) {
        await part.toBuffer();
        throw new DomainError('VALIDATION_FAILED', `${part.fieldname}: unexpected file; send exactly one file named "onnx"`, {
          fields: [{ field: part.fieldname, rule: 'unexpected', message: 'send exactly one file named "onnx"' }],
        });
      }
      bytes = await part.toBuffer();
    } else if (part.fieldname === 'manifest') {
      if (part.valueTruncated) throw new DomainError('PAYLOAD_TOO_LARGE', 'manifest: is longer than a form field may be');
      // A part sent as application/json arrives parsed; its text is what validation reads.
      manifestText = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
    } else {
      throw new DomainError('VALIDATION_FAILED', `${part.fieldname}: unexpected field`, { fields: [{ field: part.fieldname, rule: 'whitelistValidation', message: 'unexpected field' }] });
    }
  }
  if (!manifestText) throw missing('manifest', 'is required (JSON text)');
  if (!bytes?.length) throw missing('onnx', 'is required (the ONNX file)');
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    throw new DomainError('MALFORMED_JSON', 'manifest: is not valid JSON');
  }
  const problem = requestValueProblem(manifest, MAX_DEPTH);
  if (problem) {
    const message = REQUEST_VALUE_PROBLEMS[problem];
    throw new DomainError('VALIDATION_FAILED', `manifest: ${message}`, { fields: [{ field: 'manifest', rule: problem, message }] });
  }
  return { manifest, bytes };
}
