/** Links that keep the global period and segment, so moving between pages never loses the user's context. */
import type { ReactNode } from 'react';
import { Link, NavLink, useSearchParams } from 'react-router';
import { withGlobal } from '../lib/url-state.js';

type Params = Record<string, string | number | null | undefined>;

export function useLinkTo(): (path: string, params?: Params) => string {
  const [current] = useSearchParams();
  return (path, params) => withGlobal(path, current, params);
}

export function AppLink({
  to,
  params,
  className,
  children,
  ...rest
}: {
  to: string;
  params?: Params;
  className?: string;
  children: ReactNode;
  'aria-label'?: string;
}) {
  const linkTo = useLinkTo();
  return (
    <Link to={linkTo(to, params)} className={className} {...rest}>
      {children}
    </Link>
  );
}

export function AppNavLink({ to, end, children }: { to: string; end?: boolean; children: ReactNode }) {
  const linkTo = useLinkTo();
  return (
    <NavLink
      to={linkTo(to)}
      end={end ?? false}
      className={({ isActive }) => (isActive ? 'active' : undefined)}
    >
      {children}
    </NavLink>
  );
}
