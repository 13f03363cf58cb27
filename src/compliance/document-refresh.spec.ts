import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { DomainError } from '../common/errors.js';
import type { JobsService } from '../jobs/jobs.service.js';
import type { ModelCatalog } from '../models/model-catalog.js';
import { DocumentRefresh } from './document-refresh.service.js';
import type { DocumentsService } from './documents.service.js';

describe('DocumentRefresh', () => {
  it("builds every other model's documents when one model's cannot be built", async () => {
    const catalog = {
      refresh: async () => undefined,
      models: () => ['a-broken', 'b-fine'],
      versions: () => [{ version: '1.0.0', status: 'active' }],
    } as unknown as ModelCatalog;
    const built: string[] = [];
    const documents = {
      resolveModelDocuments: async (model: string) => {
        if (model === 'a-broken') throw new TypeError('value.toFixed is not a function');
        return [{ target: { kind: 'technical-documentation', model }, evidence: {} }];
      },
      resolve: async () => {
        throw new DomainError('NOT_FOUND', 'no suitable bias audit');
      },
      build: async (_: unknown, target: { model: string }) => {
        built.push(target.model);
        return { row: { id: target.model, kind: 'technical-documentation', model: target.model }, created: false };
      },
    } as unknown as DocumentsService;
    const jobs = { register: () => undefined } as unknown as JobsService;
    const result = await new DocumentRefresh(jobs, catalog, documents).refresh(SYSTEM_ACTOR);
    expect(built).toEqual(['b-fine']);
    expect(result.checked).toBe(1);
  });
});
