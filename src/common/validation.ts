import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
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
