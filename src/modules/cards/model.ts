import type { Message } from '../../kernel/errors.js';

/**
 * A card's life, pure. `stage` is where the physical card is (approved → produced → shipped →
 * delivered, or returned); `status` is what a verifier is told, computed from the stage, the
 * dates and what ended it: a card is valid only once delivered, until its expiry date, unless it
 * was revoked or replaced by a newer card delivered to the same person.
 */
export type CardStage = 'approved' | 'produced' | 'shipped' | 'delivered' | 'returned';
export const CARD_STAGES: readonly CardStage[] = ['approved', 'produced', 'shipped', 'delivered', 'returned'];
export type CardStatus = 'pending' | 'valid' | 'expired' | 'revoked' | 'replaced';
export type ApplicationCase = 'first_issue' | 'renewal' | 'reissue';
export type DeliveryMethod = 'office' | 'post';

export const STAGE_NAMES: Record<CardStage, Message> = {
  approved: { vi: 'Đã duyệt, chờ sản xuất', en: 'Approved, awaiting production' },
  produced: { vi: 'Đã sản xuất', en: 'Produced' },
  shipped: { vi: 'Đang chuyển', en: 'Shipped' },
  delivered: { vi: 'Đã trả thẻ', en: 'Delivered' },
  returned: { vi: 'Bị trả lại', en: 'Returned' },
};

export const STATUS_NAMES: Record<CardStatus, Message> = {
  pending: { vi: 'Chưa trả cho công dân', en: 'Not yet delivered' },
  valid: { vi: 'Còn giá trị', en: 'Valid' },
  expired: { vi: 'Hết hạn', en: 'Expired' },
  revoked: { vi: 'Đã thu hồi, huỷ', en: 'Revoked' },
  replaced: { vi: 'Đã được thay bằng thẻ mới', en: 'Replaced by a newer card' },
};

/** The moves the delivery desk may record, from each stage. Revocation is apart (any stage). */
export const DELIVERY_MOVES: Readonly<Record<CardStage, readonly CardStage[]>> = {
  approved: [],
  produced: ['shipped', 'delivered'],
  shipped: ['delivered', 'returned'],
  delivered: [],
  returned: ['shipped', 'delivered'],
};

export interface CardFacts {
  stage: CardStage;
  expiryDate: string | null;
  revokedAt: string | null;
  replacedBy: string | null;
}

/** What a verifier is told about a card on `today` (YYYY-MM-DD, Vietnam). */
export function cardStatus(c: CardFacts, today: string): CardStatus {
  if (c.revokedAt) return 'revoked';
  if (c.replacedBy) return 'replaced';
  if (c.stage !== 'delivered') return 'pending';
  if (c.expiryDate !== null && c.expiryDate < today) return 'expired';
  return 'valid';
}

/** Lost or stolen cards are revoked; a returned card that will not be collected is too. */
export const REVOKE_REASONS = {
  lost: { vi: 'Mất thẻ', en: 'Lost' },
  stolen: { vi: 'Bị lấy cắp', en: 'Stolen' },
  holder_deceased: { vi: 'Người được cấp thẻ đã chết', en: 'Holder deceased' },
  issued_in_error: { vi: 'Cấp sai', en: 'Issued in error' },
  not_collected: { vi: 'Không đến nhận thẻ', en: 'Never collected' },
  duplicate_merged: { vi: 'Số thẻ (số định danh) bị huỷ khi hợp nhất hồ sơ trùng', en: 'Card number (PIN) cancelled when duplicate records were merged' },
} as const satisfies Record<string, Message>;
export type RevokeReason = keyof typeof REVOKE_REASONS;
export const REVOKE_REASON_CODES = Object.keys(REVOKE_REASONS) as RevokeReason[];

/** The number of a production batch: `LSX-<year>-<serial, 6 digits>`. */
export const batchNumber = (year: number, serial: number): string => `LSX-${year}-${String(serial).padStart(6, '0')}`;

/** Share delivered among cards produced (delivered ÷ (produced + shipped + delivered + returned)); null when none was produced. */
export function deliveryRate(counts: Partial<Record<CardStage, number>>): number | null {
  const made = (counts.produced ?? 0) + (counts.shipped ?? 0) + (counts.delivered ?? 0) + (counts.returned ?? 0);
  return made === 0 ? null : (counts.delivered ?? 0) / made;
}
