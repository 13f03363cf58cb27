import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, startTestApp, type TestApp } from '../support/app.js';

/** The public data sets in ../shared/data (see its README): published figures an audit must reproduce. */
const data = (file: string): string => readFileSync(path.resolve(process.cwd(), '../shared/data', file), 'utf8');

interface Comparison {
  metric: string;
  grouping: string[];
  group: Record<string, string>;
  value: number;
}

const comparison = (body: { comparisons: Comparison[] }, grouping: string, metric: string) => body.comparisons.find((c) => c.grouping.join('+') === grouping && c.metric === metric)!;

describe('bias audits of uploaded data sets', () => {
  let t: TestApp;
  let adult: { id: string };
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reproduces the disparate impact of UCI Adult by sex, 0.3580, from a multipart upload', async () => {
    const request = { source: 'dataset', columns: { prediction: 'income-per-year', attributes: ['sex', 'race'] }, favorable: '>50K', description: 'UCI Adult, 1994 census', dataKind: 'historical', period: { from: '1994-01-01', to: '1994-12-31' } };
    const res = await t.http.post('/v1/fairness/audits').set(bearer(t.adminKey)).field('request', JSON.stringify(request)).attach('csv', Buffer.from(data('adult.csv')), 'adult.csv');
    expect(res.status).toBe(201);
    adult = res.body;
    const di = comparison(res.body, 'sex', 'impactRatio');
    expect(di.group).toEqual({ sex: 'Female' });
    expect(di.value.toFixed(4)).toBe('0.3580');
    expect(comparison(res.body, 'sex', 'demographicParityDifference').value.toFixed(4)).toBe('-0.1963');
    expect(res.body).toEqual(expect.objectContaining({ source: 'dataset', scope: 'platform', status: 'breach', dataHash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    expect(res.body.data).toEqual(expect.objectContaining({ rows: 32561, kind: 'historical', description: 'UCI Adult, 1994 census' }));
    expect(res.body.breaches).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'impactRatio', group: { sex: 'Female' }, significant: true })]));
    // Races under 2 % of the file are reported but left out of verdicts, with the reason.
    expect(res.body.excluded.filter((e: { grouping: string[] }) => e.grouping.join() === 'race').map((e: { group: { race: string }; rule: string }) => [e.group.race, e.rule])).toEqual([
      ['Amer-Indian-Eskimo', 'min-share'],
      ['Other', 'min-share'],
    ]);
  });

  it('reproduces German credit by age (< 25 against ≥ 25), 0.8212, from JSON', async () => {
    const res = await t.http
      .post('/v1/fairness/audits')
      .set(bearer(t.adminKey))
      .send({ source: 'dataset', csv: data('german.csv'), columns: { prediction: 'credit', attributes: [{ column: 'age', cuts: [25] }] }, favorable: 1 });
    expect(res.status).toBe(201);
    const di = comparison(res.body, 'age', 'impactRatio');
    expect(di.group).toEqual({ age: '<25' });
    expect(di.value.toFixed(4)).toBe('0.8212');
    expect(res.body.verdicts.find((v: { metric: string }) => v.metric === 'impactRatio')).toEqual(expect.objectContaining({ pass: true }));
  });

  it('serves the stored audit as JSON, as CSV and as an LL144 summary', async () => {
    const json = await t.http.get(`/v1/fairness/audits/${adult.id}`).set(bearer(t.adminKey));
    expect(json.status).toBe(200);
    expect(json.body.cells.length).toBeGreaterThan(5);

    const csv = await t.http.get(`/v1/fairness/audits/${adult.id}?format=csv`).set(bearer(t.adminKey));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header.split(',').slice(0, 5)).toEqual(['grouping', 'sex', 'race', 'n', 'share']);
    expect(rows.find((r) => r.startsWith('sex,Female,'))).toMatch(/^sex,Female,,10771,/);

    const ll144 = await t.http.get(`/v1/fairness/audits/${adult.id}/ll144`).set(bearer(t.adminKey));
    expect(ll144.status).toBe(200);
    // One attribute for both would cross it with itself.
    const itself = await t.http.get(`/v1/fairness/audits/${adult.id}/ll144?sex=sex&raceEthnicity=sex`).set(bearer(t.adminKey));
    expect([itself.status, itself.body.error?.details?.fields?.[0]?.field]).toEqual([400, 'raceEthnicity']);
    expect(ll144.body).toEqual(expect.objectContaining({ rate: 'selection', applicants: 32561, source: { kind: 'historical', description: 'UCI Adult, 1994 census' }, period: { from: '1994-01-01', to: '1994-12-31' } }));
    expect(ll144.body.sex.find((r: { category: { sex: string } }) => r.category.sex === 'Female').impactRatio.toFixed(4)).toBe('0.3580');
    expect(ll144.body.raceEthnicity.find((r: { category: { race: string } }) => r.category.race === 'Other')).toEqual(expect.objectContaining({ applicants: 271, impactRatio: null, excluded: expect.stringContaining('5-301(d)') }));
    const ll144Csv = await t.http.get(`/v1/fairness/audits/${adult.id}/ll144?format=csv`).set(bearer(t.adminKey));
    expect(ll144Csv.text.split('\r\n')[0]).toBe('table,sex,raceEthnicity,applicants,selectionRate,impactRatio,note');
    expect((await t.http.get(`/v1/fairness/audits/${adult.id}/ll144?rate=scoring`).set(bearer(t.adminKey))).status).toBe(400);
    expect((await t.http.get(`/v1/fairness/audits/${adult.id}/ll144?raceEthnicity=ethnicity`).set(bearer(t.adminKey))).status).toBe(400);
  });

  it('lets regulators read every audit and tenants only their own', async () => {
    const regulator = await t.key('regulator');
    const listed = await t.http.get('/v1/fairness/audits?source=dataset').set(bearer(regulator));
    expect(listed.status).toBe(200);
    expect(listed.body.map((a: { id: string }) => a.id)).toContain(adult.id);
    expect(listed.body[0]).not.toHaveProperty('groups');

    const tenant = await t.tenant();
    const own = await t.http
      .post('/v1/fairness/audits')
      .set(bearer(tenant.key))
      .send({ source: 'dataset', csv: 'decision,sex\n1,F\n0,F\n1,M\n1,M\n', columns: { prediction: 'decision', attributes: ['sex'] }, favorable: 1, minGroupSize: 0, minShare: 0 });
    expect(own.status).toBe(201);
    expect(own.body).toEqual(expect.objectContaining({ scope: 'tenant', tenantId: tenant.id, status: 'breach' }));
    expect(comparison(own.body, 'sex', 'impactRatio').value).toBe(0.5);
    expect((await t.http.get(`/v1/fairness/audits/${own.body.id}`).set(bearer(regulator))).status).toBe(200);
    expect((await t.http.get(`/v1/fairness/audits/${adult.id}`).set(bearer(tenant.key))).status).toBe(404);
    const stranger = await t.tenant();
    expect((await t.http.get(`/v1/fairness/audits/${own.body.id}`).set(bearer(stranger.key))).status).toBe(404);
    expect((await t.http.get(`/v1/fairness/audits/${own.body.id}/ll144`).set(bearer(stranger.key))).status).toBe(404);
    expect((await t.http.get('/v1/fairness/audits').set(bearer(stranger.key))).body).toEqual([]);
    const events = await t.http.get(`/v1/audit/events?action=fairness.audit&resourceId=${own.body.id}`).set(bearer(tenant.key));
    expect(events.body.events).toEqual([expect.objectContaining({ chainId: `tenant:${tenant.id}`, details: expect.objectContaining({ status: 'breach', dataHash: own.body.dataHash }) })]);
  });

  it.each([
    ['no CSV', { csv: undefined }, 'csv'],
    ['a live field', { from: '2025-01-01T00:00:00Z' }, 'from'],
    ['a column that is not in the header', { columns: { prediction: 'outcome', attributes: ['sex'] } }, 'columns'],
    ['an attribute without a column', { columns: { prediction: 'decision', attributes: [{ cuts: [25] }] } }, 'columns.attributes'],
    ['a threshold for no metric', { thresholds: { fairness: 0.8 } }, 'thresholds.fairness'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
    ['a CSV sent as null', { csv: null }, 'csv'],
    ['columns sent as null', { columns: null }, 'columns'],
    ['an attribute column named after a built-in property', { csv: 'decision,__proto__\n1,F\n0,M\n', columns: { prediction: 'decision', attributes: ['__proto__'] } }, 'columns.attributes'],
  ])('refuses %s, naming the field', async (_, over, field) => {
    const body = { source: 'dataset', csv: 'decision,sex\n1,F\n0,M\n', columns: { prediction: 'decision', attributes: ['sex'] }, favorable: 1, ...over };
    const res = await t.http.post('/v1/fairness/audits').set(bearer(t.adminKey)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].field).toBe(field);
  });

  it('answers 404 for a live audit of a tenant that does not exist, and 400 for a window sent as null', async () => {
    const live = { source: 'live', model: 'credit-approval', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', attributes: ['sex'], favorable: 'approved' };
    const unknown = await t.http.post('/v1/fairness/audits').set(bearer(t.adminKey)).send({ ...live, tenantId: '00000000-0000-4000-8000-000000000001' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const noStart = await t.http.post('/v1/fairness/audits').set(bearer(t.adminKey)).send({ ...live, from: null });
    expect([noStart.status, noStart.body.error.details.fields[0].field]).toEqual([400, 'from']);
  });

  it('names the row and column of a malformed CSV', async () => {
    const res = await t.http
      .post('/v1/fairness/audits')
      .set(bearer(t.adminKey))
      .send({ source: 'dataset', csv: 'decision,sex,p\n1,F,0.3\n0,M,high\n', columns: { prediction: 'decision', score: 'p', attributes: ['sex'] }, favorable: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('csv: row 3, column "p": "high" is not a number');
    expect(res.body.error.details).toEqual(expect.objectContaining({ row: 3, column: 'p' }));
    // Against a favourable number, a prediction must be a number: "1,0" is not counted as unfavourable.
    const commas = await t.http
      .post('/v1/fairness/audits')
      .set(bearer(t.adminKey))
      .send({ source: 'dataset', csv: 'decision,sex\n1,F\n"1,0",M\n', columns: { prediction: 'decision', attributes: ['sex'] }, favorable: 1 });
    expect([commas.status, commas.body.error.message]).toEqual([400, 'csv: row 3, column "decision": "1,0" is not a number, as the favourable outcome is']);
  });

  it('refuses a multipart upload without the request, or with a second file', async () => {
    const noRequest = await t.http.post('/v1/fairness/audits').set(bearer(t.adminKey)).attach('csv', Buffer.from('decision,sex\n1,F\n'), 'a.csv');
    expect(noRequest.status).toBe(400);
    expect(noRequest.body.error.details.fields[0].field).toBe('request');
    const stray = await t.http.post('/v1/fairness/audits').set(bearer(t.adminKey)).field('request', '{}').attach('data', Buffer.from('x'), 'x.csv');
    expect(stray.status).toBe(400);
  });
});
