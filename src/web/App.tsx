import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { AuthProvider } from './auth.js';
import { Layout } from './components/Layout.js';
import { RequireAuth } from './components/RequireAuth.js';
import { DevMessagesPage } from './pages/DevMessagesPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { AccessPage } from './portal/AccessPage.js';
import { ActivatePage } from './portal/ActivatePage.js';
import { ActivityPage } from './portal/ActivityPage.js';
import { ChildrenPage } from './portal/ChildrenPage.js';
import { ConsentsPage } from './portal/ConsentsPage.js';
import { DossierPage as PortalDossierPage, MyDossiersPage } from './portal/DossiersPage.js';
import { FilingPage, ProceduresPage } from './portal/ProceduresPage.js';
import { CitizenAuthProvider } from './portal/citizen-auth.js';
import { EnrolPage } from './portal/EnrolPage.js';
import { InteractionPage } from './portal/InteractionPage.js';
import { MyDataPage } from './portal/MyDataPage.js';
import { PortalLayout, RequireCitizen } from './portal/PortalLayout.js';
import { PortalLoginPage } from './portal/PortalLoginPage.js';
import { SecurityPage } from './portal/SecurityPage.js';
import { PortalCt07Page } from './pages/ct07/PortalCt07Page.js';
import { VerifyCt07Page } from './pages/ct07/VerifyCt07Page.js';
import { MyCardPage } from './portal/MyCardPage.js';
import { lazyPage, PageSuspense } from './lazy-page.js';

// The officer console's pages (portal and public pages stay in the first download).
const OverviewPage = lazyPage(() => import('./pages/OverviewPage.js'), 'OverviewPage');
const AuditPage = lazyPage(() => import('./pages/admin/AuditPage.js'), 'AuditPage');
const OfficersPage = lazyPage(() => import('./pages/admin/OfficersPage.js'), 'OfficersPage');
const ResetPasswordPage = lazyPage(() => import('./pages/admin/ResetPasswordPage.js'), 'ResetPasswordPage');
const OfficerSecurityPage = lazyPage(() => import('./pages/admin/SecurityPage.js'), 'SecurityPage');
const AccountsView = lazyPage(() => import('./pages/eid/AccountsView.js'), 'AccountsView');
const ClientsPage = lazyPage(() => import('./pages/eid/ClientsPage.js'), 'ClientsPage');
const EidPage = lazyPage(() => import('./pages/eid/EidPage.js'), 'EidPage');
const Level2View = lazyPage(() => import('./pages/eid/Level2View.js'), 'Level2View');
const ReviewQueueView = lazyPage(() => import('./pages/eid/ReviewQueueView.js'), 'ReviewQueueView');
const HouseholdPage = lazyPage(() => import('./pages/households/HouseholdPage.js'), 'HouseholdPage');
const HouseholdsPage = lazyPage(() => import('./pages/households/HouseholdsPage.js'), 'HouseholdsPage');
const ListsPage = lazyPage(() => import('./pages/lists/ListsPage.js'), 'ListsPage');
const DossierFiguresPage = lazyPage(
  () => import('./pages/dossiers/DossierFiguresPage.js'),
  'DossierFiguresPage',
);
const DossierPage = lazyPage(() => import('./pages/dossiers/DossierPage.js'), 'DossierPage');
const DossierQueuePage = lazyPage(() => import('./pages/dossiers/DossierQueuePage.js'), 'DossierQueuePage');
const BirthPage = lazyPage(() => import('./pages/people/BirthPage.js'), 'BirthPage');
const DeathPage = lazyPage(() => import('./pages/people/DeathForm.js'), 'DeathPage');
const PersonDeathView = lazyPage(() => import('./pages/people/DeathForm.js'), 'PersonDeathView');
const PeopleSearchPage = lazyPage(() => import('./pages/people/PeopleSearchPage.js'), 'PeopleSearchPage');
const PersonEditView = lazyPage(() => import('./pages/people/PersonEditView.js'), 'PersonEditView');
const PersonHistoryView = lazyPage(() => import('./pages/people/PersonHistoryView.js'), 'PersonHistoryView');
const PersonOverview = lazyPage(() => import('./pages/people/PersonOverview.js'), 'PersonOverview');
const PersonPage = lazyPage(() => import('./pages/people/PersonPage.js'), 'PersonPage');
const CommunesView = lazyPage(() => import('./pages/units/CommunesView.js'), 'CommunesView');
const ConvertView = lazyPage(() => import('./pages/units/ConvertView.js'), 'ConvertView');
const ProvincesView = lazyPage(() => import('./pages/units/ProvincesView.js'), 'ProvincesView');
const SearchView = lazyPage(() => import('./pages/units/SearchView.js'), 'SearchView');
const UnitsPage = lazyPage(() => import('./pages/units/UnitsPage.js'), 'UnitsPage');
const CounterFilingPage = lazyPage(
  () => import('./pages/dossiers/CounterFilingPage.js'),
  'CounterFilingPage',
);
const Ct07DeskPage = lazyPage(() => import('./pages/ct07/Ct07DeskPage.js'), 'Ct07DeskPage');
const AppointmentsView = lazyPage(() => import('./pages/cards/AppointmentsView.js'), 'AppointmentsView');
const CardsPage = lazyPage(() => import('./pages/cards/CardBits.js'), 'CardsPage');
const CardDeskView = lazyPage(() => import('./pages/cards/CardDeskView.js'), 'CardDeskView');
const CardDetailPage = lazyPage(() => import('./pages/cards/CardDetailPage.js'), 'CardDetailPage');
const IntakePage = lazyPage(() => import('./pages/cards/IntakePage.js'), 'IntakePage');
const ProductionView = lazyPage(() => import('./pages/cards/ProductionView.js'), 'ProductionView');
const VerifyCardPage = lazyPage(() => import('./pages/cards/VerifyCardPage.js'), 'VerifyCardPage');
const ComparePage = lazyPage(() => import('./pages/quality/ComparePage.js'), 'ComparePage');
const DuplicatesView = lazyPage(() => import('./pages/quality/DuplicatesView.js'), 'DuplicatesView');
const FindingsView = lazyPage(() => import('./pages/quality/FindingsView.js'), 'FindingsView');
const QualityPage = lazyPage(() => import('./pages/quality/QualityPage.js'), 'QualityPage');
const ReportView = lazyPage(() => import('./pages/quality/ReportView.js'), 'ReportView');
const RunsView = lazyPage(() => import('./pages/quality/RunsView.js'), 'RunsView');

