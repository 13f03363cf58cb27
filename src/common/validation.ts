import { Injectable, ParseIntPipe, ParseUUIDPipe, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError, invalidField } from './errors.js';

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

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Text Postgres cannot store: NUL (refused in text and jsonb alike), or half of a UTF-16 surrogate
 * pair, which is no character at all (jsonb refuses its escape; text would get U+FFFD instead).
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function unstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/**
 * The first thing wrong with a value a client sent, found in one pass without recursion: objects
 * or arrays nested more than `limit` levels deep, or a string (value or member name) holding text
 * Postgres cannot store, which, let through, would fail whatever transaction wrote it, and with an
 * audit batch the calls of others.
 */
export function requestValueProblem(value: unknown, limit: number): 'maxDepth' | 'storableText' | null {
  if (typeof value === 'string') return unstorableText(value) ? 'storableText' : null;
  if (typeof value !== 'object' || value === null) return null;
  // Only objects and arrays are stacked, each with its depth; arrays are walked by index.
  const items: object[] = [value];
  const depths: number[] = [1];
  while (items.length) {
    const item = items.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > limit) return 'maxDepth';
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const child: unknown = item[i];
        if (typeof child === 'string') {
          if (unstorableText(child)) return 'storableText';
        } else if (typeof child === 'object' && child !== null) {
          items.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in item) {
        if (!hasOwn.call(item, key)) continue;
        if (unstorableText(key)) return 'storableText';
        const child = item[key];
        if (typeof child === 'string') {
          if (unstorableText(child)) return 'storableText';
        } else if (typeof child === 'object' && child !== null) {
          items.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return null;
}

/** How a 400 words each problem `requestValueProblem` finds. */
export const REQUEST_VALUE_PROBLEMS: Readonly<Record<'maxDepth' | 'storableText', string>> = {
  maxDepth: `nested deeper than ${MAX_DEPTH} levels`,
  storableText: 'must not contain NUL (\\u0000) characters or unpaired UTF-16 surrogates',
};

/** Whether `value` nests objects or arrays more than `limit` levels deep. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  return requestValueProblem(value, limit) === 'maxDepth';
}

/** Where the first unstorable string of a value is, as `a.b[0].c` (found without recursion); null when there is none. */
export function unstorableTextAt(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [item, at] = stack.pop()!;
    if (typeof item === 'string') {
      if (unstorableText(item)) return at;
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], `${at}[${i}]`]);
    } else if (typeof item === 'object' && item !== null) {
      for (const key of Object.keys(item).reverse()) {
        const path = at ? `${at}.${key}` : key;
        if (unstorableText(key)) return path;
        stack.push([(item as Record<string, unknown>)[key], path]);
      }
    }
  }
  return null;
}

/**
 * class-transformer and class-validator recurse through whatever they are given, so a body of a
 * few thousand nested arrays would overflow the stack (a 500); it is a 400 instead.
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what the client sent: custom decorators may hand over objects of our own (with cycles, even).
    const problem = metadata.type === 'custom' ? null : requestValueProblem(value, MAX_DEPTH);
    if (problem) {
      const field = (problem === 'storableText' && unstorableTextAt(value, metadata.type === 'param' ? (metadata.data ?? 'param') : '')) || metadata.type;
      const message = REQUEST_VALUE_PROBLEMS[problem];
      throw new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { fields: [{ field, rule: problem, message }] });
    }
    const keys = passThroughKeys(metadata.metatype);
    if (!keys.length || typeof value !== 'object' || value === null || Array.isArray(value)) return super.transform(value, metadata);
    // Pass-through values are validated as empty ones of their kind (what they hold is not this
    // pipe's to check) and put back as sent, so that nothing copies or walks them here.
    const held = new Map<string, object>();
    const standIn: Record<string, unknown> = { ...value };
    for (const key of keys) {
      const sent = standIn[key];
      if (typeof sent !== 'object' || sent === null) continue;
      held.set(key, sent);
      standIn[key] = Array.isArray(sent) ? [] : {};
    }
    const transformed = (await super.transform(standIn, metadata)) as Record<string, unknown>;
    for (const [key, sent] of held) transformed[key] = sent;
    return transformed;
  }
}

const PASS_THROUGH = Symbol('passThrough');

/**
 * Marks a body property whose contents are checked where they are used, not here (a model's
 * input rows, which the inference engine validates against the model's schema): the pipe hands
 * it over as sent instead of copying it value by value, which for 1,000 rows took milliseconds.
 * The property's own decorators still apply to an empty array or object in its place.
 */
export function PassThrough(): PropertyDecorator {
  return (target, key) => {
    const keys = (Reflect.getMetadata(PASS_THROUGH, target) as string[] | undefined) ?? [];
    Reflect.defineMetadata(PASS_THROUGH, [...keys, String(key)], target);
  };
}

function passThroughKeys(metatype: ArgumentMetadata['metatype']): string[] {
  return (metatype?.prototype && (Reflect.getMetadata(PASS_THROUGH, metatype.prototype) as string[] | undefined)) || [];
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

/**
 * ParseUUIDPipe and ParseIntPipe whose refusal names the path parameter and rule, as every other
 * 400 does (Nest's own say only "Validation failed (uuid is expected)"). A UUID is read in lower
 * case, as Postgres prints ids, whatever case it was written in.
 */
@Injectable()
export class UuidParam extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return (await namingParam(() => super.transform(value, metadata) as Promise<string>, metadata, 'isUuid', 'must be a UUID')).toLowerCase();
  }
}

@Injectable()
export class IntParam extends ParseIntPipe {
  override transform(value: string, metadata: ArgumentMetadata): Promise<number> {
    return namingParam(() => super.transform(value, metadata) as Promise<number>, metadata, 'isInt', 'must be a whole number');
  }
}

async function namingParam<T>(parse: () => Promise<T>, metadata: ArgumentMetadata, rule: string, wording: string): Promise<T> {
  try {
    return await parse();
  } catch {
    const field = metadata.data ?? 'id';
    throw invalidField(field, rule, `${field} ${wording}`);
  }
}
