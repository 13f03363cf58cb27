import { readFileSync } from 'node:fs';
import type { Db } from './db.js';

export interface PrivateKeySource {
  /** A PEM file configured by the operator; when set, the database is not consulted. */
  file?: string | null;
  /** The key's name in `platform_secrets`. */
  name: string;
  /** Makes a new key's PEM, for the first instance that finds none stored. */
  generate: () => string;
  /** Told when this call stored a key it generated. */
  onGenerated: () => void;
}

/**
 * A private key's PEM: from the configured file; otherwise kept in the database, generated once by
 * whichever instance asks first, so that every instance signs with the same key.
 */
export async function privateKeyPem(db: Db, source: PrivateKeySource): Promise<string> {
  if (source.file) return readFileSync(source.file, 'utf8');
  return db.platform(async () => {
    const stored = () => db.manager.query(`SELECT material FROM platform_secrets WHERE name = $1`, [source.name]) as Promise<{ material: Buffer }[]>;
    const [found] = await stored();
    if (found) return found.material.toString('utf8');
    // None yet: store one; of instances racing here the first insert wins and all read it back.
    const inserted = await db.manager.query(`INSERT INTO platform_secrets (name, material) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name`, [
      source.name,
      Buffer.from(source.generate(), 'utf8'),
    ]);
    if (inserted.length) source.onGenerated();
    const [row] = await stored();
    return row.material.toString('utf8');
  });
}
