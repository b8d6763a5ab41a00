import { useTranslation } from 'react-i18next';
import { TREES } from '../../units-api.js';
import { useTree } from './tree.js';

/** Current tree (34 provinces since 01/07/2025) or the pre-2025 one (63 provinces). */
export function TreeToggle() {
  const { t } = useTranslation();
  const [tree, setTree] = useTree();
  return (
    <fieldset className="segmented" data-testid="tree-toggle">
      <legend className="segmented__legend">{t('units.treeLabel')}</legend>
      <div className="segmented__options">
        {TREES.map((option) => (
          <label key={option} className="segmented__option" data-testid={`tree-${option}`}>
            <input
              type="radio"
              name="tree"
              value={option}
              checked={tree === option}
              onChange={() => setTree(option)}
            />
            <span className="segmented__text">
              {t(`units.tree.${option}`)}
              <small>{t(`units.tree.${option}Hint`)}</small>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
