/**
 * Service analytics: one view per Salesforce Service Analytics dashboard the seed report names (service
 * manager overview, agent performance, customer satisfaction, backlog, channel review, knowledge impact,
 * omni-channel, telephony and chat), plus the cases list that leads to each case's agent sidebar.
 */
import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { AppNavLink } from '../../components/app-link.js';

export const SERVICE_VIEWS: readonly { to: string; label: string; end?: boolean }[] = [
  { to: '/service', label: 'Manager overview', end: true },
  { to: '/service/agents', label: 'Agent performance' },
  { to: '/service/satisfaction', label: 'Customer satisfaction' },
  { to: '/service/backlog', label: 'Backlog' },
  { to: '/service/channels', label: 'Channel review' },
  { to: '/service/knowledge', label: 'Knowledge impact' },
  { to: '/service/omni-channel', label: 'Omni-channel' },
  { to: '/service/telephony-chat', label: 'Telephony & chat' },
  { to: '/service/cases', label: 'Cases' },
];

export function ServiceLayout() {
  const { pathname } = useLocation();
  const tabs = useRef<HTMLUListElement>(null);
  // On a phone the tabs scroll sideways: bring the current one into view.
  useEffect(() => {
    const list = tabs.current;
    const active = list?.querySelector('a.active');
    if (list && active)
      list.scrollLeft += active.getBoundingClientRect().left - list.getBoundingClientRect().left - 12;
  }, [pathname]);
  return (
    <>
      <nav aria-label="Service views">
        <ul className="tabs" ref={tabs}>
          {SERVICE_VIEWS.map((v) => (
            <li key={v.to}>
              <AppNavLink to={v.to} {...(v.end ? { end: true } : {})}>
                {v.label}
              </AppNavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
