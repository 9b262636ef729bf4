package jp.kanmin.shared.notification;

/**
 * Where a notification goes: an e-mail address, a URL that takes a signed JSON POST (a chat or LINE bot), or a
 * browser's push subscription (the phone page's, where the browser allows Web Push).
 */
public enum NotificationChannel {
    EMAIL,
    WEBHOOK,
    /** The address is the subscription as the browser gives it: {@code {"endpoint": …, "keys": {"p256dh", "auth"}}}. */
    WEB_PUSH
}
