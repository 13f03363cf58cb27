import { getMetadataStorage } from 'class-validator';
import { describeWithRedis } from '../support/redis.js';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

interface SchemaObject {
  type?: string;
  properties: Record<string, SchemaObject>;
  [keyword: string]: unknown;
}
interface Operation {
  parameters?: { name: string; in: string; schema: SchemaObject }[];
  requestBody?: { content: Record<string, { schema: SchemaObject & { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: SchemaObject & { $ref?: string } }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject> };
}

const body = (doc: OpenApi, method: string, path: string): SchemaObject => {
  const ref = doc.paths[path][method].requestBody!.content['application/json'].schema.$ref!;
  return doc.components.schemas[ref.replace('#/components/schemas/', '')];
};

/** What class-validator keeps of one rule on one property. */
interface ValidationRule {
  name?: string;
  propertyName: string;
  constraints: unknown[];
  each?: boolean;
}

const parameter = (doc: OpenApi, method: string, path: string, name: string): SchemaObject => {
  const found = doc.paths[path]?.[method]?.parameters?.find((p) => p.name === name);
  if (!found) throw new Error(`${method} ${path} has no parameter ${name}`);
  return found.schema;
};

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without a key', async () => {
    expect((await t.http.get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'not configured' } });
  });

  it('serves the OpenAPI document with every route and the error envelope', async () => {
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/admin/keys', '/v1/admin/keys/{id}', '/v1/admin/tenants', '/v1/tenants/{id}', '/health/ready']));
    expect(res.body.components.schemas.ErrorEnvelope).toBeDefined();
    const created = res.body.paths['/v1/admin/keys'].post.responses;
    expect(Object.keys(created)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '429', '500']));
    expect(created['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorEnvelope');
    expect(res.body.components.securitySchemes.bearer).toEqual(expect.objectContaining({ scheme: 'bearer' }));
  });

  it('documents every status governed inference answers with, 410 for a retired version among them', async () => {
    const res = await t.http.get('/docs-json');
    const responses = Object.keys(res.body.paths['/v1/models/{model}/infer'].post.responses);
    expect(responses).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '410', '413', '422', '423', '429', '503']));
  });

  it('documents the errors the server answers for any route: 413 and 415 with a body, 503 everywhere, 429 only with a key', async () => {
    const res = await t.http.get('/docs-json');
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(res.body.paths as Record<string, Record<string, { requestBody?: unknown; security?: unknown[]; responses: Record<string, unknown> }>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const has = (status: number) => status in operation.responses;
        if (operation.requestBody && !(has(413) && has(415))) wrong.push(`${method} ${path}: no 413/415`);
        if (!has(503)) wrong.push(`${method} ${path}: no 503`);
        if (!operation.security?.length && has(429)) wrong.push(`${method} ${path}: 429 without a key`);
      }
    }
    expect(wrong).toEqual([]);
    const tenants = res.body.paths['/v1/admin/tenants'].post.responses;
    expect(tenants['415'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorEnvelope');
    // What the document says is what the server does.
    expect((await t.http.post('/v1/admin/tenants').set(bearer(t.adminKey)).set('content-type', 'text/plain').send('name')).status).toBe(415);
    const verify = await t.http.post('/v1/consents/verify').send({ receipt: 'x' });
    expect(verify.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it("documents 423 MODEL_FROZEN on every change to a version's licensing terms, and their counts and amounts as integers", async () => {
    const res = await t.http.get('/docs-json');
    const terms = '/v1/admin/models/{name}/versions/{version}';
    const changes: [string, 'put' | 'delete'][] = [
      [`${terms}/license`, 'put'],
      [`${terms}/shares`, 'put'],
      [`${terms}/lineage`, 'put'],
      [`${terms}/price`, 'put'],
      [`${terms}/price/tenants/{tenantId}`, 'put'],
      [`${terms}/price/tenants/{tenantId}`, 'delete'],
    ];
    for (const [path, method] of changes) expect([path, method, Object.keys(res.body.paths[path][method].responses)]).toEqual([path, method, expect.arrayContaining(['423'])]);
    const { TierDto, ShareDto, ParentDto } = res.body.components.schemas;
    expect([TierDto.properties.upTo.type, TierDto.properties.perCall.type, TierDto.properties.perRow.type]).toEqual(['integer', 'integer', 'integer']);
    expect([ShareDto.properties.basisPoints.type, ParentDto.properties.basisPoints.type]).toEqual(['integer', 'integer']);
  });

  it("describes a settlement's documents as hashed, and listed ones with their settlement", async () => {
    const { schemas } = (await t.http.get('/docs-json')).body.components;
    expect(schemas.SettlementDetailView.properties.statements.items.$ref).toBe('#/components/schemas/StatementDocumentDto');
    expect(schemas.SettlementDetailView.properties.invoices.items.$ref).toBe('#/components/schemas/InvoiceDocumentDto');
    expect(schemas.StatementDocumentDto.required).not.toContain('settlementId');
    expect(schemas.StatementViewDto.required).toContain('settlementId');
  });

  it('lists null among the values of every nullable enum, as OpenAPI 3.0 needs for null to be valid', async () => {
    const res = await t.http.get('/docs-json');
    const missing: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as { nullable?: boolean; enum?: unknown[] };
      if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) missing.push(at);
      for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`);
    };
    walk(res.body, '#');
    expect(missing).toEqual([]);
  });

  it('documents as integers the fields and parameters that must be whole numbers', async () => {
    const doc = (await t.http.get('/docs-json')).body as OpenApi;
    const fields: [string, string][] = [
      ['CreatePurposeDto', 'retentionDays'],
      ['UpdatePurposeDto', 'retentionDays'],
      ['RunAuditDto', 'minGroupSize'],
      ['ScheduleDto', 'everyMs'],
      ['ScheduleDto', 'minGroupSize'],
      ['ReportOutcomeDto', 'row'],
      ['DryRunDto', 'last'],
    ];
    expect(fields.map(([schema, field]) => [schema, field, doc.components.schemas[schema].properties[field].type])).toEqual(fields.map((f) => [...f, 'integer']));
    const params: [string, string, string][] = [
      ['get', '/v1/audit/export', 'fromSeq'],
      ['get', '/v1/audit/export', 'toSeq'],
      ['get', '/v1/audit/verify', 'from'],
      ['get', '/v1/audit/verify', 'to'],
      ['get', '/v1/audit/proofs/inclusion', 'seq'],
      ['get', '/v1/audit/proofs/inclusion', 'treeSize'],
      ['get', '/v1/audit/proofs/consistency', 'from'],
      ['get', '/v1/audit/proofs/consistency', 'to'],
      ['get', '/v1/policies/{version}', 'version'],
      ['get', '/v1/policies/{version}/diff', 'version'],
      ['get', '/v1/policies/{version}/diff', 'against'],
      ['post', '/v1/admin/policies/{version}/dry-run', 'version'],
      ['post', '/v1/admin/policies/{version}/activate', 'version'],
    ];
    expect(params.map(([method, path, name]) => [method, path, name, parameter(doc, method, path, name).type])).toEqual(params.map((p) => [...p, 'integer']));
    const limits = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, op]) => (op.parameters ?? []).filter((p) => p.name === 'limit').map((p) => [method, path, p.schema.type])),
    );
    expect(limits.length).toBeGreaterThanOrEqual(7);
    expect(limits).toEqual(limits.map(([method, path]) => [method, path, 'integer']));
  });

  it('documents the length, size and range limits requests are held to', async () => {
    const doc = (await t.http.get('/docs-json')).body as OpenApi;
    const grant = body(doc, 'post', '/v1/consents');
    const { schemas } = doc.components;
    expect(grant.properties.subjectId).toEqual(expect.objectContaining({ minLength: 1, maxLength: 200 }));
    expect(grant.properties.purpose).toEqual(expect.objectContaining({ minLength: 1, maxLength: 64 }));
    expect(parameter(doc, 'get', '/v1/consents', 'subjectId')).toEqual(expect.objectContaining({ maxLength: 200 }));
    expect(schemas.NoticeDto.properties.text).toEqual(expect.objectContaining({ maxLength: 20_000 }));
    expect(schemas.NoticeDto.properties.version).toEqual(expect.objectContaining({ maxLength: 50 }));
    expect(schemas.UnredactRequestDto.properties.reason).toEqual(expect.objectContaining({ minLength: 3, maxLength: 1000 }));
    expect(schemas.PolicySourceDto.properties.source).toEqual(expect.objectContaining({ minLength: 1, maxLength: 1_000_000 }));
    for (const schema of ['ScheduleDto', 'RunAuditDto', 'DatasetColumnsDto']) expect(schemas[schema].properties.attributes).toEqual(expect.objectContaining({ minItems: 1, maxItems: 6 }));
    expect(schemas.ReportOutcomeDto.properties.labels).toEqual(expect.objectContaining({ maxItems: 1000, items: expect.objectContaining({ type: 'string', maxLength: 200 }) }));
    expect(schemas.ReviewDecisionDto.properties.labels).toEqual(expect.objectContaining({ maxItems: 1000 }));
    expect(schemas.ScheduleDto.properties.everyMs).toEqual(expect.objectContaining({ minimum: 1000, maximum: 366 * 86_400_000 }));
    expect(schemas.ScheduleDto.properties.minGroupSize).toEqual(expect.objectContaining({ maximum: 1_000_000 }));
    expect(schemas.RunAuditDto.properties.minGroupSize).toEqual(expect.objectContaining({ maximum: 1_000_000 }));
    expect(schemas.ReportOutcomeDto.properties.row).toEqual(expect.objectContaining({ minimum: 0, maximum: 999 }));
    // The limits are added to what @ApiProperty says, never changing which fields are listed or required.
    expect(schemas.ReportOutcomeDto.required).toEqual(['requestId']);
    expect(schemas.NoticeDto.required).toEqual(['text', 'version']);
  });

  it('documents a maxLength for every length rule of a request body', async () => {
    const doc = (await t.http.get('/docs-json')).body as OpenApi;
    const rules = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, ValidationRule[]>; getTargetValidationMetadatas(target: Function, schema: string, always: boolean, strict: boolean): ValidationRule[] };
    const documented: string[] = [];
    const missing: string[] = [];
    for (const target of rules.validationMetadatas.keys()) {
      const schema = doc.components.schemas[target.name];
      if (!schema) continue;
      for (const rule of rules.getTargetValidationMetadatas(target, '', false, false)) {
        const property = schema.properties?.[rule.propertyName];
        if (!property || (rule.name !== 'isLength' && rule.name !== 'maxLength')) continue;
        const max = rule.constraints[rule.name === 'isLength' ? 1 : 0] as number;
        const at = `${target.name}.${rule.propertyName}`;
        ((rule.each ? (property.items as SchemaObject) : property).maxLength === max ? documented : missing).push(at);
      }
    }
    expect(missing).toEqual([]);
    expect(documented.length).toBeGreaterThan(30);
  });

  it('documents a bias audit and its LL144 summary as JSON objects, and their format=csv forms as text', async () => {
    const doc = (await t.http.get('/docs-json')).body as OpenApi;
    const audit = doc.paths['/v1/fairness/audits/{id}'].get.responses['200'].content!;
    expect(audit['application/json'].schema).toEqual({ $ref: '#/components/schemas/AuditView' });
    expect(audit['text/csv'].schema).toEqual({ type: 'string' });
    const ll144 = doc.paths['/v1/fairness/audits/{id}/ll144'].get.responses['200'].content!;
    expect(ll144['text/csv'].schema).toEqual({ type: 'string' });
    const summary = doc.components.schemas[ll144['application/json'].schema.$ref!.replace('#/components/schemas/', '')];
    expect(Object.keys(summary.properties).sort()).toEqual(['applicants', 'intersectional', 'period', 'raceEthnicity', 'rate', 'scoreMedian', 'sex', 'source', 'unknown']);
    expect(summary.properties.sex).toEqual(expect.objectContaining({ type: 'array', items: { $ref: '#/components/schemas/Ll144RowView' } }));
    expect(Object.keys(doc.components.schemas.Ll144RowView.properties).sort()).toEqual(['applicants', 'category', 'excluded', 'impactRatio', 'rate']);
  });

  it('documents the body of every success that has one as a schema, not in words', async () => {
    const doc = (await t.http.get('/docs-json')).body as OpenApi;
    const fields = (method: string, path: string): string[] => {
      const ref = doc.paths[path][method].responses['200'].content?.['application/json']?.schema.$ref;
      return ref ? Object.keys(doc.components.schemas[ref.replace('#/components/schemas/', '')].properties) : [];
    };
    expect(fields('get', '/v1/policies/{version}/diff')).toEqual(expect.arrayContaining(['from', 'to', 'identical', 'document', 'added', 'removed', 'changed', 'unchanged', 'redactionOrder']));
    expect(fields('post', '/v1/admin/policies/{version}/dry-run')).toEqual(
      expect.arrayContaining(['version', 'against', 'total', 'changed', 'newlyDenied', 'newlyAllowed', 'obligationsChanged', 'suppressChanged', 'byRule', 'examples']),
    );
    expect(fields('get', '/v1/tenants/{id}/record-of-processing')).toEqual(
      expect.arrayContaining(['schemaVersion', 'generatedAt', 'controller', 'processor', 'purposes', 'dataCategories', 'dataSubjects', 'recipients', 'retention', 'securityMeasures']),
    );
    expect(fields('post', '/v1/admin/retention/run')).toEqual(expect.arrayContaining(['ranAt', 'inferenceRecords', 'reviews', 'protectedAttributes', 'related', 'byPurpose']));
    expect(fields('post', '/v1/admin/compliance/documents/refresh')).toEqual(expect.arrayContaining(['checked', 'generated']));
    expect(fields('get', '/health/ready')).toEqual(expect.arrayContaining(['status', 'checks']));
    expect(fields('get', '/health/live')).toEqual(['status']);
    const described = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([status, response]) => /^2/.test(status) && status !== '204' && !response.content)
          .map(([status]) => `${method} ${path} ${status}`),
      ),
    );
    expect(described).toEqual([]);
  });

  it('serves the interactive API docs page from local assets', async () => {
    const res = await t.http.get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
    expect(res.text).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\/[^"']*\.(js|css)/i);
  });
});

describeWithRedis('readiness with Redis configured', (redisUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: redisUrl });
  });
  afterAll(() => t.close());

  it('checks Redis too', async () => {
    const ready = await t.http.get('/health/ready');
    expect(ready.body.checks).toEqual({ database: 'up', redis: 'up' });
  });
});
