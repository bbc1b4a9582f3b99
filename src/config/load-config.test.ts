import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

describe('loadConfig: tracking settings', () => {
  it('leaves the rate limit and feature map unset by default, for the tracking layer’s defaults', () => {
    expect(loadConfig({ db: 'w.duckdb' }, {}).tracking).toEqual({});
  });

  it('takes a rate with a burst of twice it, or the burst given', () => {
    expect(loadConfig({ trackingRate: '50' }, {}).tracking.rateLimit).toEqual({ perSecond: 50, burst: 100 });
    expect(loadConfig({ trackingRate: '0.5' }, {}).tracking.rateLimit).toEqual({ perSecond: 0.5, burst: 1 });
    expect(loadConfig({ trackingRate: '5', trackingBurst: '7' }, {}).tracking.rateLimit).toEqual({
      perSecond: 5,
      burst: 7,
    });
  });

  it('reads KEEL_TRACKING_RATE, KEEL_TRACKING_BURST and KEEL_FEATURE_MAP; flags win', () => {
    const env = { KEEL_TRACKING_RATE: '10', KEEL_TRACKING_BURST: '3', KEEL_FEATURE_MAP: 'env-map.json' };
    expect(loadConfig({}, env).tracking).toEqual({
      rateLimit: { perSecond: 10, burst: 3 },
      featureMap: resolve('env-map.json'),
    });
    expect(loadConfig({ trackingRate: '20', featureMap: 'flag-map.json' }, env).tracking).toEqual({
      rateLimit: { perSecond: 20, burst: 3 },
      featureMap: resolve('flag-map.json'),
    });
  });

  it('refuses a rate or burst that is not a plain positive number, naming the flag', () => {
    for (const rate of ['abc', '0', '-3', '', '1e3', '12 per second'])
      expect(() => loadConfig({ trackingRate: rate }, {}), rate).toThrow(
        'tracking.rateLimit.perSecond: requests per second per write key (--tracking-rate) must be a number above 0',
      );
    for (const burst of ['1.5', '0', 'x'])
      expect(() => loadConfig({ trackingRate: '5', trackingBurst: burst }, {}), burst).toThrow(
        'tracking.rateLimit.burst: the burst (--tracking-burst) must be a whole number of requests, at least 1',
      );
    expect(() => loadConfig({ trackingBurst: '4' }, {})).toThrow(
      'a tracking burst (--tracking-burst) needs a rate too (--tracking-rate)',
    );
  });
});
