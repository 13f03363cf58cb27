import { redactSubjectIds } from './log-redaction.js';

describe('redactSubjectIds', () => {
  it.each([
    ['/v1/subjects/alice%40example.com/export', '/v1/subjects/[subject]/export'],
    ['/v1/subjects/customer-4411/protected-attributes', '/v1/subjects/[subject]/protected-attributes'],
    ['/v1/subjects/customer-4411/erasure', '/v1/subjects/[subject]/erasure'],
    ['/v1/subjects/erasures', '/v1/subjects/erasures'],
    ['/v1/subjects/erasures?status=pending', '/v1/subjects/erasures?status=pending'],
    ['/v1/subjects/erasures/7c9e6679-7425-40de-944b-e07fc1f90ae7', '/v1/subjects/erasures/7c9e6679-7425-40de-944b-e07fc1f90ae7'],
    ['/v1/subjects/erasures-of-bob/export', '/v1/subjects/[subject]/export'],
    ['/v1/consents?subjectId=alice%40example.com', '/v1/consents?subjectId=[subject]'],
    ['/v1/consents?limit=5&subjectId=bob&x=1', '/v1/consents?limit=5&subjectId=[subject]&x=1'],
    ['/v1/purposes', '/v1/purposes'],
    ['/v1/models/credit-approval/infer', '/v1/models/credit-approval/infer'],
  ])('%s', (url, expected) => {
    expect(redactSubjectIds(url)).toBe(expected);
  });
});
