import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupFileName, pruneBackups } from './database-backup';

describe('backup files', () => {
  it('are named by database and UTC second, so they sort by time', () => {
    expect(backupFileName('marketplace', new Date('2026-11-25T06:30:05.123Z'))).toBe(
      'backup-marketplace-20261125T063005Z.dump',
    );
    expect(backupFileName('odd name/"x"', new Date(0))).toBe(
      'backup-odd_name__x_-19700101T000000Z.dump',
    );
  });

  it('retention keeps the newest of one database and touches nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abnb-prune-'));
    try {
      const files = [
        'backup-app-20261101T000000Z.dump',
        'backup-app-20261102T000000Z.dump',
        'backup-app-20261103T000000Z.dump',
        'backup-app-eu-20261101T000000Z.dump',
        'backup-app-20261104T000000Z.dump.partial',
        'notes.txt',
      ];
      for (const f of files) writeFileSync(join(dir, f), '');
      expect(await pruneBackups(dir, 'app', 2)).toEqual(['backup-app-20261101T000000Z.dump']);
      expect(readdirSync(dir).sort()).toEqual(files.slice(1).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
