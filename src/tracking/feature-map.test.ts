import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFeatureMap } from './feature-map.js';

async function mapFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'keel-map-')), 'features.json');
  await writeFile(path, text);
  return path;
}

describe('loadFeatureMap', () => {
  it('reads event name → feature, trimming the feature', async () => {
    const path = await mapFile('{"Report Run": "reports", "Pricing": " billing "}');
    expect(await loadFeatureMap(path)).toEqual({ 'Report Run': 'reports', Pricing: 'billing' });
  });

  it('refuses a file that is missing, not JSON or not one object, naming the file', async () => {
    await expect(loadFeatureMap('/nonexistent/map.json')).rejects.toThrow(
      'feature map /nonexistent/map.json does not exist',
    );
    const broken = await mapFile('{"a": ');
    await expect(loadFeatureMap(broken)).rejects.toThrow(`feature map ${broken} is not valid JSON`);
    for (const text of ['["reports"]', '"reports"', 'null']) {
      const path = await mapFile(text);
      await expect(loadFeatureMap(path), text).rejects.toThrow(
        `feature map ${path} must be one JSON object of event name → feature key`,
      );
    }
  });

  it('names each event whose feature is empty or not text', async () => {
    const path = await mapFile('{"ok": "reports", "Report Run": "  ", "Export": 3, "": "x"}');
    const error = await loadFeatureMap(path).catch((e: unknown) => e);
    expect(String(error)).toContain(`feature map ${path} is invalid:`);
    expect(String(error)).toContain('"Report Run": the feature cannot be empty');
    expect(String(error)).toContain('"Export": the feature must be text');
    expect(String(error)).toContain('"": an event name cannot be empty');
    expect(String(error)).not.toContain('"ok"');
  });
});
