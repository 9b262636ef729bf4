package jp.kanmin.shared.plan;

/** A text in Japanese, the users' language, and in English. */
public record LocalizedText(String ja, String en) {
}
