// App shell: Polaris provider, frame with navigation, the billing warning (at the levels of contracts/billing.ts billingWarningLevels) above every page,
// and the page for the current path.
// Embedded in the Shopify admin (App Bridge loaded), the admin's sidebar shows our menu via <ui-nav-menu>;
// standalone (local mode), Polaris' own Navigation does.
import { NavMenu } from '@shopify/app-bridge-react';
import { AppProvider, Frame, Navigation } from '@shopify/polaris';
import en from '@shopify/polaris/locales/en.json';
import { Suspense, useState } from 'react';
import { appBridge } from './api/app-bridge.js';
import { BillingWarning } from './billing/billing-warning.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { PageSkeleton } from './routing/page-skeleton.js';
import { RouterLink } from './routing/router-link.js';
import { usePathname } from './routing/router.js';
import { findRoute, isNavSelected, navRoutes } from './routing/routes.js';

function AppNavigation({ pathname }: { pathname: string }) {
  return (
    <Navigation location={pathname}>
      <Navigation.Section
        items={navRoutes.map((route) => ({
          url: route.path,
          label: route.label,
          selected: isNavSelected(route, pathname),
        }))}
      />
    </Navigation>
  );
}

function AdminNavMenu() {
  return (
    <NavMenu>
      <a href="/" rel="home">
        Home
      </a>
      {navRoutes
        .filter((route) => route.path !== '/')
        .map((route) => (
          <a key={route.path} href={route.path}>
            {route.label}
          </a>
        ))}
    </NavMenu>
  );
}

export function App() {
  const pathname = usePathname();
  const [embedded] = useState(() => appBridge() !== undefined);

  const route = findRoute(pathname);
  const PageComponent = route?.component ?? NotFoundPage;

  return (
    <AppProvider i18n={en} linkComponent={RouterLink}>
      {embedded && <AdminNavMenu />}
      <Frame navigation={embedded ? undefined : <AppNavigation pathname={pathname} />}>
        <BillingWarning pathname={pathname} />
        <Suspense fallback={<PageSkeleton title={route?.label} />}>
          <PageComponent />
        </Suspense>
      </Frame>
    </AppProvider>
  );
}
