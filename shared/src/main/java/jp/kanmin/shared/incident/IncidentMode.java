package jp.kanmin.shared.incident;

/** Whether an incident is real or a workshop exercise (訓練); exercises are marked everywhere. */
public enum IncidentMode {
    REAL,
    EXERCISE
}
