/**
 * Tenants name subjects by their own ids, some of them in URLs (`/v1/subjects/{subjectId}/export`,
 * `?subjectId=`). Request logs keep the route but never the id: it may be an e-mail address.
 */
export const SUBJECT_PLACEHOLDER = '[subject]';

const PATH = /^(\/v1\/subjects\/)(?!erasures(?:[/?]|$))[^/?]+/;
const QUERY = /([?&]subjectId=)[^&#]*/g;

export function redactSubjectIds(url: string): string {
  return url.replace(PATH, `$1${SUBJECT_PLACEHOLDER}`).replace(QUERY, `$1${SUBJECT_PLACEHOLDER}`);
}
