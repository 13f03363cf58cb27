import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

const example = (name: string) => JSON.parse(readFileSync(path.resolve(process.cwd(), `models/${name}@1.0.0.json`), 'utf8')).example;

/** Values of every kind the message below carries, and the parts of them that must never be stored. */
const PII = {
  person: 'Jana Novakova',
  email: 'jana.novakova@example.org',
  phone: '+44 161 496 0753',
  card: '4111 1111 1111 1111',
  iban: 'DE89 3704 0044 0532 0130 00',
};
const DISTINCTIVE = ['Novakova', 'jana.novakova', '496 0753', '4960753', '4111 1111 1111 1111', '4111111111111111', 'DE89 3704', 'DE89370400440532013000'];
const MESSAGE = `Hello, this is ${PII.person}. My refund never arrived; card ${PII.card}, IBAN ${PII.iban}. Mail ${PII.email} or call me on ${PII.phone}.`;

describe('personal data in the governed pipeline and the privacy API', () => {
  let t: TestApp;
  let tenant: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  const redact = (body: Record<string, unknown>, key = tenant.key) => t.http.post('/v1/privacy/redact').set(bearer(key)).send(body);

  it('redacts a batch of texts, with each finding typed and placed in the original', async () => {
    const res = await redact({ texts: [MESSAGE, 'nothing personal here'] });
    expect(res.status).toBe(200);
    const [first, second] = res.body.results;
    for (const value of DISTINCTIVE) expect(first.text).not.toContain(value);
    expect(first.text).toContain('<EMAIL>');
    expect(first.entities.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['PERSON', 'EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN']));
    const email = first.entities.find((e: { type: string }) => e.type === 'EMAIL');
    expect(MESSAGE.slice(email.start, email.end)).toBe(PII.email);
    expect(second).toEqual({ text: 'nothing personal here', entities: [] });
  });

  it('limits the entity types and applies the chosen operator', async () => {
    const res = await redact({ texts: [MESSAGE], entities: ['EMAIL'], operator: 'mask' });
    expect(res.body.results[0].text).toContain(PII.phone);
    expect(res.body.results[0].text).not.toContain(PII.email);
    expect(res.body.results[0].entities.map((e: { type: string }) => e.type)).toEqual(['EMAIL']);
  });

  it('hashes a value to one token within a tenant and to another in a different tenant', async () => {
    const other = await t.tenant();
    const token = async (key: string) => /<EMAIL:[0-9a-f]+>/.exec((await redact({ texts: [`mail ${PII.email}`], operator: 'hash' }, key)).body.results[0].text)?.[0];
    const mine = await token(tenant.key);
    expect(mine).toBeDefined();
    expect(await token(tenant.key)).toBe(mine);
    expect(await token(other.key)).not.toBe(mine);
  });

  it('opens encrypted values only for an admin with a reason, and audits it without the values', async () => {
    const sealed = (await redact({ texts: [`mail ${PII.email}`], operator: 'encrypt' })).body.results[0].text;
    expect(sealed).toMatch(/^mail <EMAIL#[A-Za-z0-9_-]+>$/);
    const body = { tenantId: tenant.id, texts: [sealed], reason: 'Subject access request 2291' };
    expect((await t.http.post('/v1/admin/privacy/unredact').set(bearer(tenant.key)).send(body)).status).toBe(403);
    const opened = await t.http.post('/v1/admin/privacy/unredact').set(bearer(t.adminKey)).send(body);
    expect(opened.status).toBe(200);
    expect(opened.body.results).toEqual([{ text: `mail ${PII.email}` }]);
    const other = await t.tenant();
    const wrongKey = await t.http.post('/v1/admin/privacy/unredact').set(bearer(t.adminKey)).send({ ...body, tenantId: other.id });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body.error.details.fields[0].field).toBe('texts[0]');
    const events = await t.http.get('/v1/audit/events?action=privacy.unredact').set(bearer(t.adminKey));
    expect(events.body.events).toEqual([
      expect.objectContaining({ decision: 'allow', details: { reason: 'Subject access request 2291', texts: 1, tokens: 1, entityTypes: ['EMAIL'] } }),
    ]);
    // A text of the longest length made of short values grows several times over, and still opens.
    const longest = 'ab@cd.io '.repeat(2_222);
    const grown = (await redact({ texts: [longest], operator: 'encrypt' })).body.results[0].text as string;
    expect(grown.length).toBeGreaterThan(3 * longest.length);
    const reopened = await t.http.post('/v1/admin/privacy/unredact').set(bearer(t.adminKey)).send({ ...body, texts: [grown] });
    expect([reopened.status, reopened.body.results?.[0].text]).toEqual([200, longest]);
  });

  it.each([
    ['no texts', { texts: [] }, 400],
    ['a text that is not a string', { texts: [42] }, 400],
    ['an unknown entity type', { texts: ['x'], entities: ['PASSPORT'] }, 400],
    ['an unknown operator', { texts: ['x'], operator: 'shred' }, 400],
    ['more texts than a batch may hold', { texts: Array.from({ length: 101 }, () => 'x') }, 413],
  ])('refuses %s', async (_name, body, status) => {
    const res = await redact(body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toEqual(expect.any(String));
  });

  it('is not for regulators', async () => {
    expect((await redact({ texts: ['x'] }, await t.key('regulator'))).status).toBe(403);
  });

  it('hides personal data from the support router, withholds its explanation, and stores none of it anywhere', async () => {
    const res = await t.http
      .post('/v1/models/support-router/infer')
      .set(bearer(tenant.key))
      .send({ purpose: 'customer-support', subject: { id: PII.email, attributes: { note: PII.person } }, inputs: { message: MESSAGE } });
    expect(res.status).toBe(200);
    expect(res.body.explanation).toBeUndefined();
    expect(res.body.decision.rules.map((r: { id: string }) => r.id)).toContain('no-explanations-when-messages-held-pii');
    // A query string with an e-mail address in it reaches the request log scrubbed.
    await t.http.get(`/v1/audit/events?actor=${encodeURIComponent(PII.email)}`).set(bearer(tenant.key));

    const record = await dbRows(`SELECT context FROM inference_records WHERE request_id = $1`, [res.body.requestId]);
    expect(JSON.stringify(record)).toContain('<EMAIL>');
    const events = await t.http.get('/v1/audit/events?action=inference.infer').set(bearer(tenant.key));
    expect(events.body.events.at(-1).details).toEqual(expect.objectContaining({ piiCount: expect.any(Number), piiFound: expect.arrayContaining(['EMAIL', 'PERSON']) }));

    expect(await columnsHolding([...DISTINCTIVE, PII.email, PII.person])).toEqual([]);
    for (const value of [...DISTINCTIVE, PII.email, encodeURIComponent(PII.email), PII.person]) expect(t.logs()).not.toContain(value);
  });

  it('refuses a call whose text cannot be checked in time, and audits the refusal', async () => {
    const strict = await startTestApp({ PII_TIME_BUDGET_MS: '0' });
    try {
      const own = await strict.tenant();
      const res = await strict.http
        .post('/v1/models/support-router/infer')
        .set(bearer(own.key))
        .send({ purpose: 'customer-support', subject: { id: 's-1' }, inputs: { message: MESSAGE } });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual(expect.objectContaining({ code: 'REDACTION_FAILED', details: expect.objectContaining({ stage: 'redact', reason: 'TIME_BUDGET_EXCEEDED' }) }));
      const events = await strict.http.get('/v1/audit/events?action=inference.infer&decision=deny').set(bearer(own.key));
      expect(events.body.events.at(-1)).toEqual(expect.objectContaining({ reason: 'REDACTION_FAILED', details: expect.objectContaining({ stage: 'redact' }) }));
      // A model without text inputs has nothing to check and still answers.
      await strict.http.post('/v1/consents').set(bearer(own.key)).send({ subjectId: 's-1', purpose: 'credit-scoring' });
      const ok = await strict.http
        .post('/v1/models/credit-approval/infer')
        .set(bearer(own.key))
        .send({ purpose: 'credit-scoring', subject: { id: 's-1' }, inputs: example('credit-approval'), context: { jurisdiction: 'US' } });
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

async function dbRows(sql: string, params: unknown[]): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Every text, JSON and byte column of every table, searched for each value: `table.column: value` for each hit. */
async function columnsHolding(values: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')`,
    );
    const hits: string[] = [];
    for (const { table_name, column_name, data_type } of columns.rows) {
      const asText = data_type === 'bytea' ? `convert_from("${column_name}", 'UTF8')` : `"${column_name}"::text`;
      for (const value of values) {
        const found = await client.query(`SELECT 1 FROM "${table_name}" WHERE position(lower($1) in lower(${data_type === 'bytea' ? `encode("${column_name}", 'escape')` : asText})) > 0 LIMIT 1`, [value]);
        if (found.rowCount) hits.push(`${table_name}.${column_name}: ${value}`);
      }
    }
    expect(columns.rows.length).toBeGreaterThan(20);
    return hits;
  } finally {
    await client.end();
  }
}
