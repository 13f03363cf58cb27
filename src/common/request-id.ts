const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The caller's own request id (`x-request-id`), when Warden may adopt it: only a UUID. The id is
 * echoed in every answer and written on every log line of the request, and a free-form one is made
 * of whatever the caller had at hand — a customer's name run into a card number
 * ("JanaNovak-4111111111111111") is as good a token as any — which no shape short of a UUID rules
 * out. For anything else the caller gets an id Warden makes.
 */
export function callerRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && UUID.test(header) ? header : undefined;
}
