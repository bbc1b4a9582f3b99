/**
 * Maturity: the customer-success maturity phase (the seed's four phases) from evidence in the data — each
 * criterion with its measure, value, threshold and evidence — the trailing-12-month NRR against each phase's
 * benchmark, what the next phase needs, and what Keel cannot assess from data.
 */
import { useApi } from '../api/queries.js';
import type { Maturity } from '../api/types.js';
import { Chart } from '../components/chart.js';
import { barOption, palette } from '../components/chart-options.js';
import { Page, Panel } from '../components/page.js';
import { Async, Empty } from '../components/states.js';
import { count, date, percent } from '../lib/format.js';
import { useGlobalFilters } from '../lib/url-state.js';

/** The seed report's phases and the NRR each typically shows. */
const PHASES = [
  { number: 1, name: 'Reactive', nrr: 0.9 },
  { number: 2, name: 'Insights & Actions', nrr: 0.93 },
  { number: 3, name: 'Outcomes', nrr: 0.97 },
  { number: 4, name: 'Transformation', nrr: 1.08 },
];

type Criterion = Maturity['criteria'][number];
const shown = (c: { unit: 'share' | 'count' }, v: number | null) =>
  c.unit === 'share' ? percent(v, 0) : count(v);

function MaturityView({ m }: { m: Maturity }) {
  const p = palette();
  const byPhase = PHASES.map((ph) => ({
    ...ph,
    criteria: m.criteria.filter((c: Criterion) => c.phase === ph.number),
  }));
  return (
    <>
      <div className="grid-1-2">
        <Panel title="Phase" id="phase">
          <ol className="phases" aria-label="Maturity phases">
            {PHASES.map((ph) => (
              <li
                key={ph.number}
                className={
                  ph.number < m.phase.number ? 'done' : ph.number === m.phase.number ? 'current' : undefined
                }
                aria-current={ph.number === m.phase.number ? 'step' : undefined}
                title={ph.name}
              >
                {ph.number}
              </li>
            ))}
          </ol>
          <p className="phase-name">
            Phase {m.phase.number}: <strong>{m.phase.name}</strong>
          </p>
          <p>
            The highest phase whose criteria, and every lower phase’s, are all met. Trailing-12-month NRR is{' '}
            <strong className="num">{percent(m.nrr.value)}</strong> ({date(m.nrr.period.start)} to{' '}
            {date(m.nrr.period.end)}, {count(m.nrr.n)} accounts),{' '}
            {m.nrr.vsPhaseBenchmark !== null && m.nrr.vsPhaseBenchmark < 0 ? 'below' : 'at or above'} this
            phase’s ~{percent(m.phase.nrrBenchmark, 0)}.
          </p>
          {m.nextPhase ? (
            <>
              <h3>
                Phase {m.nextPhase.number} ({m.nextPhase.name}) needs
              </h3>
              <ul className="needs">
                {m.nextPhase.needs.map((n) => (
                  <li key={n.id}>
                    <strong>{n.name}</strong>: {n.action} (now {shown(n, n.value)}, needs{' '}
                    {shown(n, n.threshold)})
                  </li>
                ))}
                {m.nextPhase.nrrGap !== null && m.nextPhase.nrrGap > 0 && (
                  <li>
                    NRR {percent(m.nextPhase.nrrGap)} higher, to ~{percent(m.nextPhase.nrrBenchmark, 0)}
                  </li>
                )}
              </ul>
            </>
          ) : (
            <p className="note">This is the highest phase.</p>
          )}
        </Panel>
        <Panel title="NRR against the phase benchmarks" id="nrr">
          <Chart
            height={240}
            option={barOption(
              [
                ...PHASES.map((ph) => ({
                  label: `${ph.number}. ${ph.name}`,
                  value: ph.nrr,
                  color: ph.number === m.phase.number ? p.accent : p.none,
                })),
                { label: 'Your NRR', value: m.nrr.value, color: p['accent-2'] },
              ],
              'ratio',
            )}
            label={`Typical NRR per phase: ${PHASES.map((ph) => `${ph.name} ${percent(ph.nrr, 0)}`).join(', ')}; yours ${percent(m.nrr.value)}`}
          />
        </Panel>
      </div>
      {byPhase
        .filter((ph) => ph.criteria.length > 0)
        .map((ph) => (
          <Panel
            key={ph.number}
            title={`Phase ${ph.number} · ${ph.name}`}
            id={`phase-${ph.number}`}
            aside={`${ph.criteria.filter((c) => c.met).length} of ${ph.criteria.length} met`}
          >
            <div
              className="table-wrap collapsible"
              role="region"
              aria-label={`Phase ${ph.number} criteria`}
              tabIndex={0}
            >
              <table>
                <thead>
                  <tr>
                    <th scope="col">Criterion</th>
                    <th scope="col" className="num">
                      Value
                    </th>
                    <th scope="col" className="num">
                      Needs
                    </th>
                    <th scope="col">Met</th>
                    <th scope="col">Evidence</th>
                  </tr>
                </thead>
                <tbody>
                  {ph.criteria.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        {c.name}
                        <span className="sub">{c.label}</span>
                      </th>
                      <td className="num" data-label="Value">
                        {shown(c, c.value)}
                      </td>
                      <td className="num" data-label="Needs">
                        {shown(c, c.threshold)}
                      </td>
                      <td data-label="Met">
                        {c.met ? (
                          <span className="met">✓ met</span>
                        ) : (
                          <span className="unmet">✗ not met</span>
                        )}
                      </td>
                      <td data-label="Evidence">
                        {c.evidence}
                        <span className="sub">{c.measure}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
        ))}
      <Panel title="Not assessed from data" id="not-assessed">
        {m.notAssessed.length === 0 ? (
          <Empty>Everything is assessed.</Empty>
        ) : (
          <ul className="needs">
            {m.notAssessed.map((n) => (
              <li key={`${n.phase}-${n.characteristic}`}>
                Phase {n.phase}: {n.characteristic}
              </li>
            ))}
          </ul>
        )}
        <p className="note">{m.source}</p>
      </Panel>
    </>
  );
}

export function MaturityPage() {
  const { asOf } = useGlobalFilters();
  const maturity = useApi<Maturity>('/api/maturity', { asOf });
  return (
    <Page
      title="Maturity"
      intro={
        <>
          Where customer success stands on the seed report’s four-phase maturity model, on{' '}
          {maturity.data ? date(maturity.data.asOf) : 'the period’s end'} (company-wide).
        </>
      }
    >
      <Async query={maturity} what="the maturity assessment" rows={4}>
        {(m) => <MaturityView m={m} />}
      </Async>
    </Page>
  );
}
