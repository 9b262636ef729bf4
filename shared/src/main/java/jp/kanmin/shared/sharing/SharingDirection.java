package jp.kanmin.shared.sharing;

/** Who shares under an agreement: the organisation that holds it, or both parties with each other. */
public enum SharingDirection {
    /** the holder shares with the counterpart */
    ONE_WAY,
    /** 相互共有: each shares with the other on the same cadence */
    MUTUAL
}
