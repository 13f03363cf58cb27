import pg from 'pg';

export default async function globalTeardown() {
  const serverUrl = process.env.WARDEN_TEST_SERVER_URL;
  const name = process.env.WARDEN_TEST_DATABASE;
  if (serverUrl && name) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  await globalThis.__wardenEmbedded?.stop();
}
