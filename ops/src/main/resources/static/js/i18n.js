// Japanese first, English on request. Every text the pages show comes from here, so a page never mixes languages.
const KEY = 'kanmin.lang';

const TEXT = {
  ja: {
    'app.name': '官民連携タイムライン',
    'nav.home': 'ホーム', 'nav.board': '本部ボード', 'nav.post': '報告', 'nav.replay': '振り返り', 'nav.notifications': '通知設定',
    'notify.title': '{org} の通知設定', 'notify.add': '通知ルールの追加・変更', 'notify.log': '送信記録',
    'notify.none': '通知ルールはまだありません。', 'notify.nothingSent': 'まだ何も送信していません。',
    'notify.ruleId': 'ルール名（英小文字・数字・-）', 'notify.kinds': '通知する内容', 'notify.channel': '送信先の種類',
    'notify.address': '送信先', 'notify.language': '言語', 'notify.save': '保存', 'notify.saved': '保存しました。',
    'notify.remove': '削除', 'notify.removed': '削除しました。', 'notify.secret': '署名の鍵',
    'notify.phone': 'スマートフォン（Web Push）', 'notify.redeliver': '再送', 'notify.attempts': '{n} 回試行',
    'notify.channel.EMAIL': 'メール', 'notify.channel.WEBHOOK': 'Webhook（チャット・LINEボット等）',
    'notify.channel.WEB_PUSH': 'スマートフォン（Web Push）',
    'notify.language.ja': '日本語', 'notify.language.en': '英語',
    'notify.status.PENDING': '送信中', 'notify.status.DELIVERED': '送信済', 'notify.status.DEAD': '送信失敗',
    'notify.kind.TASK_OVERDUE': 'タスク期限超過', 'notify.kind.ESCALATED': '督促',
    'notify.kind.SHARING_DUE': '情報共有の期限', 'notify.kind.SHARING_MISSED': '情報共有の未実施',
    'notify.kind.SHARED_WITH_YOU': '情報共有を受信', 'notify.kind.SUPPORT_REQUEST_TO_YOU': '応援要請を受信',
    'notify.kind.SCALE_DECLARED': '被害規模の確定', 'notify.kind.INJECT_TOLD': '状況付与',
    'lang.toggle': 'English', 'lang.label': 'Switch the pages to English',
    'signin.title': 'サインイン', 'signin.token': '組織のAPIトークン', 'signin.submit': 'サインイン',
    'signin.hint': '管理者から配布されたトークンを入力してください（この端末に保存されます）。',
    'signin.bad': 'トークンが正しくありません。', 'signout': 'サインアウト',
    'incidents.title': '参加中のインシデント', 'incidents.none': '参加中のインシデントはありません。',
    'incident.pick': 'インシデント', 'incident.open': '開く',
    'mode.REAL': '実災害', 'mode.EXERCISE': '訓練',
    'since.after': '発災から {d}', 'since.before': '発災まで {d}',
    'obligations.ZERO_HOUR': '義務の起算: 発災時刻から', 'obligations.REGISTRATION': '義務の起算: 登録時 ({at} JST) から',
    'scale.none': '被害規模 未宣言', 'scale.declared': '{district}: {scale}（宣言済）',
    'board.timeline': 'タイムライン（リアルタイム）', 'board.replayTimeline': 'タイムライン（リプレイ時刻まで）', 'board.tasks': '組織 × フェーズのタスク',
    'board.exchanges': '情報共有の状況', 'board.damage': '被害状況', 'board.support': '未対応の応援要請',
    'board.silent': '連絡のない組織', 'board.chart': 'タイムラインチャート', 'board.missingSafety': '安否確認 未報告',
    'feed.live': '受信中', 'feed.connecting': '接続中…', 'feed.retrying': '再接続を待っています',
    'feed.stopped': '停止', 'feed.denied': 'このインシデントを見る権限がありません',
    'filter.category': '種類', 'filter.organisation': '組織', 'filter.all': 'すべて',
    'category.incident': 'インシデント', 'category.report': '報告', 'category.damage': '被害',
    'category.task': 'タスク', 'category.exchange': '情報共有', 'category.support': '応援',
    'tier': '第{n}段階', 'tasks.org': '組織', 'tasks.overdueList': '期限超過',
    'tasks.cell': '完了 {done}/{total}', 'tasks.overdue': '超過 {n}', 'tasks.none': 'タスクはまだありません。',
    'ex.matrix': '送信元 ＼ 受信先', 'ex.none': '共有の取り決めはまだありません。',
    'ex.shared': '共有 {n}', 'ex.late': '遅延 {n}', 'ex.missed': '欠落 {n}', 'ex.unack': '未確認 {n}',
    'ex.next': '次回 {t}', 'ex.last': '最終 {t}',
    'damage.district': '地区', 'damage.surveyed': '調査済', 'damage.power': '停電', 'damage.light': '軽微',
    'damage.severe': '大きな被害', 'damage.total': '被害額', 'damage.suggested': '規模の目安: {scale}',
    'damage.because': '根拠', 'damage.declared': '宣言: {scale}', 'damage.proposed': '提案中: {scale}',
    'damage.none': '被害調査はまだありません。', 'damage.outages': 'ライフライン停止',
    'damage.outage': '{org} {sector}: {households}世帯 {eta}', 'damage.eta': '復旧見込 {t}',
    'damage.restored': '復旧済', 'damage.noOutages': '停止中のライフラインはありません。',
    'support.none': '未対応の応援要請はありません。', 'support.item': '{resource} {quantity}{unit}',
    'support.age': '{d} 経過', 'support.to': '→ {to}',
    'silent.none': '6時間以上連絡のない組織はありません。', 'silent.for': '{d} 連絡なし',
    'missing.none': '全組織が安否確認を報告済みです。', 'missing.overdue': '期限超過 {d}',
    'chart.zoom': '表示範囲', 'chart.fit': '全体', 'chart.earlier': '前へ', 'chart.later': '次へ',
    'chart.h6': '6時間', 'chart.d1': '1日', 'chart.d3': '3日', 'chart.w1': '1週', 'chart.w4': '4週',
    'chart.legend': '凡例', 'chart.open': '未完了', 'chart.done': '完了', 'chart.late': '遅れて完了',
    'chart.overdue': '期限超過', 'chart.waived': '免除', 'chart.met': '共有（期限内）',
    'chart.exlate': '共有（遅延）', 'chart.missed': '共有なし', 'chart.report': '報告',
    'chart.label': '発災からの経過時間に沿った各組織のタスク、情報共有、報告',
    'post.title': '状況報告', 'post.as': '{org} として報告', 'post.pick': '報告の種類',
    'push.subscribe': 'この端末に通知', 'push.on': 'この端末に通知します（通知ルールに登録しました）',
    'push.denied': '通知が許可されていません', 'push.failed': '通知を設定できません',
    'post.SUPPORT': '応援要請', 'post.ACK': '受領確認',
    'post.safe': '無事', 'post.injured': '負傷', 'post.missing': '行方不明', 'post.unreachable': '連絡不通',
    'post.note': 'メモ', 'post.send': '送信', 'post.severity': '被害の程度',
    'severity.NONE': '被害なし', 'severity.LIGHT': '軽微', 'severity.SEVERE': '大きな被害',
    'post.operating': '操業', 'post.operating.yes': '操業中', 'post.operating.no': '停止',
    'post.site': '拠点名', 'post.outageId': '停止の識別子', 'post.sector': '種別', 'post.households': '影響世帯数',
    'post.cause': '原因', 'post.eta': '復旧見込み', 'post.resource': '必要なもの', 'post.quantity': '数量',
    'post.unit': '単位', 'post.priority': '優先度', 'post.description': '内容', 'post.to': '宛先',
    'post.inbox': '受領確認の待ち', 'post.inbox.none': '未確認の共有はありません。',
    'post.ack': '受領しました', 'post.queue': '送信状況', 'post.queue.none': 'まだ送信していません。',
    'post.sent': '送信済', 'post.waiting': '送信待ち', 'post.sending': '送信中', 'post.failed': '失敗',
    'post.online': 'オンライン', 'post.offline': 'オフライン（接続が戻ると自動で送信します）',
    'post.queued': '保存しました。接続が戻ると送信します。', 'post.accepted': '送信しています。結果は送信状況に表示されます。',
    'post.retry': '再送', 'post.discard': '削除', 'post.invalid': '入力を確認してください: {detail}',
    'resource.PERSONNEL': '人員', 'resource.EQUIPMENT': '資機材', 'resource.VEHICLES': '車両', 'resource.FUEL': '燃料',
    'resource.WATER': '水・給水', 'resource.FOOD': '食料', 'resource.MATERIALS': '物資', 'resource.POWER_SUPPLY': '電源',
    'resource.SHELTER': '避難場所', 'resource.OTHER': 'その他',
    'priority.URGENT': '至急', 'priority.HIGH': '高', 'priority.NORMAL': '通常', 'priority.LOW': '低',
    'replay.title': '振り返り（リプレイ）', 'replay.play': '再生', 'replay.pause': '一時停止',
    'replay.speed': '速度', 'replay.clock': 'リプレイ時刻', 'replay.seek': '時刻を移動',
    'replay.review': '振り返りレポート（印刷用）', 'replay.ended': '再生が終わりました',
    'replay.speedValue': '{n}倍', 'replay.max': '最速',
    'error.load': '読み込めませんでした: {detail}', 'error.network': 'サーバーに接続できません。',
    'home.intro': '災害時に官民の組織が一つのタイムラインで動くためのページです。',
    'home.board': '本部ボード（壁面表示）', 'home.post': '報告（スマートフォン）', 'home.replay': '振り返り',
    'none': '—', 'yes': 'はい', 'no': 'いいえ',
  },
  en: {
    'app.name': 'Kanmin Timeline',
    'nav.home': 'Home', 'nav.board': 'HQ board', 'nav.post': 'Report', 'nav.replay': 'Review',
    'nav.notifications': 'Notifications',
    'notify.title': 'Notifications of {org}', 'notify.add': 'Add or change a rule', 'notify.log': 'Sent',
    'notify.none': 'No notification rules yet.', 'notify.nothingSent': 'Nothing sent yet.',
    'notify.ruleId': 'Rule name (a-z, 0-9, -)', 'notify.kinds': 'Tell of', 'notify.channel': 'Channel',
    'notify.address': 'Address', 'notify.language': 'Language', 'notify.save': 'Save', 'notify.saved': 'Saved.',
    'notify.remove': 'Remove', 'notify.removed': 'Removed.', 'notify.secret': 'Signing secret',
    'notify.phone': 'Phone (Web Push)', 'notify.redeliver': 'Send again', 'notify.attempts': '{n} attempts',
    'notify.channel.EMAIL': 'E-mail', 'notify.channel.WEBHOOK': 'Webhook (chat or LINE bot)',
    'notify.channel.WEB_PUSH': 'Phone (Web Push)',
    'notify.language.ja': 'Japanese', 'notify.language.en': 'English',
    'notify.status.PENDING': 'Sending', 'notify.status.DELIVERED': 'Delivered', 'notify.status.DEAD': 'Failed',
    'notify.kind.TASK_OVERDUE': 'Task overdue', 'notify.kind.ESCALATED': 'Escalated to you',
    'notify.kind.SHARING_DUE': 'Sharing due', 'notify.kind.SHARING_MISSED': 'Sharing missed',
    'notify.kind.SHARED_WITH_YOU': 'Shared with you', 'notify.kind.SUPPORT_REQUEST_TO_YOU': 'Support requested of you',
    'notify.kind.SCALE_DECLARED': 'Damage scale declared', 'notify.kind.INJECT_TOLD': 'Exercise inject',
    'lang.toggle': '日本語', 'lang.label': 'ページを日本語で表示',
    'signin.title': 'Sign in', 'signin.token': "Your organisation's API token", 'signin.submit': 'Sign in',
    'signin.hint': 'Enter the token your administrator gave you (it is kept on this device).',
    'signin.bad': 'That token is not valid.', 'signout': 'Sign out',
    'incidents.title': 'Your incidents', 'incidents.none': 'You take part in no incident.',
    'incident.pick': 'Incident', 'incident.open': 'Open',
    'mode.REAL': 'REAL', 'mode.EXERCISE': 'EXERCISE',
    'since.after': '{d} since zero hour', 'since.before': '{d} to zero hour',
    'obligations.ZERO_HOUR': 'obligations count from zero hour', 'obligations.REGISTRATION': 'obligations count from registration ({at} JST)',
    'scale.none': 'No damage scale declared', 'scale.declared': '{district}: {scale} (declared)',
    'board.timeline': 'Live timeline', 'board.replayTimeline': 'Timeline up to the replay clock', 'board.tasks': 'Tasks by organisation and tier',
    'board.exchanges': 'Information exchange', 'board.damage': 'Damage', 'board.support': 'Open support requests',
    'board.silent': 'Silent organisations', 'board.chart': 'Timeline chart', 'board.missingSafety': 'No staff-safety report yet',
    'feed.live': 'live', 'feed.connecting': 'connecting…', 'feed.retrying': 'waiting to reconnect',
    'feed.stopped': 'stopped', 'feed.denied': 'You may not see this incident',
    'filter.category': 'Kind', 'filter.organisation': 'Organisation', 'filter.all': 'All',
    'category.incident': 'Incident', 'category.report': 'Reports', 'category.damage': 'Damage',
    'category.task': 'Tasks', 'category.exchange': 'Exchanges', 'category.support': 'Support',
    'tier': 'Tier {n}', 'tasks.org': 'Organisation', 'tasks.overdueList': 'Overdue',
    'tasks.cell': '{done}/{total} done', 'tasks.overdue': '{n} overdue', 'tasks.none': 'No tasks yet.',
    'ex.matrix': 'From \\ to', 'ex.none': 'No sharing agreements yet.',
    'ex.shared': '{n} shared', 'ex.late': '{n} late', 'ex.missed': '{n} missed', 'ex.unack': '{n} unread',
    'ex.next': 'next {t}', 'ex.last': 'last {t}',
    'damage.district': 'District', 'damage.surveyed': 'Surveyed', 'damage.power': 'No power', 'damage.light': 'Light',
    'damage.severe': 'Severe', 'damage.total': 'Amount', 'damage.suggested': 'Suggested scale: {scale}',
    'damage.because': 'because', 'damage.declared': 'Declared: {scale}', 'damage.proposed': 'Proposed: {scale}',
    'damage.none': 'No damage survey yet.', 'damage.outages': 'Utility outages',
    'damage.outage': '{org} {sector}: {households} households {eta}', 'damage.eta': 'ETA {t}',
    'damage.restored': 'restored', 'damage.noOutages': 'No utility is out.',
    'support.none': 'No open support request.', 'support.item': '{resource} {quantity} {unit}',
    'support.age': 'waiting {d}', 'support.to': '→ {to}',
    'silent.none': 'Every organisation was heard from in the last 6 h.', 'silent.for': 'silent for {d}',
    'missing.none': 'Every organisation has reported staff safety.', 'missing.overdue': 'overdue by {d}',
    'chart.zoom': 'Span', 'chart.fit': 'All', 'chart.earlier': 'Earlier', 'chart.later': 'Later',
    'chart.h6': '6 h', 'chart.d1': '1 day', 'chart.d3': '3 days', 'chart.w1': '1 week', 'chart.w4': '4 weeks',
    'chart.legend': 'Legend', 'chart.open': 'open', 'chart.done': 'done', 'chart.late': 'done late',
    'chart.overdue': 'overdue', 'chart.waived': 'waived', 'chart.met': 'shared on time',
    'chart.exlate': 'shared late', 'chart.missed': 'missed', 'chart.report': 'report',
    'chart.label': "Each organisation's tasks, exchanges and reports on a time axis from zero hour",
    'post.title': 'Report', 'post.as': 'Reporting as {org}', 'post.pick': 'What to report',
    'push.subscribe': 'Notify this phone', 'push.on': 'This phone will be notified (a notification rule was set)',
    'push.denied': 'Notifications are not allowed', 'push.failed': 'Could not set up notifications',
    'post.SUPPORT': 'Ask for support', 'post.ACK': 'Acknowledge',
    'post.safe': 'Safe', 'post.injured': 'Injured', 'post.missing': 'Missing', 'post.unreachable': 'Unreachable',
    'post.note': 'Note', 'post.send': 'Send', 'post.severity': 'Damage',
    'severity.NONE': 'None', 'severity.LIGHT': 'Light', 'severity.SEVERE': 'Severe',
    'post.operating': 'Operating', 'post.operating.yes': 'Operating', 'post.operating.no': 'Stopped',
    'post.site': 'Site', 'post.outageId': 'Outage id', 'post.sector': 'Sector', 'post.households': 'Households',
    'post.cause': 'Cause', 'post.eta': 'Restoration ETA', 'post.resource': 'Needed', 'post.quantity': 'Quantity',
    'post.unit': 'Unit', 'post.priority': 'Priority', 'post.description': 'Details', 'post.to': 'To',
    'post.inbox': 'Waiting for your acknowledgement', 'post.inbox.none': 'Nothing to acknowledge.',
    'post.ack': 'Received', 'post.queue': 'Outbox', 'post.queue.none': 'Nothing sent yet.',
    'post.sent': 'sent', 'post.waiting': 'waiting', 'post.sending': 'sending', 'post.failed': 'failed',
    'post.online': 'online', 'post.offline': 'offline (will send when the connection returns)',
    'post.queued': 'Saved. It will be sent when the connection returns.', 'post.accepted': 'Sending; the outbox below shows the result.',
    'post.retry': 'Retry', 'post.discard': 'Discard', 'post.invalid': 'Please check: {detail}',
    'resource.PERSONNEL': 'personnel', 'resource.EQUIPMENT': 'equipment', 'resource.VEHICLES': 'vehicles',
    'resource.FUEL': 'fuel', 'resource.WATER': 'water', 'resource.FOOD': 'food', 'resource.MATERIALS': 'materials',
    'resource.POWER_SUPPLY': 'power supply', 'resource.SHELTER': 'shelter', 'resource.OTHER': 'other',
    'priority.URGENT': 'urgent', 'priority.HIGH': 'high', 'priority.NORMAL': 'normal', 'priority.LOW': 'low',
    'replay.title': 'Review (replay)', 'replay.play': 'Play', 'replay.pause': 'Pause',
    'replay.speed': 'Speed', 'replay.clock': 'Replay clock', 'replay.seek': 'Move to time',
    'replay.review': 'Review report (printable)', 'replay.ended': 'End of replay',
    'replay.speedValue': '{n}×', 'replay.max': 'fastest',
    'error.load': 'Could not load: {detail}', 'error.network': 'The server cannot be reached.',
    'home.intro': 'Pages for public and private organisations acting on one timeline in a disaster.',
    'home.board': 'HQ board (wall screen)', 'home.post': 'Report (phone)', 'home.replay': 'Review',
    'none': '—', 'yes': 'yes', 'no': 'no',
  },
};

