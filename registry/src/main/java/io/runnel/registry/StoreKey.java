package io.runnel.registry;

/**
 * The key of a record in {@code _schemas}, one type per {@code keytype} of the ecosystem's registry. Keys are
 * written as JSON with a fixed attribute order ({@link StoreCodec}), so one key always has the same bytes and
 * compaction keeps only its latest value. A {@code null} subject in {@link Config} and {@link ModeKey} is the
 * registry-wide setting.
 */
sealed interface StoreKey {

    /** {@code {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}}: one version of a subject. */
    record Schema(String subject, int version) implements StoreKey {}

    /** {@code {"keytype":"CONFIG","subject":s|null,"magic":0}}: a compatibility level. */
    record Config(String subject) implements StoreKey {}

    /** {@code {"keytype":"MODE","subject":s|null,"magic":0}}: a mode. */
    record ModeKey(String subject) implements StoreKey {}

    /** {@code {"keytype":"DELETE_SUBJECT","subject":s,"magic":0}}: every version up to the value's is soft-deleted. */
    record DeleteSubject(String subject) implements StoreKey {}

    /** {@code {"keytype":"CLEAR_SUBJECT","subject":s,"magic":0}}: soft-deleted versions are gone for good. */
    record ClearSubject(String subject) implements StoreKey {}

    /** {@code {"keytype":"NOOP","magic":0}}: a write that only marks a point in the log. */
    record Noop() implements StoreKey {}
}
