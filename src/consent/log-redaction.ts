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

/**
 * A request URL as a log line may show it: subject ids replaced, then percent-decoded (a query's
 * `+` as a space) so that the log scrubber reads `jana%40example.org` as the address it is. Ids are
 * replaced before decoding, while an encoded `/`, `&` or `#` inside one still belongs to it, and
 * again after, for ids whose route or parameter name was itself encoded. Escapes are decoded run
 * by run, so one malformed escape leaves only itself undecoded.
 */
export function loggableUrl(url: string): string {
  return redactSubjectIds(percentDecoded(redactSubjectIds(url)));
}

function percentDecoded(url: string): string {
  const decode = (part: string) => part.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
  const q = url.indexOf('?');
  return q < 0 ? decode(url) : `${decode(url.slice(0, q))}?${decode(url.slice(q + 1).replaceAll('+', ' '))}`;
}
