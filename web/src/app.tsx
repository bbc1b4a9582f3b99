/**
 * The app: the sign-in screen while there is no key, otherwise the router with one lazily loaded module per
 * page (a page's code and charts load when it is first visited). A page that throws while rendering shows an
 * error in place of the page, not a blank screen.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { Component, lazy, Suspense, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { createQueryClient } from './api/queries.js';
import { authStore } from './auth/api-key.js';
import { SignInPage } from './auth/sign-in-page.js';
import { Layout } from './components/layout.js';
import { ErrorState, Loading } from './components/states.js';

const page = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const OverviewPage = page(() => import('./pages/overview-page.js'), 'OverviewPage');
const LifecyclePage = page(() => import('./pages/lifecycle-page.js'), 'LifecyclePage');
const AccountsPage = page(() => import('./pages/accounts-page.js'), 'AccountsPage');
const AccountPage = page(() => import('./pages/account-page.js'), 'AccountPage');
const BenchmarksPage = page(() => import('./pages/benchmarks-page.js'), 'BenchmarksPage');
const CapacityPage = page(() => import('./pages/capacity-page.js'), 'CapacityPage');
const MaturityPage = page(() => import('./pages/maturity-page.js'), 'MaturityPage');
const NotFoundPage = page(() => import('./pages/not-found-page.js'), 'NotFoundPage');
const ServiceLayout = page(() => import('./pages/service/service-layout.js'), 'ServiceLayout');
const ManagerPage = page(() => import('./pages/service/manager-page.js'), 'ManagerPage');
const AgentsPage = page(() => import('./pages/service/agents-page.js'), 'AgentsPage');
const SatisfactionPage = page(() => import('./pages/service/satisfaction-page.js'), 'SatisfactionPage');
const BacklogPage = page(() => import('./pages/service/backlog-page.js'), 'BacklogPage');
const ChannelsPage = page(() => import('./pages/service/channels-page.js'), 'ChannelsPage');
const KnowledgePage = page(() => import('./pages/service/knowledge-page.js'), 'KnowledgePage');
const OmniChannelPage = page(() => import('./pages/service/omni-channel-page.js'), 'OmniChannelPage');
const TelephonyChatPage = page(() => import('./pages/service/telephony-chat-page.js'), 'TelephonyChatPage');
const CasesPage = page(() => import('./pages/service/cases-page.js'), 'CasesPage');
const CasePage = page(() => import('./pages/service/case-page.js'), 'CasePage');

class PageBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error ? <ErrorState error={this.state.error} /> : this.props.children;
  }
}

function AppRoutes() {
  const { pathname } = useLocation();
  return (
    <Layout>
      {/* Keyed by path: an error on one page is forgotten on the next. */}
      <PageBoundary key={pathname}>
        <Suspense fallback={<Loading what="the page" />}>
          <Routes>
            <Route index element={<OverviewPage />} />
            <Route path="lifecycle" element={<LifecyclePage />} />
            <Route path="accounts" element={<AccountsPage />} />
            <Route path="accounts/:id" element={<AccountPage />} />
            <Route path="service" element={<ServiceLayout />}>
              <Route index element={<ManagerPage />} />
              <Route path="agents" element={<AgentsPage />} />
              <Route path="satisfaction" element={<SatisfactionPage />} />
              <Route path="backlog" element={<BacklogPage />} />
              <Route path="channels" element={<ChannelsPage />} />
              <Route path="knowledge" element={<KnowledgePage />} />
              <Route path="omni-channel" element={<OmniChannelPage />} />
              <Route path="telephony-chat" element={<TelephonyChatPage />} />
              <Route path="cases" element={<CasesPage />} />
              <Route path="cases/:id" element={<CasePage />} />
            </Route>
            <Route path="benchmarks" element={<BenchmarksPage />} />
            <Route path="capacity" element={<CapacityPage />} />
            <Route path="maturity" element={<MaturityPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </PageBoundary>
    </Layout>
  );
}

export function App() {
  const auth = useSyncExternalStore(authStore.subscribe, authStore.get);
  const [client] = useState(createQueryClient);
  // Another key may see other things: nothing cached under the old key survives a sign-out.
  useEffect(() => {
    if (!auth.key) client.clear();
  }, [auth.key, client]);
  if (!auth.key) return <SignInPage notice={auth.notice} />;
  return (
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  );
}
