/**
 * Tenants name subjects by their own ids, some of them in URLs (`/v1/subjects/{subjectId}/export`,
 * `?subjectId=`). Request logs keep the route but never the id: it may be an e-mail address. URLs
 * the router refuses are logged as well, so an id is looked for wherever a caller may have put one
 * (`/V1//subjects/…`, `;subjectId=`, `?subjectId[]=`), not only where the router would read it.
 */
export const SUBJECT_PLACEHOLDER = '[subject]';

// The segment after a `subjects` segment, in any case, past any number of slashes or backslashes.
const SUBJECT_SEGMENT = /((?:^|[/\\])subjects?[/\\]+)([^/\\]+)/gi;
// The one route under `subjects` that names no subject.
const NOT_A_SUBJECT = 'erasures';
// A parameter whose name holds a subject id in any case or decoration (`subjectid`, `subject_id`,
// `subjectId[]`, `filter[subjectId]`). In the path (a matrix parameter, a missing "?") its value
// runs to the next segment; in the query to the next "&", as the server's parser reads it, after
// whichever separator came before the name: "?", "&" or ";".
const PATH_PARAMETER = /([;&][^=/\\]*subject[-_. ]?id[^=/\\]*=)[^/\\]*/gi;
const QUERY_PARAMETER = /((?:^|[?&;])[^=&;]*subject[-_. ]?id[^=&;]*=)[^&]*/gi;

export function redactSubjectIds(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q))
    .replace(SUBJECT_SEGMENT, (whole, route: string, id: string) => (id === NOT_A_SUBJECT ? whole : `${route}${SUBJECT_PLACEHOLDER}`))
    .replace(PATH_PARAMETER, `$1${SUBJECT_PLACEHOLDER}`);
  return q < 0 ? path : path + url.slice(q).replace(QUERY_PARAMETER, `$1${SUBJECT_PLACEHOLDER}`);
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
