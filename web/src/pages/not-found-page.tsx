/** Any path the dashboard does not know. */
import { AppLink } from '../components/app-link.js';
import { Page } from '../components/page.js';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>
        There is no such page. <AppLink to="/">Go to the overview</AppLink>.
      </p>
    </Page>
  );
}
