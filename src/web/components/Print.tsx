import { useTranslation } from 'react-i18next';
import { useOfficer } from '../auth.js';
import { formatDate, todayInVietnam } from '../format.js';

/**
 * The head of a printed page: the officer's unit (the one that hands the paper over), the
 * document's title and the day it was printed. Hidden on screen; the print stylesheet shows it
 * and numbers the pages (styles.css, "Print").
 */
export function PrintHeader({ title }: { title: string }) {
  const { t } = useTranslation();
  const officer = useOfficer();
  const unit = officer.unitLevel === 'nation' ? t('print.nation') : (officer.unitName ?? officer.unitCode ?? '');
  return (
    <header className="print-header" data-testid="print-header">
      <div className="print-header__unit">
        <span className="print-header__agency">{t('print.agency')}</span>
        <strong data-testid="print-unit">{unit}</strong>
      </div>
      <div className="print-header__doc">
        <strong>{title}</strong>
        <span data-testid="print-date">{t('print.printedOn', { date: formatDate(todayInVietnam()) })}</span>
      </div>
    </header>
  );
}

/** Opens the browser's print dialog; the print stylesheet leaves out navigation and buttons. */
export function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="button button--ghost button--small no-print" onClick={() => window.print()} data-testid="print-button">
      {t('print.button')}
    </button>
  );
}
