import { BrowserRouter, Route, Routes } from 'react-router';
import { AuthProvider } from './auth.js';
import { Layout } from './components/Layout.js';
import { RequireAuth } from './components/RequireAuth.js';
import { LoginPage } from './pages/LoginPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { HouseholdPage } from './pages/households/HouseholdPage.js';
import { HouseholdsPage } from './pages/households/HouseholdsPage.js';
import { BirthPage } from './pages/people/BirthPage.js';
import { DeathPage, PersonDeathView } from './pages/people/DeathForm.js';
import { PeopleSearchPage } from './pages/people/PeopleSearchPage.js';
import { PersonEditView } from './pages/people/PersonEditView.js';
import { PersonHistoryView } from './pages/people/PersonHistoryView.js';
import { PersonOverview } from './pages/people/PersonOverview.js';
import { PersonPage } from './pages/people/PersonPage.js';
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
            <Route path="people" element={<PeopleSearchPage />} />
            <Route path="people/new/birth" element={<BirthPage />} />
            <Route path="people/new/death" element={<DeathPage />} />
            <Route path="people/:pin" element={<PersonPage />}>
              <Route index element={<PersonOverview />} />
              <Route path="history" element={<PersonHistoryView />} />
              <Route path="edit" element={<PersonEditView />} />
              <Route path="death" element={<PersonDeathView />} />
            </Route>
            <Route path="households" element={<HouseholdsPage />} />
            <Route path="households/:householdNo" element={<HouseholdPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
