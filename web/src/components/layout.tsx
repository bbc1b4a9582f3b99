/**
 * The frame around every page: skip link, the brand, the navigation (a menu button below 900 px), and the
 * global period picker and segment filter, whose values live in the URL and follow the user between pages.
 */
import { useId, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { signOut } from '../auth/api-key.js';
import { useDefaultPeriod } from '../api/queries.js';
import { humanize, monthShortYear } from '../lib/format.js';
import { recentMonths } from '../lib/periods.js';
import { SEGMENT_OPTIONS, useGlobalFilters, usePageParams } from '../lib/url-state.js';
import { AppLink, AppNavLink } from './app-link.js';

const NAV: readonly { to: string; label: string; end?: boolean }[] = [
  { to: '/', label: 'Overview', end: true },
  { to: '/lifecycle', label: 'Lifecycle' },
  { to: '/accounts', label: 'Accounts' },
  { to: '/service', label: 'Service' },
  { to: '/benchmarks', label: 'Benchmarks' },
  { to: '/capacity', label: 'Capacity' },
  { to: '/maturity', label: 'Maturity' },
];

/** How many months the period picker offers, newest first. */
const PICKER_MONTHS = 24;

function PeriodPicker() {
  const id = useId();
  const latest = useDefaultPeriod();
  const { period } = useGlobalFilters();
  const [, update] = usePageParams();
  const months = latest.data ? recentMonths(latest.data, PICKER_MONTHS) : [];
  if (period && !months.includes(period)) months.push(period);
  return (
    <div className="field">
      <label htmlFor={id}>Period</label>
      <select
        id={id}
        value={period ?? latest.data ?? ''}
        disabled={!latest.data}
        onChange={(e) => update({ period: e.target.value === latest.data ? null : e.target.value })}
      >
        {!latest.data && <option value="">{latest.isError ? 'unavailable' : 'Loading…'}</option>}
        {months.map((m) => (
          <option key={m} value={m}>
            {monthShortYear(m)}
            {m === latest.data ? ' (latest)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

function SegmentFilter() {
  const id = useId();
  const { segment } = useGlobalFilters();
  const [, update] = usePageParams();
  return (
    <div className="field">
      <label htmlFor={id}>Segment</label>
      <select id={id} value={segment ?? ''} onChange={(e) => update({ segment: e.target.value || null })}>
        <option value="">All segments</option>
        {SEGMENT_OPTIONS.map((s) => (
          <option key={s} value={s}>
            {humanize(s)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  // The menu closes when the page changes: it is open only for the page it was opened on.
  const [menu, setMenu] = useState({ open: false, path: pathname });
  const menuOpen = menu.open && menu.path === pathname;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="top-row">
          <AppLink to="/" className="brand" aria-label="Keel overview">
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path d="M3 15h18l-3 5H6z M12 3v11 M12 4l6 8h-6" fill="currentColor" stroke="currentColor" />
            </svg>
            Keel
          </AppLink>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenu({ open: !menuOpen, path: pathname })}
          >
            Menu
          </button>
          <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : undefined}>
            <ul>
              {NAV.map((n) => (
                <li key={n.to}>
                  <AppNavLink to={n.to} {...(n.end ? { end: true } : {})}>
                    {n.label}
                  </AppNavLink>
                </li>
              ))}
              <li className="nav-sign-out">
                <button type="button" className="link-button" onClick={() => signOut()}>
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
          <div className="filters" role="group" aria-label="Period and segment">
            <PeriodPicker />
            <SegmentFilter />
            <button type="button" className="link-button sign-out" onClick={() => signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main">{children}</main>
      <footer className="foot">
        Keel · every figure is also on the command line (<code>keel metrics</code>) and in the{' '}
        <a href="/docs">API</a>
      </footer>
    </>
  );
}