// Domain words shown in both languages; the Japanese ones follow the source plans.
const TERMS = {
  ja: {
    EARTHQUAKE: '地震', TSUNAMI: '津波', TYPHOON: '台風', FLOOD: '洪水', HEAVY_RAIN: '大雨', VOLCANO: '火山',
    HEAVY_SNOW: '大雪', PANDEMIC: '感染症',
    MUNICIPALITY: '自治体', PREFECTURE: '都道府県', NATIONAL_GOVERNMENT: '国', COMPANY: '企業',
    INFRASTRUCTURE_OPERATOR: 'ライフライン事業者', INDUSTRIAL_PARK: '工業団地', CHAMBER_OF_COMMERCE: '商工会議所・商工会',
    CHAMBER_FEDERATION: '商工会連合会', OTHER: 'その他',
    ALMOST_NONE: 'ほぼ被害なし', DAMAGE: '被害あり', LARGE: '大規模な被害',
    POWER: '電力', WATER: '水道', GAS: 'ガス', TELECOM: '通信', ROAD: '道路', RAIL: '鉄道',
    DAMAGE_PICTURE: '被害状況', SAFETY_STATUS: '安否', INFRASTRUCTURE_STATUS: 'ライフライン', SUPPORT_NEEDS: '支援ニーズ',
    SUPPORT_SCHEMES: '支援策', GENERAL: '一般',
    NONE: '被害なし', LIGHT: '軽微', SEVERE: '大きな被害', OPEN: '通行可', RESTRICTED: '通行制限', CUT: '寸断',
    OPENED: '開設', MOVED: '移設', CLOSED: '閉鎖', STOPPED: '停止', PARTIAL: '一部再開', RESTORED: '復旧',
    TOTAL_COLLAPSE: '全壊', HALF_COLLAPSE: '半壊', PARTIAL_DAMAGE: '一部破壊', FLOODED_ABOVE_FLOOR: '床上浸水',
    FLOODED_BELOW_FLOOR: '床下浸水', ROUGH: '概算', CONFIRMED: '確定',
  },
  en: {
    HEAVY_RAIN: 'heavy rain', HEAVY_SNOW: 'heavy snow', INFRASTRUCTURE_OPERATOR: 'infrastructure operator',
    INDUSTRIAL_PARK: 'industrial park', CHAMBER_OF_COMMERCE: 'chamber of commerce', ALMOST_NONE: 'almost none',
    DAMAGE: 'damage', LARGE: 'large-scale', DAMAGE_PICTURE: 'damage picture',
  },
};

