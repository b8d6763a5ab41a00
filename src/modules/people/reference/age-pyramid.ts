/**
 * Vietnam's population by five-year age band, 2025 (approximate, after the UN World Population
 * Prospects 2024 estimates and the 2019 census structure): share of the population in % and
 * share of males in the band. The sex ratio at birth is ≈ 111 boys per 100 girls, so young
 * bands are male-heavy; women outlive men, so old bands are female-heavy.
 * The last band (100+) is treated as 100–104.
 */
export interface AgeBand {
  readonly from: number;
  readonly to: number;
  readonly share: number;
  readonly maleShare: number;
}

const ROWS: ReadonlyArray<readonly [from: number, share: number, maleShare: number]> = [
  [0, 6.6, 0.525],
  [5, 7.4, 0.525],
  [10, 7.9, 0.525],
  [15, 7.3, 0.52],
  [20, 6.9, 0.51],
  [25, 7.2, 0.505],
  [30, 7.7, 0.505],
  [35, 8.1, 0.5],
  [40, 7.8, 0.5],
  [45, 7.1, 0.495],
  [50, 6.4, 0.49],
  [55, 5.8, 0.48],
  [60, 4.9, 0.47],
  [65, 3.9, 0.45],
  [70, 2.7, 0.43],
  [75, 1.6, 0.4],
  [80, 1.0, 0.37],
  [85, 0.6, 0.33],
  [90, 0.25, 0.3],
  [95, 0.08, 0.27],
  [100, 0.02, 0.25],
];

export const AGE_PYRAMID_2025: readonly AgeBand[] = ROWS.map(([from, share, maleShare]) => ({
  from,
  to: from + 4,
  share,
  maleShare,
}));

export const MAX_AGE = 104;
