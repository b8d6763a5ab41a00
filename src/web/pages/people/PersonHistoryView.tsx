import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { purposeText } from '../../purposes.js';
import { useOfficer } from '../../auth.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { formatDate, formatDateTime } from '../../format.js';
import { useRemote } from '../../hooks/useRemote.js';
import { peopleApi } from '../../people-api.js';
import { useLabels, type Labels } from '../../reference.js';
import {
  authorOf,
  historyEntries,
  isHistoryField,
  type Author,
  type FieldChange,
  type VersionEntry,
} from './history.js';
import { PinTable } from './PinTable.js';
import { usePerson } from './PersonPage.js';

/** Every version of the record, newest first: who, when, why, and which fields changed. */
export function PersonHistoryView() {
  const { t } = useTranslation();
  const { details } = usePerson();
  const { pin, version } = details.person;
  // Keyed on the version too, so the history is fetched again after an edit.
  const history = useRemote(`${pin}|${version}`, (signal) => peopleApi.history(pin, signal));

  if (history.status === 'error') return <ErrorBox error={history.error} onRetry={history.retry} />;
  if (!history.data) return <Loading />;
  const entries = historyEntries(history.data.versions);
  return (
    <div data-testid="person-history">
      <h2 className="visually-hidden">{t('people.person.tabs.history')}</h2>
      <ol className="versions" aria-busy={history.status === 'loading'}>
        {entries.map((entry) => (
          <VersionCard key={entry.version} entry={entry} />
        ))}
      </ol>
      <section className="panel section" aria-labelledby="history-pins-heading">
        <h2 id="history-pins-heading">{t('people.pins.heading')}</h2>
        <PinTable pins={history.data.pins} />
      </section>
    </div>
  );
}

function authorText(t: TFunction, author: Author, me: string): string {
  switch (author.kind) {
    case 'you':
      return t('people.history.byYou', { name: me });
    case 'import':
      return t('people.history.byImport', { batch: author.batch.slice(0, 8) });
    case 'officer':
      return t('people.history.byOfficer', { id: author.id.slice(0, 8) });
    case 'system':
      return t('people.history.bySystem', { name: author.name });
  }
}

function VersionCard({ entry }: { entry: VersionEntry }) {
  const { t } = useTranslation();
  const officer = useOfficer();
  const author = authorOf(entry.changedBy, officer.id);
  return (
    <li className="version card" data-testid="version" data-version={entry.version}>
      <div className="version__head">
        <h3>{t('people.history.version', { version: entry.version })}</h3>
        <span className="muted">{formatDateTime(entry.changedAt)}</span>
      </div>
      <dl className="facts facts--compact">
        <dt>{t('people.history.by')}</dt>
        <dd data-testid="version-author">{authorText(t, author, officer.displayName)}</dd>
        <dt>{t('forms.reason')}</dt>
        <dd data-testid="version-reason">{purposeText(t, entry.reason)}</dd>
        {entry.reasonNote && (
          <>
            <dt>{t('people.history.reasonNote')}</dt>
            <dd data-testid="version-reason-note">{entry.reasonNote}</dd>
          </>
        )}
        {entry.dossier && (
          <>
            <dt>{t('forms.dossier')}</dt>
            <dd className="code">{entry.dossier}</dd>
          </>
        )}
      </dl>
      {entry.changes === null ? (
        <p className="muted version__first">{t('people.history.first')}</p>
      ) : entry.changes.length === 0 ? (
        <p className="muted">{t('people.history.noChanges')}</p>
      ) : (
        <ChangeTable changes={entry.changes} />
      )}
    </li>
  );
}

function ChangeTable({ changes }: { changes: FieldChange[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid="version-changes">
        <caption className="visually-hidden">{t('people.history.changes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('people.history.field')}</th>
            <th scope="col">{t('people.history.before')}</th>
            <th scope="col">{t('people.history.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field} data-testid="changed-field" data-field={c.field}>
              <th scope="row">{isHistoryField(c.field) ? t(`people.field.${c.field}`) : c.field}</th>
              <td className={isBlank(c.before) ? 'muted' : 'diff--before'}>
                {valueText(t, labels, c.field, c.before)}
              </td>
              <td className={isBlank(c.after) ? 'muted' : 'diff--after'}>
                {valueText(t, labels, c.field, c.after)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const isBlank = (value: unknown) => value === null || value === undefined || value === '';

/** A snapshot value as people read it: dates dd/mm/yyyy, codes as their labels. */
export function valueText(t: TFunction, labels: Labels, field: string, value: unknown): string {
  if (isBlank(value)) return t('common.none');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (field) {
    case 'birthDate':
    case 'deathDate':
      return formatDate(text);
    case 'sex':
      return text === 'M' || text === 'F' ? t(`people.sex.${text}`) : text;
    case 'status':
      return text === 'living' || text === 'deceased' || text === 'missing'
        ? t(`people.status.${text}`)
        : text;
    case 'ethnicity':
      return labels.ethnicity(text);
    case 'religion':
      return labels.religion(text);
    default:
      return text;
  }
}
