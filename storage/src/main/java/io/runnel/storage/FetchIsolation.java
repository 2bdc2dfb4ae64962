package io.runnel.storage;

/** How far a read may go. */
public enum FetchIsolation {
    /** Up to the log end offset: followers replicating. */
    LOG_END,
    /** Up to the high watermark: consumers with read_uncommitted. */
    HIGH_WATERMARK,
    /** Up to the last stable offset (before the first open transaction): consumers with read_committed. */
    TXN_COMMITTED
}
