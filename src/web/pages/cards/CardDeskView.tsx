import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useOfficer } from '../../auth.js';
import { cardsApi, type CardCase, type CardReason } from '../../cards-api.js';
import { ErrorSummary, Field } from '../../components/Field.js';
import { StatusBadge } from '../../components/PersonBits.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { dossiersApi, newRequestId, type FormProperty, type ProcedureInfo } from '../../dossiers-api.js';
import { formatDate, formatNumber } from '../../format.js';
import { type LocalProblem, pinTyped, useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import type { PersonStatus } from '../../people-api.js';

type Labels = Record<string, { vi: string; en: string }>;

/** The option labels of one field of a card procedure's form (the server declares them once). */
function optionLabels(procedures: ProcedureInfo[] | undefined, field: string): Labels {
  const p = procedures?.find((x) => x.code.startsWith('CARD.'));
  const props = (p?.form as { properties?: Record<string, FormProperty> } | undefined)?.properties;
  return props?.[field]?.['x-option-labels'] ?? {};
}

/**
 * `/cards`: the card desk. The officer types the PIN the citizen gives; the registry says which
 * application fits (first issue, renewal at an age, renewal, re-issue) or why none can be made,
 * and what in the record must be put right first — the officer fixes it on the person's page
 * and checks again. The application is then filed as a dossier and the desk goes on to intake.
 */
export function CardDeskView() {
  const { t } = useTranslation();
  useDocumentTitle(t('cards.desk.title'));
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const pin = params.get('pin') ?? '';
  const reason = (params.get('reason') ?? '') as CardReason | '';
  const [draft, setDraft] = useState(pin);
  const [draftReason, setDraftReason] = useState<CardReason | ''>(reason);
  const [pinError, setPinError] = useState<string | undefined>();
  const [round, setRound] = useState(0);
  const procedures = useRemote('card-procedures', (signal) => dossiersApi.procedures(signal));
  const cardCase = useRemote(/^\d{12}$/.test(pin) ? `case|${pin}|${reason}|${round}` : null, (signal) =>
    cardsApi.caseOf(pin, reason || undefined, signal),
  );
  const reasons = optionLabels(procedures.data, 'reason');

  const check = (e: FormEvent) => {
    e.preventDefault();
    const next = draft.trim();
    if (!/^\d{12}$/.test(next)) {
      setPinError(t('cards.desk.pinInvalid'));
      return;
    }
    setPinError(undefined);
    setParams(draftReason ? { pin: next, reason: draftReason } : { pin: next });
    setRound((n) => n + 1);
  };

  return (
    <div data-testid="card-desk">
      <p className="muted">{t('cards.desk.intro')}</p>
      <form className="panel idcard-lookup" onSubmit={check} noValidate data-testid="card-lookup">
        <Field name="pin" label={t('cards.desk.pin')} error={pinError} required>
          {(p) => (
            <input
              {...p}
              className="input input--pin"
              inputMode="numeric"
              autoComplete="off"
              value={draft}
              onChange={(e) => setDraft(pinTyped(e.target.value))}
              data-testid="card-pin"
            />
          )}
        </Field>
        <Field name="reason" label={t('cards.desk.reason')} hint={t('cards.desk.reasonHint')}>
          {(p) => (
            <select
              {...p}
              className="input"
              value={draftReason}
              onChange={(e) => setDraftReason(e.target.value as CardReason | '')}
              data-testid="card-reason"
            >
              <option value="">{t('cards.desk.reasonNone')}</option>
              {Object.entries(reasons).map(([code, label]) => (
                <option key={code} value={code}>
                  {label[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" data-testid="card-check">
            {t('cards.desk.check')}
          </button>
        </div>
      </form>
      {cardCase.status === 'error' && <ErrorBox error={cardCase.error} onRetry={cardCase.retry} />}
      {cardCase.status === 'loading' && <Loading label={t('cards.desk.checking')} />}
      {cardCase.data && cardCase.data.holder.pin === pin && (
        <CaseView
          key={`${pin}|${reason}`}
          c={cardCase.data}
          reason={reason}
          reasonLabel={reason ? reasons[reason]?.[lang] : undefined}
          procedure={procedures.data?.find(
            (p) => 'procedure' in cardCase.data!.outcome && p.code === cardCase.data!.outcome.procedure,
          )}
          recheck={() => setRound((n) => n + 1)}
          rechecking={cardCase.status === 'loading'}
        />
      )}
    </div>
  );
}

function CaseView({
  c,
  reason,
  reasonLabel,
  procedure,
  recheck,
  rechecking,
}: {
  c: CardCase;
  reason: CardReason | '';
  reasonLabel: string | undefined;
  procedure: ProcedureInfo | undefined;
  recheck: () => void;
  rechecking: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const o = c.outcome;
  return (
    <div className="section" data-testid="card-case">
      <section className="panel" aria-labelledby="holder-heading">
        <h2 id="holder-heading">{t('cards.desk.holder')}</h2>
        <dl className="facts facts--compact">
          <dt>{t('people.field.fullName')}</dt>
          <dd data-testid="case-name">
            <Link to={`/people/${c.holder.pin}`}>{c.holder.fullName}</Link>
          </dd>
          <dt>{t('people.field.pin')}</dt>
          <dd className="code">{c.holder.pin}</dd>
          <dt>{t('people.field.birthDate')}</dt>
          <dd>
            {formatDate(c.holder.birthDate)} · {t('cards.desk.age', { age: c.holder.age })}
          </dd>
          <dt>{t('people.field.sex')}</dt>
          <dd>{t(`people.sex.${c.holder.sex}`)}</dd>
          <dt>{t('cards.desk.personStatus')}</dt>
          <dd>
            <StatusBadge status={c.holder.status as PersonStatus} />
          </dd>
        </dl>
      </section>

      {c.recordProblems.length > 0 && (
        <div className="alert alert--warning section" role="alert" data-testid="record-problems">
          <p className="alert__title">{t('cards.desk.problemsTitle', { count: c.recordProblems.length })}</p>
          <ul>
            {c.recordProblems.map((p) => (
              <li key={p.code} data-testid="record-problem" data-code={p.code}>
                {p[lang]}
              </li>
            ))}
          </ul>
          <p>{t('cards.desk.problemsHint')}</p>
          <div className="button-row">
            <Link
              to={`/people/${c.holder.pin}/edit`}
              className="button button--secondary"
              data-testid="fix-record"
            >
              {t('cards.desk.fixRecord')}
            </Link>
            <button
              type="button"
              className="button button--primary"
              onClick={recheck}
              disabled={rechecking}
              data-testid="recheck"
            >
              {t('cards.desk.recheck')}
            </button>
          </div>
        </div>
      )}

      {'refused' in o ? (
        <div
          className="alert alert--error section"
          role="status"
          data-testid="case-refused"
          data-code={o.refused.code}
        >
          <p className="alert__title">{t('cards.desk.refused')}</p>
          <p>{o.refused[lang]}</p>
        </div>
      ) : (
        <section
          className="panel section"
          aria-labelledby="outcome-heading"
          data-testid="case-outcome"
          data-procedure={o.procedure}
        >
          <h2 id="outcome-heading">{t('cards.desk.outcome')}</h2>
          <p className="idcard-outcome">
            <strong data-testid="case-procedure">{procedure?.name[lang] ?? o.procedure}</strong>{' '}
            <span className="code muted">{o.procedure}</span>
          </p>
          <p data-testid="case-reason">{o.reason[lang]}</p>
          <p className="badges">
            {o.mandatory && <span className="badge badge--warning">{t('cards.desk.mandatory')}</span>}
            <span className="badge badge--muted" data-testid="case-biometrics">
              {o.biometrics ? t('cards.desk.biometrics') : t('cards.desk.noBiometrics')}
            </span>
            {procedure && (
              <span className="badge badge--muted">
                {procedure.fee.counterVnd === 0
                  ? t('cards.desk.free')
                  : t('cards.desk.fee', { fee: formatNumber(procedure.fee.counterVnd, lang) })}
              </span>
            )}
            {procedure && (
              <span className="badge badge--muted">
                {t('cards.desk.days', { days: procedure.workingDays })}
              </span>
            )}
          </p>
          {reasonLabel && <p className="muted">{t('cards.desk.reasonChosen', { reason: reasonLabel })}</p>}
          {c.recordProblems.length > 0 ? (
            <p className="muted" data-testid="file-blocked">
              {t('cards.desk.fixFirst')}
            </p>
          ) : (
            <FilingForm c={c} procedure={o.procedure} reason={reason} />
          )}
        </section>
      )}
      {c.cards.length > 0 && (
        <section className="panel section" aria-labelledby="earlier-heading">
          <h2 id="earlier-heading">{t('cards.desk.earlier')}</h2>
          <ul className="plain-list">
            {c.cards.map((x) => (
              <li key={x.id}>
                <Link to={`/cards/card/${x.id}`}>
                  {t('cards.desk.cardLine', {
                    issued: formatDate(x.issueDate) || '—',
                    expires: formatDate(x.expiryDate) || t('cards.noExpiry'),
                  })}
                </Link>{' '}
                · {t(`cards.status.${x.status}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** Files the application: where it is taken (desk or mobile team), the office, how the card reaches the holder; a parent may file for a child under 14. */
function FilingForm({ c, procedure, reason }: { c: CardCase; procedure: string; reason: CardReason | '' }) {
  const { t } = useTranslation();
  const officer = useOfficer();
  const navigate = useNavigate();
  const problems = useFormProblems();
  const [channel, setChannel] = useState<'counter' | 'mobile_team'>('counter');
  const [unitCode, setUnitCode] = useState(officer.unitLevel === 'commune' ? (officer.unitCode ?? '') : '');
  const [delivery, setDelivery] = useState<'office' | 'post'>('office');
  const [address, setAddress] = useState('');
  const [byParent, setByParent] = useState(false);
  const [parentPin, setParentPin] = useState('');
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());
  const minor = c.holder.age < 14;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: LocalProblem[] = [];
    if (!/^\d{5}$/.test(unitCode)) local.push({ field: 'unitCode', key: 'required' });
    if (delivery === 'post' && !address.trim())
      local.push({ field: 'form.deliveryAddress', key: 'required' });
    if (byParent && !/^\d{12}$/.test(parentPin)) local.push({ field: 'applicantPin', key: 'pin' });
    if (local.length) return problems.setLocal(local);
    setBusy(true);
    const form: Record<string, unknown> = { deliveryMethod: delivery };
    if (delivery === 'post') form.deliveryAddress = address.trim();
    if (reason) form.reason = reason;
    if (byParent) form.holderPin = c.holder.pin;
    dossiersApi
      .file({
        procedure,
        applicantPin: byParent ? parentPin : c.holder.pin,
        unitCode,
        channel,
        requestId: requestId.current,
        form,
      })
      .then(
        (d) => navigate(`/cards/intake/${d.id}`, { state: { filed: d.code } }),
        (err: unknown) => {
          setBusy(false);
          problems.setServer(err);
        },
      );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="card-file-form">
      <h3>{t('cards.desk.fileHeading')}</h3>
      <ErrorSummary
        problems={problems.problems}
        attempt={problems.attempt}
        labelFor={(f) =>
          ({
            unitCode: t('cards.desk.office'),
            'form.deliveryAddress': t('cards.desk.address'),
            applicantPin: t('cards.desk.parentPin'),
          })[f]
        }
      />
      <fieldset className="segmented">
        <legend className="segmented__legend">{t('cards.desk.channel')}</legend>
        <div className="segmented__options">
          {(['counter', 'mobile_team'] as const).map((ch) => (
            <label key={ch} className="segmented__option">
              <input
                type="radio"
                name="channel"
                value={ch}
                checked={channel === ch}
                onChange={() => setChannel(ch)}
                data-testid={`channel-${ch}`}
              />
              <span className="segmented__text">{t(`cards.desk.channels.${ch}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {officer.unitLevel !== 'commune' && (
        <UnitPicker
          name="unitCode"
          label={t('cards.desk.office')}
          value={unitCode}
          onChange={(code) => setUnitCode(code)}
          level="commune"
          error={problems.messageFor('unitCode')}
          required
        />
      )}
      <fieldset className="segmented">
        <legend className="segmented__legend">{t('cards.desk.delivery')}</legend>
        <div className="segmented__options">
          {(['office', 'post'] as const).map((m) => (
            <label key={m} className="segmented__option">
              <input
                type="radio"
                name="deliveryMethod"
                value={m}
                checked={delivery === m}
                onChange={() => setDelivery(m)}
                data-testid={`delivery-${m}`}
              />
              <span className="segmented__text">{t(`cards.delivery.${m}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {delivery === 'post' && (
        <Field
          name="form.deliveryAddress"
          label={t('cards.desk.address')}
          error={problems.messageFor('form.deliveryAddress')}
          required
        >
          {(p) => (
            <input
              {...p}
              className="input input--wide"
              maxLength={300}
              value={address}
              onChange={(e) => {
                setAddress(e.target.value);
                problems.touch('form.deliveryAddress');
              }}
              data-testid="delivery-address"
            />
          )}
        </Field>
      )}
      {minor && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={byParent}
            onChange={(e) => setByParent(e.target.checked)}
            data-testid="by-parent"
          />{' '}
          {t('cards.desk.byParent')}
        </label>
      )}
      {minor && byParent && (
        <Field
          name="applicantPin"
          label={t('cards.desk.parentPin')}
          error={problems.messageFor('applicantPin')}
          required
        >
          {(p) => (
            <input
              {...p}
              className="input input--pin"
              inputMode="numeric"
              value={parentPin}
              onChange={(e) => setParentPin(pinTyped(e.target.value))}
              data-testid="parent-pin"
            />
          )}
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="card-file">
          {busy ? t('cards.desk.filing') : t('cards.desk.file')}
        </button>
      </div>
    </form>
  );
}
