package io.runnel.connect.postgres;

import java.util.List;

/**
 * One message of the {@code pgoutput} logical replication protocol, version 1 (PostgreSQL docs, "Logical
 * Replication Message Formats"). LSNs are 64-bit WAL positions; times are microseconds since 2000-01-01 UTC, as on
 * the wire. Immutable.
 */
sealed interface PgOutputMessage {

    /** Microseconds between 1970-01-01 and 2000-01-01, the epoch of PostgreSQL timestamps on the wire. */
    long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;

    /** 'B': the transaction that follows commits at {@code finalLsn}. */
    record Begin(long finalLsn, long commitTimeMicros, long xid) implements PgOutputMessage {}

    /** 'C': the end of the transaction; the slot may be confirmed up to {@code endLsn} once it is delivered. */
    record Commit(long commitLsn, long endLsn, long commitTimeMicros) implements PgOutputMessage {}

    /** 'R': the shape of a table, sent before its first change in a session and after any change of shape. */
    record Relation(int relationId, String schema, String table, char replicaIdentity, List<Column> columns)
            implements PgOutputMessage {}

    /** A column of a {@link Relation}: {@code key} when it is part of the replica identity. */
    record Column(boolean key, String name, int typeOid, int typeModifier) {}

    /** 'I': a new row. */
    record Insert(int relationId, TupleData newTuple) implements PgOutputMessage {}

    /**
     * 'U': a changed row; {@code oldTuple} is the old key ('K', key columns only) or the whole old row ('O', REPLICA
     * IDENTITY FULL), or null when the key did not change under the default identity.
     */
    record Update(int relationId, TupleData oldTuple, boolean oldIsKeyOnly, TupleData newTuple)
            implements PgOutputMessage {}

    /** 'D': a removed row, carrying its old key ('K') or whole old row ('O'). */
    record Delete(int relationId, TupleData oldTuple, boolean oldIsKeyOnly) implements PgOutputMessage {}

    /** 'T': the listed tables were truncated. */
    record Truncate(List<Integer> relationIds, boolean cascade, boolean restartIdentity) implements PgOutputMessage {}

    /** Any message the connector does not act on (Origin, Type, logical decoding messages). */
    record Ignored(char tag) implements PgOutputMessage {}

    /** The columns of one row, in the relation's column order. */
    record TupleData(List<Value> values) {}

    /**
     * One column value: {@code kind} 'n' (null), 'u' (unchanged TOASTed value, not sent) or 't' (text form in
     * {@code text}).
     */
    record Value(char kind, String text) {
        static final Value NULL = new Value('n', null);
        static final Value UNCHANGED_TOAST = new Value('u', null);
    }

    static long toEpochMicros(long pgMicros) {
        return pgMicros + PG_EPOCH_OFFSET_MICROS;
    }
}
