import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOfficer } from '../../auth.js';
import { cardsApi, type Appointment, type IntakePlace, type SlotView, type Team } from '../../cards-api.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorSummary, Field } from '../../components/Field.js';
import { PinLink, UnitLabel } from '../../components/PersonBits.js';
import { PrintButton, PrintHeader } from '../../components/Print.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { formatDate, parseDateInput, todayInVietnam } from '../../format.js';
import { type LocalProblem, pinTyped, useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';

const TEAM_PLACES: readonly IntakePlace[] = ['home', 'factory', 'school', 'other'];

/**
 * `/cards/appointments`: intake appointments of an office — the desk's slots of a day (evening
 * ones too, as in the 2022–2023 campaigns) with what is booked, a mobile team's visits to
 * homes, factories and schools, booking a citizen into a slot, and the day's list, which for a
 * team is its route list, printed and taken along.
 */
export function AppointmentsView() {
  const { t } = useTranslation();
  useDocumentTitle(t('cards.appointments.title'));
  const officer = useOfficer();
  const commune = officer.unitLevel === 'commune';
  const [unitCode, setUnitCode] = useState(commune ? (officer.unitCode ?? '') : '');
  const [day, setDay] = useState(todayInVietnam());
  const [teamId, setTeamId] = useState('');
  const [version, setVersion] = useState(0);
  const ready = /^\d{5}$/.test(unitCode) && /^\d{4}-\d{2}-\d{2}$/.test(day);
  const office = commune ? undefined : unitCode;
  const teams = useRemote(ready ? `teams|${unitCode}|${version}` : null, (signal) =>
    cardsApi.teams(office, signal),
  );
  const team = teams.data?.find((x) => x.id === teamId) ?? null;
  const query = { ...(office ? { unitCode: office } : {}), ...(teamId ? { teamId } : {}), day };
  const slots = useRemote(ready ? `slots|${unitCode}|${teamId}|${day}|${version}` : null, (signal) =>
    cardsApi.slots(query, signal),
  );
  const list = useRemote(ready ? `day|${unitCode}|${teamId}|${day}|${version}` : null, (signal) =>
    cardsApi.dayList(query, signal),
  );
  const [slot, setSlot] = useState<string | null>(null);
  const [booked, setBooked] = useState<Appointment | null>(null);
  const bump = () => setVersion((n) => n + 1);
  const title = team
    ? t('cards.appointments.routeTitle', { team: team.name, day: formatDate(day) })
    : t('cards.appointments.dayTitle', { day: formatDate(day) });

  return (
    <div data-testid="card-appointments">
      <PrintHeader title={title} />
      <section className="panel no-print" aria-label={t('cards.appointments.choose')}>
        <div className="form-grid">
          {!commune && (
            <UnitPicker
              name="unitCode"
              label={t('cards.desk.office')}
              value={unitCode}
              onChange={(code) => setUnitCode(code)}
              level="commune"
              required
            />
          )}
          <DayPicker
            day={day}
            onChange={(next) => {
              setDay(next);
              setSlot(null);
            }}
          />
          <Field name="teamId" label={t('cards.appointments.where')}>
            {(p) => (
              <select
                {...p}
                className="input"
                value={teamId}
                onChange={(e) => {
                  setTeamId(e.target.value);
                  setSlot(null);
                }}
                data-testid="appointments-team"
              >
                <option value="">{t('cards.appointments.desk')}</option>
                {teams.data?.map((x) => (
                  <option key={x.id} value={x.id}>
                    {t('cards.appointments.team', { name: x.name })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </section>
      {!ready && <p className="muted section">{t('cards.appointments.pickOffice')}</p>}
      {ready && (
        <>
          <section className="panel section no-print" aria-labelledby="slots-heading" data-testid="slots">
            <h2 id="slots-heading">
              {team
                ? t('cards.appointments.teamSlots', { team: team.name })
                : t('cards.appointments.deskSlots')}
            </h2>
            {slots.status === 'error' && <ErrorBox error={slots.error} onRetry={slots.retry} />}
            {!slots.data && slots.status !== 'error' && <Loading />}
            {slots.data && <SlotGrid slots={slots.data} chosen={slot} onChoose={setSlot} />}
            {slot && (
              <BookingForm
                key={`${slot}|${teamId}|${day}`}
                slot={slot}
                day={day}
                team={team}
                unitCode={office}
                onBooked={(a) => {
                  setSlot(null);
                  setBooked(a);
                  bump();
                }}
              />
            )}
            {booked && !slot && (
              <p className="alert alert--success" role="status" data-testid="booked">
                {t('cards.appointments.booked', {
                  name: booked.fullName,
                  slot: booked.slot,
                  day: formatDate(booked.day),
                })}
              </p>
            )}
          </section>
          <section className="panel section" aria-labelledby="day-heading" data-testid="day-list">
            <div className="page-title-row">
              <h2 id="day-heading">{title}</h2>
              <PrintButton />
            </div>
            <p className="muted">
              <UnitLabel code={unitCode} />
            </p>
            {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
            {!list.data && list.status !== 'error' && <Loading />}
            {list.data && list.data.items.length === 0 && <Empty>{t('cards.appointments.none')}</Empty>}
            {list.data && list.data.items.length > 0 && (
              <DayTable items={list.data.items} teams={teams.data ?? []} onCancelled={bump} />
            )}
          </section>
          <TeamsPanel teams={teams.data} unitCode={office} onCreated={bump} />
        </>
      )}
    </div>
  );
}

/** The next or previous calendar day of an ISO day (no time zone involved). */
function shiftDay(day: string, by: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/** A day typed as dd/mm/yyyy (as everywhere in the console), with the day before, today and the day after a click away. */
function DayPicker({ day, onChange }: { day: string; onChange: (day: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatDate(day));
  const [bad, setBad] = useState(false);
  const go = (next: string) => {
    setText(formatDate(next));
    setBad(false);
    onChange(next);
  };
  return (
    <Field
      name="day"
      label={t('cards.appointments.day')}
      error={bad ? t('forms.errors.date') : undefined}
      required
    >
      {(p) => (
        <div className="idcard-day">
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => go(shiftDay(day, -1))}
            aria-label={t('cards.appointments.prevDay')}
            data-testid="day-prev"
          >
            ‹
          </button>
          <input
            {...p}
            className="input input--date"
            inputMode="numeric"
            placeholder="dd/mm/yyyy"
            maxLength={10}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              const parsed = parseDateInput(e.target.value);
              setBad(!parsed.ok);
              if (parsed.ok) onChange(parsed.iso);
            }}
            data-testid="appointments-day"
          />
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => go(shiftDay(day, 1))}
            aria-label={t('cards.appointments.nextDay')}
            data-testid="day-next"
          >
            ›
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => go(todayInVietnam())}
            data-testid="day-today"
          >
            {t('cards.appointments.today')}
          </button>
        </div>
      )}
    </Field>
  );
}

function SlotGrid({
  slots,
  chosen,
  onChoose,
}: {
  slots: SlotView[];
  chosen: string | null;
  onChoose: (slot: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <ul className="idcard-slots" data-testid="slot-grid">
      {slots.map((s) => {
        const full = s.booked >= s.capacity;
        return (
          <li key={s.slot}>
            <button
              type="button"
              className={`idcard-slot${full ? ' idcard-slot--full' : ''}${chosen === s.slot ? ' idcard-slot--chosen' : ''}`}
              disabled={full}
              aria-pressed={chosen === s.slot}
              onClick={() => onChoose(s.slot)}
              data-testid={`slot-${s.slot}`}
              data-booked={s.booked}
            >
              <strong>{s.slot}</strong>
              <span>
                {full
                  ? t('cards.appointments.full')
                  : t('cards.appointments.free', { booked: s.booked, capacity: s.capacity })}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function BookingForm({
  slot,
  day,
  team,
  unitCode,
  onBooked,
}: {
  slot: string;
  day: string;
  team: Team | null;
  unitCode: string | undefined;
  onBooked: (a: Appointment) => void;
}) {
  const { t } = useTranslation();
  const problems = useFormProblems();
  const [pin, setPin] = useState('');
  const [place, setPlace] = useState<IntakePlace>(team ? 'home' : 'desk');
  const [address, setAddress] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: LocalProblem[] = [];
    if (!/^\d{12}$/.test(pin)) local.push({ field: 'pin', key: 'pin' });
    if (team && !address.trim()) local.push({ field: 'address', key: 'required' });
    if (local.length) return problems.setLocal(local);
    setBusy(true);
    cardsApi
      .book({
        ...(unitCode ? { unitCode } : {}),
        ...(team ? { teamId: team.id, address: address.trim() } : {}),
        day,
        slot,
        place,
        pin,
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      .then(
        (a) => {
          setBusy(false);
          onBooked(a);
        },
        (err: unknown) => {
          setBusy(false);
          problems.setServer(err);
        },
      );
  };
  return (
    <form className="idcard-booking" onSubmit={submit} noValidate data-testid="booking-form">
      <h3>{t('cards.appointments.book', { slot, day: formatDate(day) })}</h3>
      <ErrorSummary
        problems={problems.problems}
        attempt={problems.attempt}
        labelFor={(f) =>
          ({
            pin: t('cards.desk.pin'),
            address: t('cards.appointments.address'),
            slot: t('cards.appointments.slot'),
            day: t('cards.appointments.day'),
          })[f]
        }
      />
      <div className="form-grid">
        <Field name="pin" label={t('cards.desk.pin')} error={problems.messageFor('pin')} required>
          {(p) => (
            <input
              {...p}
              className="input input--pin"
              inputMode="numeric"
              value={pin}
              onChange={(e) => setPin(pinTyped(e.target.value))}
              data-testid="booking-pin"
            />
          )}
        </Field>
        {team && (
          <Field name="place" label={t('cards.intake.place')}>
            {(p) => (
              <select
                {...p}
                className="input"
                value={place}
                onChange={(e) => setPlace(e.target.value as IntakePlace)}
                data-testid="booking-place"
              >
                {TEAM_PLACES.map((x) => (
                  <option key={x} value={x}>
                    {t(`cards.place.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {team && (
          <Field
            name="address"
            label={t('cards.appointments.address')}
            error={problems.messageFor('address')}
            required
            className="form-grid__wide"
          >
            {(p) => (
              <input
                {...p}
                className="input input--wide"
                maxLength={300}
                value={address}
                onChange={(e) => setAddress(e.target.value)}
                data-testid="booking-address"
              />
            )}
          </Field>
        )}
        <Field name="note" label={t('cards.appointments.note')} className="form-grid__wide">
          {(p) => (
            <input
              {...p}
              className="input input--wide"
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              data-testid="booking-note"
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="booking-submit">
          {t('cards.appointments.bookButton')}
        </button>
      </div>
    </form>
  );
}

function DayTable({
  items,
  teams,
  onCancelled,
}: {
  items: Appointment[];
  teams: Team[];
  onCancelled: () => void;
}) {
  const { t } = useTranslation();
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cancel = (a: Appointment) => {
    setBusy(true);
    setError(null);
    cardsApi.cancelAppointment(a.id).then(
      () => {
        setBusy(false);
        setCancelling(null);
        onCancelled();
      },
      (e: unknown) => {
        setBusy(false);
        setCancelling(null);
        setError(e);
      },
    );
  };
  return (
    <>
      {error !== null && <ErrorBox error={error} />}
      <div className="table-wrap">
        <table className="table table--cards" data-testid="day-table">
          <thead>
            <tr>
              <th scope="col">{t('cards.appointments.slot')}</th>
              <th scope="col">{t('people.field.fullName')}</th>
              <th scope="col">{t('people.field.pin')}</th>
              <th scope="col">{t('cards.intake.place')}</th>
              <th scope="col">{t('cards.appointments.address')}</th>
              <th scope="col">{t('cards.appointments.note')}</th>
              <th scope="col" className="no-print">
                <span className="visually-hidden">{t('cards.appointments.cancel')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-testid="appointment-row" data-pin={a.pin}>
                <td className="nowrap" data-label={t('cards.appointments.slot')}>
                  <strong>{a.slot}</strong>
                  {a.teamId && (
                    <span className="cell-note">{teams.find((x) => x.id === a.teamId)?.name}</span>
                  )}
                </td>
                <td data-label={t('people.field.fullName')}>{a.fullName}</td>
                <td data-label={t('people.field.pin')}>
                  <PinLink pin={a.pin} />
                </td>
                <td data-label={t('cards.intake.place')}>{t(`cards.place.${a.place as IntakePlace}`)}</td>
                <td data-label={t('cards.appointments.address')}>{a.address ?? '—'}</td>
                <td data-label={t('cards.appointments.note')}>{a.note ?? ''}</td>
                <td className="no-print">
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    onClick={() => setCancelling(a)}
                    data-testid="appointment-cancel"
                  >
                    {t('cards.appointments.cancel')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={cancelling !== null}
        title={t('cards.appointments.cancelTitle', {
          name: cancelling?.fullName ?? '',
          slot: cancelling?.slot ?? '',
        })}
        confirmLabel={t('cards.appointments.cancel')}
        danger
        busy={busy}
        onCancel={() => setCancelling(null)}
        onConfirm={() => cancelling && cancel(cancelling)}
        testId="appointment-cancel-dialog"
      >
        <p>{t('cards.appointments.cancelText')}</p>
      </ConfirmDialog>
    </>
  );
}

function TeamsPanel({
  teams,
  unitCode,
  onCreated,
}: {
  teams: Team[] | undefined;
  unitCode: string | undefined;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const problems = useFormProblems();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim().length < 3) return problems.setLocal([{ field: 'name', key: 'required' }]);
    setBusy(true);
    cardsApi.createTeam(unitCode, name.trim()).then(
      () => {
        setBusy(false);
        setName('');
        problems.clear();
        onCreated();
      },
      (err: unknown) => {
        setBusy(false);
        problems.setServer(err);
      },
    );
  };
  return (
    <section className="panel section no-print" aria-labelledby="teams-heading" data-testid="teams">
      <h2 id="teams-heading">{t('cards.appointments.teams')}</h2>
      <p className="muted">{t('cards.appointments.teamsIntro')}</p>
      {teams && teams.length === 0 && <p className="muted">{t('cards.appointments.noTeams')}</p>}
      {teams && teams.length > 0 && (
        <ul className="plain-list" data-testid="team-list">
          {teams.map((x) => (
            <li key={x.id}>{x.name}</li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={submit} noValidate data-testid="team-form">
        <Field
          name="name"
          label={t('cards.appointments.teamName')}
          error={problems.messageFor('name')}
          required
        >
          {(p) => (
            <input
              {...p}
              className="input"
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="team-name"
            />
          )}
        </Field>
        <button type="submit" className="button button--secondary" disabled={busy} data-testid="team-create">
          {t('cards.appointments.createTeam')}
        </button>
      </form>
      {problems.problems
        .filter((p) => p.field !== 'name')
        .map((p, i) => (
          <p key={i} className="alert alert--error" role="alert">
            {p.text}
          </p>
        ))}
    </section>
  );
}
