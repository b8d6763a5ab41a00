import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format.js';
import { useLang } from '../../i18n/index.js';
import { formatProbability, type CandidateListItem, type RuleCode } from './quality-api.js';

/** "Khớp" (score at or above the match threshold) or "Cần xem xét" (between review and match). */
export function DecisionBadge({ decision }: { decision: CandidateListItem['decision'] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${decision === 'match' ? 'badge--dossier-stop' : 'badge--dossier-warning'}`} data-testid="pair-decision" data-decision={decision}>
      {t(`quality.decision.${decision}`)}
    </span>
  );
}

/** The match weight and the probability beside it ("12,4 · 99,9 %"). */
export function ScoreText({ score, probability }: { score: number; probability: number }) {
  const lang = useLang();
  return (
    <span className="quality-score" data-testid="pair-score">
      <strong>{formatNumber(Math.round(score * 10) / 10, lang)}</strong>
      <span className="muted"> · {formatProbability(probability, lang)}</span>
    </span>
  );
}

export function RuleLabel({ rule }: { rule: RuleCode }) {
  const { t } = useTranslation();
  return <>{t(`quality.rule.${rule}`)}</>;
}