// 安否確認報告 etc.: the timeline's event types in the users' words
const EVENTS = {
  ja: {
    IncidentOpened: 'インシデント開始', ParticipantInvited: '参加招待', ParticipantJoined: '参加',
    ParticipantLeft: '離脱', CoordinatingHqChanged: '統括本部の変更', IncidentClosed: 'インシデント終了',
    IncidentReopened: 'インシデント再開', ExerciseScheduled: '訓練の予定', InjectDelivered: '状況付与',
    ParticipationStarted: '対応開始', ParticipationClosed: '対応終了', ParticipationReopened: '対応再開',
    StaffSafetyReported: '安否確認報告', SiteDamageReported: '被害状況報告', SurroundingsReported: '周辺状況報告',
    OutageReported: 'ライフライン停止', RestorationEtaUpdated: '復旧見込みの更新', OutageRestored: '復旧',
    ShelterStatusReported: '避難所の状況', ConsultationDeskReported: '相談窓口', BusinessRecoveryReported: '事業の復旧',
    SupplyChainReported: 'サプライチェーン', BusinessDamageSurveyed: '被害調査', ReportConfirmed: '報告の確定',
    TaskActivated: 'タスク開始可能', TaskStarted: 'タスク着手', TaskCompleted: 'タスク完了', TaskWaived: 'タスク免除',
    TaskReassigned: 'タスク移管', TaskOverdue: '期限超過', TaskEscalated: '督促（上位へ報告）', DamageScaleApplied: '被害規模の適用',
    ExchangeScheduled: '共有予定', InformationShared: '情報共有', InformationReceived: '受信',
    InformationAcknowledged: '受領確認', ExchangeDue: '共有期限', ExchangeMissed: '共有なし（欠落）', ExchangeEscalated: '督促（共有なし）',
    DamageScaleProposed: '被害規模の提案', DamageScaleDeclared: '被害規模の宣言',
    SupportRequested: '応援要請', SupportAccepted: '応援受諾', SupportDeclined: '応援辞退',
    SupportDelivered: '応援到着', SupportRequestFulfilled: '応援完了', SupportRequestCancelled: '応援取消',
  },
};

