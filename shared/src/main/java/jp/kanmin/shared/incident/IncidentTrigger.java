package jp.kanmin.shared.incident;

/** What set zero hour (発災・起点) for an incident. */
public enum IncidentTrigger {
    /** 自然災害の発生: onset of an earthquake, flood, typhoon landfall and the like. */
    NATURAL_DISASTER_ONSET,
    /** 政府対策本部の設置 under 新型インフルエンザ等対策特別措置法 art. 15 (plan 004's pandemic trigger). */
    PANDEMIC_GOVERNMENT_HQ,
    /** 南海トラフ地震臨時情報: a pre-trigger that opens the timeline before any onset. */
    NANKAI_TROUGH_ADVISORY,
    /** 訓練: a workshop exercise. */
    DRILL;

    public static IncidentTrigger defaultFor(IncidentKind kind, IncidentMode mode) {
        if (mode == IncidentMode.EXERCISE) {
            return DRILL;
        }
        return kind == IncidentKind.PANDEMIC ? PANDEMIC_GOVERNMENT_HQ : NATURAL_DISASTER_ONSET;
    }
}
