import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { AuthProvider } from './auth.js';
import { Layout } from './components/Layout.js';
import { RequireAuth } from './components/RequireAuth.js';
import { DevMessagesPage } from './pages/DevMessagesPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { AuditPage } from './pages/admin/AuditPage.js';
import { OfficersPage } from './pages/admin/OfficersPage.js';
import { ResetPasswordPage } from './pages/admin/ResetPasswordPage.js';
import { SecurityPage as OfficerSecurityPage } from './pages/admin/SecurityPage.js';
import { AccountsView } from './pages/eid/AccountsView.js';
import { ClientsPage } from './pages/eid/ClientsPage.js';
import { EidPage } from './pages/eid/EidPage.js';
import { Level2View } from './pages/eid/Level2View.js';
import { ReviewQueueView } from './pages/eid/ReviewQueueView.js';
import { HouseholdPage } from './pages/households/HouseholdPage.js';
import { HouseholdsPage } from './pages/households/HouseholdsPage.js';
import { ListsPage } from './pages/lists/ListsPage.js';
import { DossierFiguresPage } from './pages/dossiers/DossierFiguresPage.js';
import { DossierPage } from './pages/dossiers/DossierPage.js';
import { DossierQueuePage } from './pages/dossiers/DossierQueuePage.js';
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
import { AccessPage } from './portal/AccessPage.js';
import { ActivatePage } from './portal/ActivatePage.js';
import { ActivityPage } from './portal/ActivityPage.js';
import { ChildrenPage } from './portal/ChildrenPage.js';
import { ConsentsPage } from './portal/ConsentsPage.js';
import { DossierPage as PortalDossierPage, MyDossiersPage } from './portal/DossiersPage.js';
import { FilingPage, ProceduresPage } from './portal/ProceduresPage.js';
import { CounterFilingPage } from './pages/dossiers/CounterFilingPage.js';
import { CitizenAuthProvider } from './portal/citizen-auth.js';
import { EnrolPage } from './portal/EnrolPage.js';
import { InteractionPage } from './portal/InteractionPage.js';
import { MyDataPage } from './portal/MyDataPage.js';
import { PortalLayout, RequireCitizen } from './portal/PortalLayout.js';
import { PortalLoginPage } from './portal/PortalLoginPage.js';
import { SecurityPage } from './portal/SecurityPage.js';
import { PortalCt07Page } from './pages/ct07/PortalCt07Page.js';
import { VerifyCt07Page } from './pages/ct07/VerifyCt07Page.js';
import { Ct07DeskPage } from './pages/ct07/Ct07DeskPage.js';
import { AppointmentsView } from './pages/cards/AppointmentsView.js';
import { CardsPage } from './pages/cards/CardBits.js';
import { CardDeskView } from './pages/cards/CardDeskView.js';
import { CardDetailPage } from './pages/cards/CardDetailPage.js';
import { IntakePage } from './pages/cards/IntakePage.js';
import { ProductionView } from './pages/cards/ProductionView.js';
import { VerifyCardPage } from './pages/cards/VerifyCardPage.js';
import { MyCardPage } from './portal/MyCardPage.js';
import { ComparePage } from './pages/quality/ComparePage.js';
import { DuplicatesView } from './pages/quality/DuplicatesView.js';
import { FindingsView } from './pages/quality/FindingsView.js';
import { QualityPage } from './pages/quality/QualityPage.js';
import { ReportView } from './pages/quality/ReportView.js';
import { RunsView } from './pages/quality/RunsView.js';

/**
 * Three apps in one bundle: the officer console, the citizen portal (/portal, and a service's
 * e-ID login at /eid/interaction/:uid) and the development outbox. Each signed-in party has its
 * own provider, so the console never asks who the citizen is and the other way round.
 */
export function App() {
  return (
    <BrowserRouter>
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
    </BrowserRouter>
  );
}
