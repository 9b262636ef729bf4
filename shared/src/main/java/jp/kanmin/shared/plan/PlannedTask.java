package jp.kanmin.shared.plan;

import jp.kanmin.shared.report.DamageScale;

import java.time.Duration;

/**
 * One task of a timeline plan.
 *
 * @param tier        1 safety and damage picture, 2 response, 3 information provision (seed 001)
 * @param due         offset from zero hour; negative for forecast hazards (a typhoon's timeline starts before
 *                    landfall)
 * @param openWhen    if set, the task opens only once the declared damage scale reaches it
 * @param completedBy what completes it by itself; null when it is completed by hand
 * @param source      where the plan took it from (seed document and clause)
 */
public record PlannedTask(TaskId id, int tier, LocalizedText title, Duration due, DamageScale openWhen,
                          Completion completedBy, String source) {
}
