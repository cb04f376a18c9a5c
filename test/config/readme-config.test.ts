import fs from 'node:fs';
import path from 'node:path';
import { alertsEnvSchema } from '../../src/config/alerts';
import { botsEnvSchema } from '../../src/config/bots';
import { serviceEnvSchema } from '../../src/config/service';

describe('the README configuration table', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### Configuration'));
  const keys = [serviceEnvSchema, botsEnvSchema, alertsEnvSchema].flatMap((s) => Object.keys(s.shape));

  it.each(keys)('documents %s', (key) => {
    expect(table).toContain(`\`${key}\``);
  });

  it('documents nothing the configuration does not read', () => {
    const rows = table.split('\n').filter((l) => l.startsWith('| `'));
    const documented = rows.flatMap((r) => [...r.split('|')[1].matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]));
    expect(documented.filter((k) => !keys.includes(k))).toEqual([]);
  });
});
