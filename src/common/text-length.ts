import { applyDecorators } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, ValidateBy, buildMessage, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * Text lengths counted in Unicode code points, as Postgres counts `length(text)`: the checks of the
 * tables agree with the checks of the requests, so a value a request accepts is one the table
 * takes. (class-validator's own Length does not count variation selectors, so an emoji-styled
 * name could pass it and then break a table's CHECK.) Rule names and messages are class-validator's.
 */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const within = (value: unknown, min: number, max: number): boolean => {
  if (typeof value !== 'string') return false;
  const n = codePointLength(value);
  return n >= min && n <= max;
};

/**
 * Puts a length limit in the property's OpenAPI schema, which would otherwise not show it
 * (@nestjs/swagger reads only its own decorators); OpenAPI counts a string's length in code points
 * too. The limit is merged into what @ApiProperty records, in whichever order the two decorators
 * run: a limit @ApiProperty states wins, and a property without @ApiProperty stays out of the
 * document, since only @ApiProperty lists a property there. On an array (`each: true`) the document
 * puts the limit on the items, where the rule applies.
 */
function documentLength(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    const recorded = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, target, key) as object | undefined) ?? { type: Reflect.getMetadata('design:type', target, key) as unknown };
    Reflect.defineMetadata(DECORATORS.API_MODEL_PROPERTIES, { ...(min > 0 ? { minLength: min } : {}), maxLength: max, ...recorded }, target, key);
  };
}

interface LengthRule {
  /** class-validator's rule name, which error details report. */
  name: string;
  constraints: number[];
  /** Code points the value may hold, as the OpenAPI schema states them. */
  min: number;
  max: number;
  validate: (value: unknown) => boolean;
  message: (each: string, args?: ValidationArguments) => string;
}

/** A length rule: validated under class-validator's name for it, its limits put in the OpenAPI schema. */
function lengthRule(rule: LengthRule, options?: ValidationOptions): PropertyDecorator {
  const { name, constraints, min, max, validate, message } = rule;
  return applyDecorators(documentLength(min, max), ValidateBy({ name, constraints, validator: { validate, defaultMessage: buildMessage(message, options) } }, options));
}

/** A string of `min` to `max` code points. */
export function Length(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return lengthRule(
    {
      name: 'isLength',
      constraints: [min, max],
      min,
      max,
      validate: (value) => within(value, min, max),
      message: (each, args) => {
        const short = typeof args?.value === 'string' && codePointLength(args.value) < min;
        return short ? `${each}$property must be longer than or equal to $constraint1 characters` : `${each}$property must be shorter than or equal to $constraint2 characters`;
      },
    },
    options,
  );
}

/**
 * A reason or justification people give: at most `max` code points, of which at least `min` are
 * not white space at either end (a reason of spaces is none; the tables check the trimmed length).
 */
export function IsReason(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return lengthRule(
    {
      name: 'isLength',
      constraints: [min, max],
      min,
      max,
      validate: (value) => within(value, 0, max) && codePointLength((value as string).trim()) >= min,
      message: (each) => `${each}$property must be ${min} to ${max} characters, not counting white space around them`,
    },
    options,
  );
}

/** A string of at most `max` code points. */
export function MaxLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return lengthRule(
    { name: 'maxLength', constraints: [max], min: 0, max, validate: (value) => within(value, 0, max), message: (each) => `${each}$property must be shorter than or equal to $constraint1 characters` },
    options,
  );
}

/**
 * A name people give something (a tenant, a party, a licence, a key): one line of 1 to `max`
 * characters, with no control characters and no white space at either end, read in Unicode NFC so
 * that a name typed with composed or decomposed accents is one name (the tables' unique indexes
 * compare names as stored).
 */
export function IsName(max = 200): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC') : value)),
    IsString(),
    Length(1, max),
    Matches(/^[^\p{Cc}]*$/u, { message: '$property must not contain line breaks, tabs or other control characters' }),
    Matches(/^\S(?:.*\S)?$/su, { message: '$property must not start or end with white space' }),
  );
}
