import { loggableUrl, redactSubjectIds } from './log-redaction.js';

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

describe('loggableUrl', () => {
  it.each([
    // An encoded /, & or # inside an id is still part of it.
    ['/v1/subjects/acme%2Fcust-88412/export', '/v1/subjects/[subject]/export'],
    ['/v1/consents?subjectId=Smith%26Sons-20931', '/v1/consents?subjectId=[subject]'],
    ['/v1/consents?subjectId=order%23A-7731&limit=5', '/v1/consents?subjectId=[subject]&limit=5'],
    // An encoded parameter name is read as the server reads it.
    ['/v1/consents?subject%49d=alice', '/v1/consents?subjectId=[subject]'],
    // One malformed escape leaves the rest decoded, for the scrubber to read; + in a query is a space.
    ['/v1/audit/events?resourceId=jana%40example.org&x=%E0', '/v1/audit/events?resourceId=jana@example.org&x=\uFFFD'],
    ['/v1/audit/events?resourceId=%2B44+161+496+0753', '/v1/audit/events?resourceId=+44 161 496 0753'],
    ['/v1/purposes/a%20b', '/v1/purposes/a b'],
  ])('%s', (url, expected) => {
    expect(loggableUrl(url)).toBe(expected);
  });
});
