/** `describe` for suites that need real Redis: skipped, with the reason in the name, when there is none. */
export function describeWithRedis(name: string, body: (url: string) => void): void {
  const url = process.env.WARDEN_TEST_REDIS_URL;
  if (url) {
    describe(name, () => body(url));
  } else {
    describe.skip(`${name} [skipped: ${process.env.WARDEN_TEST_REDIS_SKIP}]`, () => body(''));
  }
}
