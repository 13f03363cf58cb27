import { ConfigError, loadConfig, redactUrl } from './config.js';

describe('loadConfig', () => {
  it('has working defaults with no settings', () => {
    const config = loadConfig({}, '/srv/warden');
    expect(config).toEqual(
      expect.objectContaining({
        port: 3000,
        dataDir: '/srv/warden/.warden',
        databaseUrl: undefined,
        redisUrl: undefined,
        databaseAppRole: 'warden_app',
        bodyLimitBytes: 1024 * 1024,
        logLevel: 'info',
        serverTiming: false,
      }),
    );
  });

  it('reads every setting', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'postgres://u:p@db:5432/warden',
        REDIS_URL: 'redis://cache:6379',
        WARDEN_DATA_DIR: '/data',
        WARDEN_ADMIN_KEY: 'wdn_0123456789abcdefghijklmnop',
        BODY_LIMIT_BYTES: '2048',
        RATE_LIMIT_PER_MINUTE: '10',
        LOG_LEVEL: 'warn',
        DATABASE_APP_ROLE: '',
        SERVER_TIMING: 'true',
      },
      '/x',
    );
    expect(config).toEqual(
      expect.objectContaining({
        port: 8080,
        databaseUrl: 'postgres://u:p@db:5432/warden',
        redisUrl: 'redis://cache:6379',
        dataDir: '/data',
        adminKey: 'wdn_0123456789abcdefghijklmnop',
        bodyLimitBytes: 2048,
        rateLimitPerMinute: 10,
        logLevel: 'warn',
        databaseAppRole: undefined,
        serverTiming: true,
      }),
    );
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535'],
    [{ PORT: '-1' }, 'PORT must be an integer'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a URL (postgres or postgresql)'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL must be a URL (redis or rediss)'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES must be an integer from 1024'],
    [{ WARDEN_ADMIN_KEY: 'short' }, 'WARDEN_ADMIN_KEY must be 24 to 128 characters'],
    [{ DATABASE_APP_ROLE: 'Bad-Role' }, 'DATABASE_APP_ROLE must be a lower-case Postgres role name'],
    [{ WARDEN_PUBLIC_URL: 'ftp://warden.example' }, 'WARDEN_PUBLIC_URL must be a URL (http or https)'],
    [{ PROTECTED_ATTRIBUTES: 'sex, age band' }, 'PROTECTED_ATTRIBUTES must be a comma-separated list of attribute names'],
    [{ RETENTION_INTERVAL_MS: '10' }, 'RETENTION_INTERVAL_MS must be an integer from 1000'],
    [{ SERVER_TIMING: 'yes' }, 'SERVER_TIMING must be true or false (or 1 or 0) (got "yes")'],
  ])('stops on %p with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    [{}, 'http://localhost:3000', ['sex', 'ageBand', 'ethnicity', 'race', 'disability']],
    [{ PORT: '8080', PROTECTED_ATTRIBUTES: 'sex, sex,religion' }, 'http://localhost:8080', ['sex', 'religion']],
    [{ WARDEN_PUBLIC_URL: 'https://warden.example/' }, 'https://warden.example', ['sex', 'ageBand', 'ethnicity', 'race', 'disability']],
  ])('reads the consent settings from %p', (env, publicUrl, protectedAttributes) => {
    expect(loadConfig(env)).toEqual(expect.objectContaining({ publicUrl, protectedAttributes }));
  });

  it('never echoes a password or an admin key', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(/user:\*\*\*@/);
    expect(() => loadConfig({ WARDEN_ADMIN_KEY: 'has spaces in it but long enough' })).not.toThrow(/has spaces/);
    expect(redactUrl('postgres://u:secret@h:5432/d')).toBe('postgres://u:***@h:5432/d');
  });
});
