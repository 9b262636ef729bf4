// 報告の種類: declared once on the server (GET /api/report-kinds, loaded at sign-in); every page names and summarises
// reports from that list, so a new kind of report shows on every page without a change here.
import { dateTime } from './format.js';
import { language, localized, t, term } from './i18n.js';

let kinds = [];

/** 通知の種類: what a notification rule may ask for (the server's NotificationKind). */
export const NOTIFICATION_KINDS = ['TASK_OVERDUE', 'ESCALATED', 'SHARING_DUE', 'SHARING_MISSED', 'SHARED_WITH_YOU',
  'SUPPORT_REQUEST_TO_YOU', 'SCALE_DECLARED', 'INJECT_TOLD'];

export function useReportKinds(list) {
  kinds = list ?? [];
}

/** A kind by the type a request names (STAFF_SAFETY) or by the entry type that records it (StaffSafetyReported). */
export function reportKind(type) {
  return kinds.find(kind => kind.type === type || kind.event === type) ?? null;
}

/** The kind's name in the current language; the type itself for a kind this page has not been told of. */
export function kindLabel(type) {
  return localized(reportKind(type)?.label) ?? type;
}

/** A report entry's summary line, its kind's template filled with the entry's content; null for other entries. */
export function reportSummary(entry) {
  const kind = reportKind(entry.type);
  if (!kind) return null;
  const content = entry.payload?.content ?? {};
  return localized(kind.summary).replace(/\{(\w+)}/g, (_, field) => shown(content[field])).replace(/\s+/g, ' ').trim();
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function shown(value) {
  if (value == null || value === '') return t('none');
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
  if (Array.isArray(value)) return value.length ? value.map(shown).join(language() === 'ja' ? '、' : ', ') : t('none');
  if (typeof value === 'string' && INSTANT.test(value)) return dateTime(value);
  if (typeof value === 'string' && /^[A-Z][A-Z_]+$/.test(value)) return term(value);
  return String(value);
}
