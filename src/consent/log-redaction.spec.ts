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
    // However the route is misspelled (each a 404 or 400, logged all the same), the id is not logged.
    ['/v1//subjects/alice%40example.com/export', '/v1//subjects/[subject]/export'],
    ['/V1/subjects/alice%40example.com/export', '/V1/subjects/[subject]/export'],
    ['/v1/Subjects/alice/export', '/v1/Subjects/[subject]/export'],
    ['/v1/subjects//alice/export', '/v1/subjects//[subject]/export'],
    ['//v1///subjects///alice', '//v1///subjects///[subject]'],
    ['/v1\\subjects\\alice\\export', '/v1\\subjects\\[subject]\\export'],
    ['/v1/subject/alice/export', '/v1/subject/[subject]/export'],
    ['/v1/subjects/Erasures', '/v1/subjects/[subject]'],
    ['/v1/subjects/erasures;x', '/v1/subjects/[subject]'],
    ['http://warden.example/v1/subjects/alice/export', 'http://warden.example/v1/subjects/[subject]/export'],
    ['/v1/consents;subjectId=alice%40example.com', '/v1/consents;subjectId=[subject]'],
    ['/v1/consents;subjectId=alice;limit=5/x?limit=5', '/v1/consents;subjectId=[subject]/x?limit=5'],
    ['/v1/consents&subjectId=alice', '/v1/consents&subjectId=[subject]'],
    ['/v1/consents?subjectId[]=alice', '/v1/consents?subjectId[]=[subject]'],
    ['/v1/consents?subjectId[0]=alice&subjectId[1]=bob', '/v1/consents?subjectId[0]=[subject]&subjectId[1]=[subject]'],
    ['/v1/consents?filter[subjectId]=alice', '/v1/consents?filter[subjectId]=[subject]'],
    ['/v1/consents?;subjectId=alice', '/v1/consents?;subjectId=[subject]'],
    ['/v1/consents?limit=5;subjectId=alice', '/v1/consents?limit=5;subjectId=[subject]'],
    ['/v1/consents?SUBJECTID=alice', '/v1/consents?SUBJECTID=[subject]'],
    ['/v1/consents?subject_id=alice&x=1', '/v1/consents?subject_id=[subject]&x=1'],
    ['/v1/consents?subjectIds=alice,bob', '/v1/consents?subjectIds=[subject]'],
    ['/v1/consents?subjectId=alice;bob#x&limit=5', '/v1/consents?subjectId=[subject]&limit=5'], // the server reads it to the "&"
    ['/v1/consents?subjectId=alice?subjectId=bob', '/v1/consents?subjectId=[subject]'],
    ['/v1/purposes', '/v1/purposes'],
    ['/v1/audit/events?resourceId=x&limit=5', '/v1/audit/events?resourceId=x&limit=5'],
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
    ['/v1/consents?subjectId%5B%5D=alice', '/v1/consents?subjectId[]=[subject]'],
    ['/v1/%73ubjects/alice/export', '/v1/subjects/[subject]/export'],
    ['/v1/consents%3BsubjectId=alice', '/v1/consents;subjectId=[subject]'],
    // One malformed escape leaves the rest decoded, for the scrubber to read; + in a query is a space.
    ['/v1/audit/events?resourceId=jana%40example.org&x=%E0', '/v1/audit/events?resourceId=jana@example.org&x=\uFFFD'],
    ['/v1/audit/events?resourceId=%2B44+161+496+0753', '/v1/audit/events?resourceId=+44 161 496 0753'],
    ['/v1/purposes/a%20b', '/v1/purposes/a b'],
  ])('%s', (url, expected) => {
    expect(loggableUrl(url)).toBe(expected);
  });
});
