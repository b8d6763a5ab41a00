import { BrowserRouter, Route, Routes } from 'react-router';
import { AuthProvider } from './auth.js';
import { Layout } from './components/Layout.js';
import { RequireAuth } from './components/RequireAuth.js';
import { LoginPage } from './pages/LoginPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { CommunesView } from './pages/units/CommunesView.js';
import { ConvertView } from './pages/units/ConvertView.js';
import { ProvincesView } from './pages/units/ProvincesView.js';
import { SearchView } from './pages/units/SearchView.js';
import { UnitsPage } from './pages/units/UnitsPage.js';

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <Layout />
              </RequireAuth>
            }
          >
            <Route index element={<OverviewPage />} />
            <Route path="units" element={<UnitsPage />}>
              <Route index element={<ProvincesView />} />
              <Route path="provinces/:code" element={<CommunesView />} />
              <Route path="search" element={<SearchView />} />
              <Route path="convert" element={<ConvertView />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