let current = localStorage.getItem(KEY) === 'en' ? 'en' : 'ja';

export function language() {
  return current;
}

export function t(key, params = {}) {
  const text = TEXT[current][key] ?? TEXT.ja[key] ?? key;
  return text.replace(/\{(\w+)}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** A text the API gives in both languages ({ja, en}), in the current one; Japanese when there is no English. */
export function localized(text) {
  if (text == null) return null;
  return current === 'en' && text.en ? text.en : text.ja;
}

/** An enum value of the API (EARTHQUAKE, POWER, …) in the current language. */
export function term(value) {
  if (value == null) return t('none');
  return TERMS[current][value] ?? (current === 'en' ? value.toLowerCase().replaceAll('_', ' ') : value);
}

export function eventName(type) {
  return current === 'ja' ? EVENTS.ja[type] ?? type : type.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** Fills every element marked data-i18n (text), data-i18n-label (aria-label) or data-i18n-placeholder. */
export function translate(root = document) {
  document.documentElement.lang = current;
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach(el => el.setAttribute('aria-label', t(el.dataset.i18nLabel)));
  root.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
}

const listeners = [];

export function onLanguageChange(listener) {
  listeners.push(listener);
}

export function toggleLanguage() {
  current = current === 'ja' ? 'en' : 'ja';
  localStorage.setItem(KEY, current);
  translate();
  listeners.forEach(listener => listener(current));
}
