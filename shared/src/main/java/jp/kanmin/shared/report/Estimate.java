package jp.kanmin.shared.report;

/** Whether amounts are a rough early estimate (概算) or confirmed (確定). */
public enum Estimate { ROUGH, CONFIRMED }
