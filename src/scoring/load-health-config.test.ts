import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_SCORECARDS, loadHealthConfig } from './compute-health.js';

it('loads the shipped scorecards and refuses broken files with a usage error naming the file and reason', async () => {
  const shipped = await loadHealthConfig();
  expect(shipped.scorecards.map((s) => s.id)).toEqual(['onboarding', 'high_touch', 'digital', 'mature']);
  const dir = await mkdtemp(join(tmpdir(), 'keel-scorecards-'));
  const write = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };
  await expect(loadHealthConfig(join(dir, 'none.json'))).rejects.toMatchObject({
    code: 'usage',
    message: `health config ${join(dir, 'none.json')} does not exist`,
  });
  await expect(loadHealthConfig(await write('bad.json', '{'))).rejects.toThrow(/bad\.json is not valid JSON/);
  await expect(loadHealthConfig(await write('shape.json', '{"version": 1}'))).rejects.toThrow(
    /shape\.json is invalid: version: .*string/,
  );
  const unknown = JSON.parse(await readFile(DEFAULT_SCORECARDS, 'utf8')) as {
    scorecards: { measures: { measure: string }[] }[];
  };
  const first = unknown.scorecards[0]?.measures[0];
  if (first) first.measure = 'vibes';
  await expect(loadHealthConfig(await write('unknown.json', JSON.stringify(unknown)))).rejects.toMatchObject({
    code: 'usage',
    message: expect.stringMatching(/names unknown measures: onboarding\.vibes$/) as unknown,
  });
});
