/**
 * Tier, band, stage and trend marks. Colour always comes with a word or an arrow, so nothing is said by colour
 * alone; the tier and band colours are the CSS variables every chart also uses.
 */
import type { AccountRow, Band, LifecycleStage, Tier } from '../api/types.js';
import { decimal, humanize } from '../lib/format.js';

export const TIERS: readonly Tier[] = ['poor', 'fair', 'good', 'excellent'];
export const BANDS: readonly Band[] = ['critical', 'at_risk', 'healthy'];
export const BAND_LABEL: Record<Band, string> = {
  critical: 'Critical',
  at_risk: 'At risk',
  healthy: 'Healthy',
};

/** `short` says "no tier" instead of "no benchmark" where space is tight (a card says why beneath). */
export function TierBadge({
  tier,
  title,
  short,
}: {
  tier: Tier | null | undefined;
  title?: string;
  short?: boolean;
}) {
  return (
    <span className={`badge tier-${tier ?? 'none'}`} title={title}>
      {tier ?? (short ? 'no tier' : 'no benchmark')}
    </span>
  );
}

export function BandBadge({
  band,
  score,
}: {
  band: Band | string | null | undefined;
  score?: number | null;
}) {
  const known = band === 'critical' || band === 'at_risk' || band === 'healthy';
  return (
    <span className={`badge band-${known ? band : 'none'}`}>
      {score !== undefined && score !== null && <b className="num">{decimal(score)}</b>}
      {known ? BAND_LABEL[band] : 'unscored'}
    </span>
  );
}

export function StageBadge({ stage }: { stage: LifecycleStage | string | null | undefined }) {
  return <span className={`badge stage stage-${stage ?? 'none'}`}>{humanize(stage)}</span>;
}

export function TrendArrow({ trend }: { trend: AccountRow['trend'] }) {
  if (trend.direction === null)
    return (
      <span className="trend trend-none" aria-label="no score 30 days ago">
        ·
      </span>
    );
  const arrow = trend.direction === 'up' ? '↑' : trend.direction === 'down' ? '↓' : '→';
  const delta = trend.delta ?? 0;
  const words =
    trend.direction === 'flat'
      ? `flat (${decimal(delta)} points) over 30 days`
      : `${trend.direction} ${decimal(Math.abs(delta))} points over 30 days`;
  return (
    <span className={`trend trend-${trend.direction}`} aria-label={words} title={words}>
      <span aria-hidden="true">
        {arrow} {delta > 0 ? '+' : delta < 0 ? '−' : ''}
        {decimal(Math.abs(delta))}
      </span>
    </span>
  );
}
