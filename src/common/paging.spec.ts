import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PageLimit } from './paging.js';

class Query {
  @PageLimit(500)
  limit?: number;
}

const check = (plain: Record<string, unknown>) => {
  const query = plainToInstance(Query, plain);
  return { limit: query.limit, failed: validateSync(query).flatMap((e) => Object.keys(e.constraints ?? {})) };
};

describe('PageLimit', () => {
  it('takes an integer from 1 to its maximum, from the query string, and may be left out', () => {
    expect(check({})).toEqual({ limit: undefined, failed: [] });
    expect(check({ limit: '1' })).toEqual({ limit: 1, failed: [] });
    expect(check({ limit: '500' })).toEqual({ limit: 500, failed: [] });
    expect(check({ limit: '501' }).failed).toEqual(['max']);
    expect(check({ limit: '0' }).failed).toEqual(['min']);
    expect(check({ limit: '2.5' }).failed).toEqual(['isInt']);
  });
});
