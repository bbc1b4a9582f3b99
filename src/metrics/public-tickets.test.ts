/**
 * Support metrics on a real public ticket export (the Kaggle customer-support set in ../shared/data), mapped
 * with the documented --map file, against an independent computation from the raw CSV. The set is synthetic
 * and has no creation time (the mapping uses the purchase date), so the numbers mean little; what is checked
 * is that mapping, import and metric SQL reproduce a plain reading of the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { importFiles } from '../ingest/import-files.js';
import { loadImportMapping } from '../ingest/import-mapping.js';
import { percentileCont } from '../test-support/percentile.js';
import { describeEachBackend } from '../test-support/backends.js';
import { computeMetrics } from './compute-metrics.js';
import { parsePeriod } from './period.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const KAGGLE = join(ROOT, '../shared/data/support_tickets_kaggle/customer_support_tickets.csv');
const haveData = existsSync(KAGGLE);

describeEachBackend('support metrics on the public Kaggle ticket export', (ctx) => {
  it.skipIf(!haveData)(
    `match an independent reading of the raw file${haveData ? '' : ' [skipped: ../shared/data is absent]'}`,
    async () => {
      await importFiles(ctx.db, {
        paths: [KAGGLE],
        mapping: await loadImportMapping(join(ROOT, 'docs/examples/kaggle-support-tickets.map.json')),
        rejectsFile: join(ctx.dir, 'r.csv'),
      });
      const raw = parse(readFileSync(KAGGLE, 'utf8'), { columns: true }) as Record<string, string>[];
      // The raw file's times are naive; Keel reads them as UTC, and so does this reading.
      const at = (text: string) =>
        Date.parse(`${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}Z`);
      const channels: Record<string, string> = {
        'Social media': 'social',
        Email: 'email',
        Chat: 'chat',
        Phone: 'phone',
      };

      // 2021 by creation (purchase) date: volume and first-response minutes, overall and by channel.
      const created2021 = raw.filter((r) => (r['Date of Purchase'] ?? '').startsWith('2021'));
      const frt = (rows: typeof raw) =>
        rows
          .filter((r) => r['First Response Time'])
          .map((r) => (at(r['First Response Time'] ?? '') - at(r['Date of Purchase'] ?? '')) / 60_000);
      const year = Object.fromEntries(
        (await computeMetrics(ctx.db, { period: parsePeriod('2021')! })).metrics.map((m) => [m.id, m]),
      );
      expect(year.ticket_volume?.value).toBe(created2021.length);
      expect(year.first_response_time_minutes?.value).toBeCloseTo(percentileCont(frt(created2021), 0.5), 6);
      expect(year.first_response_time_minutes_p90?.value).toBeCloseTo(
        percentileCont(frt(created2021), 0.9),
        6,
      );
      const byChannel = year.first_response_time_minutes?.breakdown as Record<
        string,
        { value: number; n: number }
      >;
      for (const [source, channel] of Object.entries(channels)) {
        const rows = created2021.filter((r) => r['Ticket Channel'] === source);
        expect(byChannel[channel], channel).toMatchObject({ n: frt(rows).length });
        expect(byChannel[channel]?.value, channel).toBeCloseTo(percentileCont(frt(rows), 0.5), 6);
      }

      // June 2023 by resolution time: resolution hours; FCR has no reply counts in this export, so it is null.
      const june = Object.fromEntries(
        (await computeMetrics(ctx.db, { period: parsePeriod('2023-06')! })).metrics.map((m) => [m.id, m]),
      );
      const resolved = raw.filter((r) => (r['Time to Resolution'] ?? '').startsWith('2023-06'));
      const hours = resolved.map(
        (r) => (at(r['Time to Resolution'] ?? '') - at(r['Date of Purchase'] ?? '')) / 3_600_000,
      );
      expect(june.resolution_time_hours).toMatchObject({ n: resolved.length });
      expect(june.resolution_time_hours?.value).toBeCloseTo(percentileCont(hours, 0.5), 6);
      expect(june.resolution_time_hours_mean?.value).toBeCloseTo(
        hours.reduce((a, b) => a + b, 0) / hours.length,
        6,
      );
      expect(june.first_contact_resolution_rate?.value).toBeNull();
      // Backlog on 2023-07-01: every ticket without a resolution time (all were created before).
      expect(june.backlog?.value).toBe(raw.filter((r) => !r['Time to Resolution']).length);
    },
  );
});
