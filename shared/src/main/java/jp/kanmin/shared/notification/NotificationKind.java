package jp.kanmin.shared.notification;

/**
 * What an organisation may ask to be told of (通知の種類). Each kind names the timeline entry that raises it and who
 * hears of it: the organisation the entry is addressed to, never anyone outside the incident's participants.
 */
public enum NotificationKind {

    /** 期限超過: one of the organisation's own phase tasks went overdue. */
    TASK_OVERDUE("タスク期限超過", "Task overdue"),
    /**
     * 督促: another organisation's overdue task or missed sharing, not acted on, was made known to this one up the
     * reporting chain.
     */
    ESCALATED("督促（対応のない期限超過・共有未実施）", "Escalated to you: an overdue task or missed sharing"),
    /** 共有期限: a sharing slot the organisation owes fell due. */
    SHARING_DUE("情報共有の期限", "Sharing due"),
    /** 共有未実施: a slot the organisation owed passed without its sharing. */
    SHARING_MISSED("情報共有の未実施", "Sharing missed"),
    /** 情報共有: another organisation shared information with this one. */
    SHARED_WITH_YOU("情報共有を受信", "Information shared with you"),
    /** 応援要請: another organisation asked this one for help. */
    SUPPORT_REQUEST_TO_YOU("応援要請を受信", "Support requested of you"),
    /** 被害規模の確定: a district's damage scale was declared in an incident the organisation takes part in. */
    SCALE_DECLARED("被害規模の確定", "Damage scale declared"),
    /** 状況付与: an exercise's inject was told to this organisation. */
    INJECT_TOLD("状況付与", "Exercise inject");

    private final String ja;
    private final String en;

    NotificationKind(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String title(String language) {
        return "en".equals(language) ? en : ja;
    }
}
