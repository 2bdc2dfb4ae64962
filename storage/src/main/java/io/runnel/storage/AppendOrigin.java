package io.runnel.storage;

/** Who is appending, which decides what the log checks and assigns. */
public enum AppendOrigin {
    /** A producer through Produce: fully validated, offsets assigned, idempotence and transaction rules enforced. */
    CLIENT,
    /** The broker's own coordinators (offsets, transaction markers): control batches allowed. */
    COORDINATOR,
    /** A follower copying the leader: offsets are kept, producer state is recorded without checks. */
    REPLICATION
}