/**
 * Three apps in one bundle (the console's pages in chunks of their own, loaded when first shown): the officer console, the citizen portal (/portal, and a service's
 * e-ID login at /eid/interaction/:uid) and the development outbox. Each signed-in party has its
 * own provider, so the console never asks who the citizen is and the other way round.
 */
export function App() {
  return (
    <BrowserRouter>
      <PageSuspense>
        <Routes>
          <Route
            path="/portal"
            element={
              <CitizenAuthProvider>
                <Outlet />
              </CitizenAuthProvider>
            }
          >
            <Route path="login" element={<PortalLoginPage />} />
            <Route path="enrol" element={<EnrolPage />} />
            <Route path="activate" element={<ActivatePage />} />
            <Route
              element={
                <RequireCitizen>
                  <PortalLayout />
                </RequireCitizen>
              }
            >
              <Route index element={<MyDataPage />} />
              <Route path="access" element={<AccessPage />} />
              <Route path="activity" element={<ActivityPage />} />
              <Route path="security" element={<SecurityPage />} />
              <Route path="children" element={<ChildrenPage />} />
              <Route path="ct07" element={<PortalCt07Page />} />
              <Route path="card" element={<MyCardPage />} />
              <Route path="procedures" element={<ProceduresPage />} />
              <Route path="procedures/:code" element={<FilingPage />} />
              <Route path="dossiers" element={<MyDossiersPage />} />
              <Route path="dossiers/:id" element={<PortalDossierPage />} />
              <Route path="consents" element={<ConsentsPage />} />
              <Route path="*" element={<NotFoundPage home="/portal" />} />
            </Route>
          </Route>
          <Route
            path="/eid/interaction/:uid"
            element={
              <CitizenAuthProvider>
                <InteractionPage />
              </CitizenAuthProvider>
            }
          />
          <Route path="/dev/messages" element={<DevMessagesPage />} />
          <Route path="/xac-minh/ct07" element={<VerifyCt07Page />} />
          <Route
            element={
              <AuthProvider>
                <Outlet />
              </AuthProvider>
            }
          >
            <Route path="/login" element={<LoginPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
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
              <Route path="ct07" element={<Ct07DeskPage />} />
              <Route path="cards" element={<CardsPage />}>
                <Route index element={<CardDeskView />} />
                <Route path="intake/:dossierId" element={<IntakePage />} />
                <Route path="appointments" element={<AppointmentsView />} />
                <Route path="production" element={<ProductionView />} />
                <Route path="card/:id" element={<CardDetailPage />} />
              </Route>
              <Route path="verify-card" element={<VerifyCardPage />} />
              <Route path="quality" element={<QualityPage />}>
                <Route index element={<DuplicatesView />} />
                <Route path="findings" element={<FindingsView />} />
                <Route path="report" element={<ReportView />} />
                <Route path="runs" element={<RunsView />} />
              </Route>
              <Route path="quality/duplicates/:pinA/:pinB" element={<ComparePage />} />
              <Route path="dossiers" element={<DossierQueuePage />} />
              <Route path="dossiers/figures" element={<DossierFiguresPage />} />
              <Route path="dossiers/:id" element={<DossierPage />} />
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
              <Route path="lists" element={<ListsPage kind="people" />} />
              <Route path="lists/households" element={<ListsPage kind="households" />} />
              <Route path="eid" element={<EidPage />}>
                <Route index element={<ReviewQueueView />} />
                <Route path="level2" element={<Level2View />} />
                <Route path="accounts" element={<AccountsView />} />
              </Route>
              <Route path="eid/clients" element={<ClientsPage />} />
              <Route path="officers" element={<OfficersPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="dossiers/new" element={<CounterFilingPage />} />
              <Route path="account/security" element={<OfficerSecurityPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Routes>
      </PageSuspense>
    </BrowserRouter>
  );
}
