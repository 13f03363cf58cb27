import { formatPolicyErrors, parsePolicy } from './policy-parse.js';
import { validatePolicy } from './policy-validate.js';

/** A valid document whose third rule (line 14 on) each case below breaks in one place. */
function source(thirdRule: string): string {
  return [
    'name: test', //                                   1
    'rules:', //                                        2
    '  - id: allow-credit', //                          3
    '    kind: usage', //                               4
    '    effect: allow', //                             5
    '    description: Credit scoring is allowed.', //   6
    '    when: { model.name: credit-approval }', //     7
    '  - id: review', //                                8
    '    kind: output', //                              9
    '    effect: obligate', //                          10
    '    description: Review uncertain scores.', //     11
    '    obligations: [human_review]', //               12
    '    when: { output.score: { $gte: 0.4 } }', //     13
    thirdRule, //                                       14…
  ].join('\n');
}

const third = (lines: string[]) => lines.map((l) => `    ${l}`).join('\n').replace(/^ {4}/, '  - ');

describe('parsePolicy', () => {
  it('returns the typed document when the source is valid', () => {
    const result = parsePolicy(source(third(['id: quota', 'kind: quota', 'description: Daily budget.', 'scope: [tenant]', 'per: day', 'limit: 5'])));
    expect(result.errors).toBeUndefined();
    expect(result.document?.rules.map((r) => [r.id, r.kind])).toEqual([
      ['allow-credit', 'usage'],
      ['review', 'output'],
      ['quota', 'quota'],
    ]);
    expect(result.document?.rules[2]).toEqual({ id: 'quota', kind: 'quota', description: 'Daily budget.', scope: ['tenant'], per: 'day', limit: 5 });
  });

  it.each<[string, string[], number, number, string, string]>([
    ['unknown field', ['id: x', 'kind: usage', 'effect: deny', 'description: d', 'efect: allow'], 18, 5, 'rules[2].efect', 'unknown field "efect" (did you mean "effect"?)'],
    ['unknown rule kind', ['id: x', 'kind: usages', 'effect: deny', 'description: d'], 15, 11, 'rules[2].kind', 'unknown rule kind "usages" (did you mean "usage"?)'],
    ['wrong effect for the kind', ['id: x', 'kind: output', 'effect: allow', 'description: d'], 16, 13, 'rules[2].effect', 'effect "allow" is unknown; an output rule takes deny, obligate, suppress'],
    ['missing effect', ['id: x', 'kind: usage', 'description: d'], 14, 5, 'rules[2]', 'effect is required'],
    ['duplicate rule id', ['id: review', 'kind: usage', 'effect: deny', 'description: d'], 14, 9, 'rules[2].id', 'duplicate rule id "review" (first used by rules[1])'],
    ['malformed rule id', ['id: Deny_All', 'kind: usage', 'effect: deny', 'description: d'], 14, 9, 'rules[2].id', 'lower-case letters, digits and dashes'],
    ['unknown obligation', ['id: x', 'kind: usage', 'effect: obligate', 'description: d', 'obligations: [human_review, notify]'], 18, 33, 'rules[2].obligations[1]', 'unknown obligation "notify"'],
    ['obligations on a deny', ['id: x', 'kind: usage', 'effect: deny', 'description: d', 'obligations: [log_reason]'], 18, 5, 'rules[2].obligations', 'would never apply'],
    ['suppress without fields', ['id: x', 'kind: output', 'effect: suppress', 'description: d'], 14, 5, 'rules[2]', 'needs fields'],
    ['unknown suppressed field', ['id: x', 'kind: output', 'effect: suppress', 'description: d', 'fields: [explanation, reasons]'], 18, 27, 'rules[2].fields[1]', 'unknown field "reasons"'],
    ['unknown context field', ['id: x', 'kind: usage', 'effect: deny', 'description: d', 'when:', '  model:', '    riskclass: high'], 20, 9, 'rules[2].when.model.riskclass', 'did you mean "riskClass"'],
    ['unknown operator', ['id: x', 'kind: usage', 'effect: deny', 'description: d', 'when: { purpose: { $regexp: "^mark" } }'], 18, 24, 'rules[2].when.purpose.$regexp', 'unknown operator $regexp (did you mean "$regex"?)'],
    ['wrong operand type', ['id: x', 'kind: usage', 'effect: deny', 'description: d', 'when:', '  quota.day: { $gt: "5000" }'], 19, 25, 'rules[2].when.quota.day.$gt', 'expects a number'],
    ['output field in a usage rule', ['id: x', 'kind: usage', 'effect: deny', 'description: d', 'when: { output.score: { $gt: 0.9 } }'], 18, 13, 'rules[2].when.output.score', 'only known after inference'],
    ['quota limit', ['id: x', 'kind: quota', 'description: d', 'scope: [tenant, model]', 'per: hour', 'limit: 0'], 18, 10, 'rules[2].per', 'per is required: one of minute, day'],
    ['quota scope', ['id: x', 'kind: quota', 'description: d', 'scope: [tenant, region]', 'per: day', 'limit: 10'], 17, 21, 'rules[2].scope[1]', 'unknown scope "region"'],
    [
      'an input feature in a quota rule, which counts calls before their rows are read',
      ['id: x', 'kind: quota', 'description: d', 'scope: [tenant]', 'per: day', 'limit: 10', 'when: { $or: [ { input.loanAmount: { $gte: 0 } } ] }'],
      20,
      22,
      'rules[2].when.$or[0].input.loanAmount',
      'input.* is not known to quota rules',
    ],
    ['personal data found in a redaction rule, which plans the search', ['id: x', 'kind: redaction', 'description: d', 'operator: replace', 'when: { pii.count: { $gt: 0 } }'], 18, 13, 'rules[2].when.pii.count', 'pii.* is not known to redaction rules'],
  ])('%s', (_name, lines, line, column, path, message) => {
    const result = parsePolicy(source(third(lines)));
    expect(result.document).toBeUndefined();
    expect(result.errors?.[0]).toEqual({ line, column, path, message: expect.stringContaining(message) });
  });

  it('reports every error, in source order', () => {
    const result = parsePolicy(source(third(['id: x', 'kind: usage', 'effect: maybe', 'description: d', 'when: { model.riskClass: severe }'])));
    expect(result.errors?.map((e) => [e.line, e.path])).toEqual([
      [16, 'rules[2].effect'],
      [18, 'rules[2].when.model.riskClass'],
    ]);
    expect(formatPolicyErrors(result.errors ?? [])).toMatch(/^16:13 rules\[2\]\.effect: effect "maybe" is unknown/);
  });

  it('points into aliases at the anchored value', () => {
    const yaml = [
      'name: t',
      'rules:',
      '  - { id: a, kind: usage, effect: allow, description: d, when: { jurisdiction: { $in: &eu [DE, fr] } } }',
      '  - { id: b, kind: usage, effect: deny, description: d, when: { jurisdiction: { $nin: *eu } } }',
    ].join('\n');
    const errors = parsePolicy(yaml).errors ?? [];
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [3, 'rules[0].when.jurisdiction.$in[1]'],
      [3, 'rules[1].when.jurisdiction.$nin[1]'],
    ]);
  });

  it.each<[string, string, number, number, string]>([
    ['YAML syntax', 'name: t\nrules:\n  - id: a\n   kind: usage\n', 4, 1, 'Sequence item without - indicator'],
    ['duplicate keys', 'name: t\nrules: []\nname: u\n', 3, 1, 'Map keys must be unique'],
    ['an empty file', '', 1, 1, 'the policy document is empty'],
    ['a list at the top', '- a\n- b\n', 1, 1, 'a policy document is a map'],
    ['missing rules', 'name: t\n', 1, 1, 'rules is required'],
    ['unknown top-level field', 'name: t\nrules: []\nversion: 3\n', 3, 1, 'unknown field "version"'],
    [
      'a YAML 1.1 ordered map where a condition goes (it would read as an empty condition: always)',
      '%YAML 1.1\n---\nname: t\nrules:\n  - id: a\n    kind: usage\n    effect: deny\n    description: d\n    when: !!omap [ { purpose: marketing } ]\n',
      9,
      18,
      'is not policy data',
    ],
    ['half of a surrogate pair in a description', 'name: t\nrules:\n  - { id: a, kind: usage, effect: allow, description: "lone \\ud800 half" }\n', 3, 55, 'unpaired UTF-16 surrogates'],
  ])('reports %s', (_name, yaml, line, column, message) => {
    const errors = parsePolicy(yaml).errors ?? [];
    expect(errors[0]).toEqual({ line, column, path: expect.any(String), message: expect.stringContaining(message) });
  });

  it('refuses a document that aliases expand past the values a policy may hold', () => {
    const list = Array.from({ length: 2_000 }, (_, i) => `p${i}`).join(', ');
    const rules = Array.from({ length: 60 }, (_, i) => `  - { id: r${i}, kind: usage, effect: deny, description: d, when: { purpose: { $in: ${i === 0 ? '&many ' : '*'}${i === 0 ? `[${list}]` : 'many'} } } }`);
    const errors = parsePolicy(['name: t', 'rules:', ...rules].join('\n')).errors ?? [];
    expect(errors[0]?.message).toMatch(/more than 100,000 values once its aliases are expanded/);
  });

  it('reads JSON too, with positions', () => {
    const json = '{\n  "name": "t",\n  "rules": [\n    { "id": "a", "kind": "usage", "effect": "allow", "description": "d", "when": { "purpose": 5 } }\n  ]\n}';
    expect(parsePolicy(json).errors).toEqual([{ line: 4, column: 95, path: 'rules[0].when.purpose', message: expect.stringContaining('expects text') }]);
  });

  it('validates plain data (stored JSON) with the same rules', () => {
    expect(validatePolicy({ name: 't', rules: [{ id: 'a', kind: 'usage', effect: 'allow', description: 'd', when: { 'model.risk': 'high' } }] })).toEqual({
      errors: [{ path: 'rules[0].when.model.risk', message: expect.stringContaining('unknown context field "model.risk"') }],
    });
  });
});
