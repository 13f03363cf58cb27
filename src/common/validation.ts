import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError } from './errors.js';

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** Flattens class-validator's tree into `{ field: 'a.b[0].c', rule, message }` entries. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** Request values nested deeper than this are refused before anything walks them. */
export const MAX_DEPTH = 32;

/** Whether `value` nests objects or arrays more than `limit` levels deep (found without recursion). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * class-transformer and class-validator recurse through whatever they are given, so a body of a
 * few thousand nested arrays would overflow the stack (a 500); it is a 400 instead.
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what the client sent: custom decorators may hand over objects of our own (with cycles, even).
    if (metadata.type !== 'custom' && nestedDeeperThan(value, MAX_DEPTH)) {
      const message = `nested deeper than ${MAX_DEPTH} levels`;
      throw new DomainError('VALIDATION_FAILED', `${metadata.type}: ${message}`, { fields: [{ field: metadata.type, rule: 'maxDepth', message }] });
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const problems = fieldProblems(errors);
      const first = problems[0];
      const message = first ? `${first.field}: ${first.message}` : 'Request is invalid';
      return new DomainError('VALIDATION_FAILED', message, { fields: problems });
    },
  });
}
