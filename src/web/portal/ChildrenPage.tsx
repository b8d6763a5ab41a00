import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { citizenApi, type EidAccount } from '../citizen-api.js';
import { ErrorSummary, fieldId, TextField } from '../components/Field.js';
import { useFormProblems, type LocalProblem } from '../forms.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { formatDate, todayInVietnam } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { useCitizen } from './citizen-auth.js';
import { passcodeProblems } from './portal-logic.js';
// The registry's own age rule (a pure kernel file): the page offers enrolment exactly when the server accepts it.
import { ageOn } from '../../kernel/partial-date.js';

const LABELS = ['childPin', 'passcode', 'passcodeRepeat'] as const;

/**
 * The citizen's children as the registry records them (by name, each read logged), and for a
 * level-2 parent the level-1 account of a child under 14 (Decree 69/2024 art. 14).
 */
export function ChildrenPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.tabs.children'));
  const account = useCitizen();
  const [childPin, setChildPin] = useState('');
  return (
    <>
      <MyChildren
        canEnrol={account.level >= 2}
        onEnrol={(pin) => {
          setChildPin(pin);
          // Straight to the passcode: the PIN is filled in.
          requestAnimationFrame(() => document.getElementById(fieldId('passcode'))?.focus());
        }}
      />
      <EnrolChild childPin={childPin} setChildPin={setChildPin} />
    </>
  );
}

function MyChildren({ canEnrol, onEnrol }: { canEnrol: boolean; onEnrol: (pin: string) => void }) {
  const { t } = useTranslation();
  const family = useRemote('my-family', (signal) => citizenApi.family(signal));
  const today = todayInVietnam();
  const children = family.data?.children.filter((c) => c.visible) ?? [];
  return (
    <section className="panel section" aria-labelledby="my-children-heading" data-testid="my-children">
      <h2 id="my-children-heading">{t('family.portal.heading')}</h2>
      <p className="muted">{t('family.portal.intro')}</p>
      {family.status === 'error' && <ErrorBox error={family.error} onRetry={family.retry} />}
      {!family.data && family.status !== 'error' && <Loading />}
      {family.data && children.length === 0 && <Empty>{t('family.portal.empty')}</Empty>}
      {children.length > 0 && (
        <ul className="child-cards">
          {children.map((c) => {
            const age = ageOn(c.birthDate, today);
            return (
              <li key={c.pin} className="child-card" data-testid="my-child">
                <p className="child-card__name">{c.fullName}</p>
                <p className="child-card__facts">
                  <span>{formatDate(c.birthDate)}</span>
                  <span>{t(`people.sex.${c.sex}`)}</span>
                  <span>{t('family.portal.age', { age })}</span>
                </p>
                <p className="code child-card__pin">{c.pin}</p>
                {canEnrol && age < 14 && c.status === 'living' && (
                  <button type="button" className="button button--secondary button--small" onClick={() => onEnrol(c.pin)} data-testid="child-enrol">
                    {t('family.portal.createAccount')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function EnrolChild({ childPin, setChildPin }: { childPin: string; setChildPin: (pin: string) => void }) {
  const { t } = useTranslation();
  const account = useCitizen();
  const form = useFormProblems();
  const [passcode, setPasscode] = useState('');
  const [repeat, setRepeat] = useState('');
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<EidAccount | null>(null);

  if (account.level < 2) {
    return (
      <p className="alert alert--info" role="status" data-testid="children-level2">
        {t('portal.children.level2Only')}
      </p>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: LocalProblem[] = [];
    if (!/^\d{12}$/.test(childPin)) local.push({ field: 'childPin', key: 'pin' });
    local.push(...passcodeProblems(passcode, repeat));
    if (local.length) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    setCreated(null);
    try {
      setCreated(await citizenApi.enrolChild(childPin, passcode));
      form.clear();
      setChildPin('');
      setPasscode('');
      setRepeat('');
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const digits = (setter: (v: string) => void, field: string) => (value: string) => {
    setter(value.replace(/\D/g, ''));
    form.touch(field);
  };
  const label = (field: string) =>
    (LABELS as readonly string[]).includes(field) ? t(`portal.children.field.${field as (typeof LABELS)[number]}`) : undefined;
  const secret = { type: 'password', inputMode: 'numeric', maxLength: 6, autoComplete: 'new-password', className: 'input--code' } as const;
  return (
    <section className="panel form-narrow" aria-labelledby="children-heading" data-testid="children-page">
      <h2 id="children-heading">{t('portal.children.heading')}</h2>
      <p className="muted">{t('portal.children.intro')}</p>
      {created && (
        <p className="alert alert--success" role="status" data-testid="child-created">
          {t('portal.children.created', { pin: created.pin })}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary problems={form.problems} attempt={form.attempt} labelFor={label} />
        <TextField name="childPin" label={t('portal.children.field.childPin')} value={childPin} onChange={digits(setChildPin, 'childPin')} error={form.messageFor('childPin')} required input={{ inputMode: 'numeric', maxLength: 12, className: 'input--pin' }} />
        <TextField name="passcode" label={t('portal.children.field.passcode')} value={passcode} onChange={digits(setPasscode, 'passcode')} error={form.messageFor('passcode')} hint={t('portal.passcodeHint')} required input={secret} />
        <TextField name="passcodeRepeat" label={t('portal.children.field.passcodeRepeat')} value={repeat} onChange={digits(setRepeat, 'passcodeRepeat')} error={form.messageFor('passcodeRepeat')} required input={secret} />
        <button type="submit" className="button button--primary" disabled={pending} data-testid="child-submit">
          {pending ? t('forms.saving') : t('portal.children.submit')}
        </button>
      </form>
    </section>
  );
}
