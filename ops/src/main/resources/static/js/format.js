// Times are shown in Japan time, whatever the device's zone: every organisation reads the same clock.
import { language } from './i18n.js';

const ZONE = 'Asia/Tokyo';

export function time(instant, { withDate = false } = {}) {
  if (!instant) return '—';
  const options = { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false };
  if (withDate) Object.assign(options, { month: 'numeric', day: 'numeric' });
  return new Intl.DateTimeFormat(language() === 'ja' ? 'ja-JP' : 'en-GB', options).format(new Date(instant));
}

export function dateTime(instant) {
  return time(instant, { withDate: true });
}

/** ISO-8601 durations as the API writes them (PT1H42M3.5S, P2DT3H) in milliseconds. */
export function isoMillis(duration) {
  if (!duration) return 0;
  const match = /^(-)?P(?:(\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?)?$/.exec(duration);
  if (!match) return 0;
  const [, negative, d, h, m, s] = match;
  const ms = (((+d || 0) * 24 + (+h || 0)) * 60 + (+m || 0)) * 60000 + (+s || 0) * 1000;
  return negative ? -ms : ms;
}

/** "2日3時間" / "2 d 3 h": the two largest units, enough for a board read from across the room. */
export function span(ms) {
  const ja = language() === 'ja';
  const minutes = Math.floor(Math.abs(ms) / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const unit = ja ? { d: '日', h: '時間', m: '分' } : { d: ' d ', h: ' h ', m: ' min' };
  const text = days > 0 ? `${days}${unit.d}${hours}${unit.h}`
    : hours > 0 ? `${hours}${unit.h}${mins}${unit.m}` : `${mins}${unit.m}`;
  return text.trim();
}

export function yen(amount) {
  return new Intl.NumberFormat(language() === 'ja' ? 'ja-JP' : 'en-GB',
    { style: 'currency', currency: 'JPY' }).format(amount ?? 0);
}

export function percent(value) {
  return value == null ? '—' : `${value}%`;
}
