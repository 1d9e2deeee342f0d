import pg from 'pg';

export interface TableFingerprint {
  rows: number;
  /** md5 over every row's text form, in a stable order. */
  checksum: string;
}

/** Row count and content checksum of every table outside the system schemas. */
export async function fingerprintTables(
  databaseUrl: string,
): Promise<Record<string, TableFingerprint>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%'
        ORDER BY 1, 2`,
    );
    const result: Record<string, TableFingerprint> = {};
    for (const { schema, name } of tables) {
      const table = `"${schema}"."${name}"`;
      const { rows } = await client.query<{ rows: string; checksum: string }>(
        `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS checksum
           FROM ${table} t`,
      );
      result[`${schema}.${name}`] = { rows: Number(rows[0].rows), checksum: rows[0].checksum };
    }
    return result;
  } finally {
    await client.end();
  }
}
