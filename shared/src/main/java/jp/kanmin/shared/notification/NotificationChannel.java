package jp.kanmin.shared.notification;

/** Where a notification goes: an e-mail address, or a URL that takes a signed JSON POST (a chat or LINE bot). */
public enum NotificationChannel {
    EMAIL,
    WEBHOOK
}
