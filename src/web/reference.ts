import { useEffect, useMemo, useState } from 'react';
import { useLang, type Lang } from './i18n/index.js';
import { referenceLists, type Reference } from './people-api.js';
import { unitByCode } from './units-api.js';

export interface Labels {
  /** "Kinh" for "01"; the code itself until the lists have loaded or when it is unknown. */
  ethnicity: (code: string | null | undefined) => string;
  religion: (code: string | null | undefined) => string;
  relation: (code: string | null | undefined) => string;
  reference: Reference | undefined;
}

/** Label lookups over the code lists, in a given language. Pure, for tests and non-React code. */
export function makeLabels(reference: Reference | undefined, lang: Lang): Labels {
  const ethnicities = new Map(reference?.ethnicities.map((e) => [e.code, e.name]));
  const religions = new Map(reference?.religions.map((r) => [r.code, r[lang]]));
  const relations = new Map(reference?.relations.map((r) => [r.code, r[lang]]));
  const from = (map: Map<string, string>) => (code: string | null | undefined) =>
    code ? (map.get(code) ?? code) : '';
  return { ethnicity: from(ethnicities), religion: from(religions), relation: from(relations), reference };
}

/** The code lists (fetched once per page load) as labels in the UI language. */
export function useLabels(): Labels {
  const lang = useLang();
  const [reference, setReference] = useState<Reference | undefined>(undefined);
  useEffect(() => {
    let live = true;
    referenceLists().then(
      (r) => live && setReference(r),
      () => undefined, // codes stay readable as codes; forms that need the lists show their own error
    );
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => makeLabels(reference, lang), [reference, lang]);
}

/** A unit's name by code ("Phường Ba Đình"), or undefined while loading or when unknown. */
export function useUnitName(code: string | null | undefined): string | undefined {
  const [name, setName] = useState<{ code: string; name: string } | undefined>(undefined);
  useEffect(() => {
    if (!code) return;
    let live = true;
    unitByCode(code).then(
      (unit) => live && setName({ code, name: unit.name }),
      () => undefined, // the code alone is still correct
    );
    return () => {
      live = false;
    };
  }, [code]);
  return name && name.code === code ? name.name : undefined;
}

export interface CodeOption {
  value: string;
  label: string;
}

/** Select options for the code lists; the current value is kept even before the lists load. */
export function codeOptions(
  labels: Labels,
  list: 'ethnicities' | 'religions' | 'nationalities',
  lang: Lang,
  current: string,
): CodeOption[] {
  const reference = labels.reference;
  const options: CodeOption[] =
    list === 'ethnicities'
      ? (reference?.ethnicities ?? []).map((e) => ({ value: e.code, label: `${e.name} (${e.code})` }))
      : (reference?.[list] ?? []).map((r) => ({ value: r.code, label: r[lang] }));
  if (current && !options.some((o) => o.value === current))
    options.unshift({ value: current, label: current });
  return options;
}
