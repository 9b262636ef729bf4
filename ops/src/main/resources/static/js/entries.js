// One line per timeline entry, in the users' words: what happened, by whom, and the figures that matter.
import { dateTime, time } from './format.js';
import { t, term } from './i18n.js';
import { reportSummary } from './kinds.js';

/** {@code taskTitle(organisationId, taskId)} names a task: only TaskActivated carries its title. */
export function summary(entry, names, taskTitle) {
  const p = entry.payload;
  const report = reportSummary(entry);
  if (report != null) return report;
  switch (entry.type) {
    case 'IncidentOpened': return `${p.title} (${term(p.kind)})`;
    case 'ParticipantJoined': case 'ParticipantInvited': case 'ParticipantLeft': return names.of(p.organisationId);
    case 'TaskActivated': case 'TaskStarted': case 'TaskCompleted': case 'TaskWaived': case 'TaskOverdue':
    case 'TaskReassigned': return taskTitle(entry.organisationId, p.taskId);
    case 'TaskEscalated':
      return `${taskTitle(entry.organisationId, p.taskId)} → ${(p.to ?? []).map(id => names.of(id)).join('、')}`;
    case 'InformationShared': return `${term(p.topic)} → ${(p.recipients ?? []).map(id => names.of(id)).join('、')}`
      + (p.text ? `: ${p.text}` : '');
    case 'InformationAcknowledged': return names.of(p.from);
    case 'ExchangeDue': case 'ExchangeMissed':
      return `${term(p.topic)} → ${names.of(p.recipient)} (${time(p.due, { withDate: true })})`;
    case 'ExchangeEscalated':
      return `${term(p.topic)} → ${names.of(p.recipient)} (${time(p.due, { withDate: true })}) ⇒ `
        + (p.to ?? []).map(id => names.of(id)).join('、');
    case 'SupportRequested': return `${t(`resource.${p.resource}`)} ${p.quantity}${p.unit ?? ''} ${p.description ?? ''}`.trim();
    case 'DamageScaleProposed': case 'DamageScaleDeclared': return `${p.judgementId?.district ?? ''} ${term(p.scale)}`;
    case 'InjectDelivered': return p.text ?? p.title ?? '';
    default: return '';
  }
}

/** The entry's own note (報告のメモ), if any. */
export function note(entry) {
  return entry.payload?.facts?.note ?? entry.payload?.note ?? null;
}

