package jp.kanmin.shared.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How people see a kind of report (報告の種類): its name and its one-line summary on a board, in Japanese and English.
 * Declared on the kind's content record, served by {@code GET /api/report-kinds}; the pages name and summarise
 * reports from that list rather than from their own copies.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReportKind {

    String ja();

    String en();

    /** The report type plans name when this kind completes a task (an outage's later reports are still outages). */
    ReportType plan();

    /** The summary line; {@code {field}} stands for a field of the content (a missing one is shown as a dash). */
    String summaryJa();

    String summaryEn();

    /** A body a client may post for this kind, as the API document shows it (a test posts each one). */
    String example();
}
