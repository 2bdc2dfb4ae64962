package io.runnel.broker.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.time.MockTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchSessionCacheTest {

    private final MockTime time = new MockTime();
    private final FetchSessionCache cache = new FetchSessionCache(2, 120_000, time);
    private final SessionPartition p0 = SessionPartition.byName("t", 0);
    private final SessionPartition p1 = SessionPartition.byName("t", 1);

    @Test
    void incrementalRequestsMustCarryTheNextEpoch() {
        FetchSession s = cache.create();
        s.update(List.of(new FetchSession.Request(p0, 0, 1024, -1, -1)), List.of());
        cache.release(s);
        assertThat(cache.acquire(s.id(), 2).lookup()).isEqualTo(FetchSessionCache.Lookup.INVALID_EPOCH);
        FetchSessionCache.Acquired ok = cache.acquire(s.id(), 1);
        assertThat(ok.lookup()).isEqualTo(FetchSessionCache.Lookup.OK);
        assertThat(cache.acquire(s.id(), 1).lookup())
                .as("a session lent to one request is not lent to another")
                .isEqualTo(FetchSessionCache.Lookup.INVALID_EPOCH);
        cache.release(ok.session());
        assertThat(cache.acquire(s.id(), 2).lookup()).isEqualTo(FetchSessionCache.Lookup.OK);
        assertThat(cache.acquire(12345, 1).lookup()).isEqualTo(FetchSessionCache.Lookup.NOT_FOUND);
    }

    @Test
    void incrementalUpdatesAddUpdateAndForgetPartitions() {
        FetchSession s = cache.create();
        s.update(
                List.of(new FetchSession.Request(p0, 5, 100, -1, -1), new FetchSession.Request(p1, 7, 100, -1, -1)),
                List.of());
        s.update(List.of(new FetchSession.Request(p0, 9, 100, -1, -1)), List.of(p1));
        assertThat(s.partitions()).containsOnlyKeys(p0);
        assertThat(s.partitions().get(p0).fetchOffset).isEqualTo(9);
    }

    @Test
    void onlyChangedPartitionsMustBeInAnIncrementalResponse() {
        FetchSession s = cache.create();
        s.update(
                List.of(new FetchSession.Request(p0, 0, 100, -1, -1), new FetchSession.Request(p1, 0, 100, -1, -1)),
                List.of());
        assertThat(s.mustRespond(p0, false, false, 10, 10, 0)).isTrue();
        s.update(List.of(), List.of());
        assertThat(s.mustRespond(p0, false, false, 10, 10, 0))
                .as("nothing changed")
                .isFalse();
        assertThat(s.mustRespond(p0, false, false, 11, 11, 0))
                .as("high watermark moved")
                .isTrue();
        assertThat(s.mustRespond(p0, true, false, 11, 11, 0)).as("has records").isTrue();
        assertThat(s.mustRespond(p0, false, true, 11, 11, 0)).as("has an error").isTrue();
    }

    @Test
    void aFullCacheEvictsTheLeastRecentlyUsedIdleSession() {
        FetchSession a = cache.create();
        cache.release(a);
        time.sleep(10);
        FetchSession b = cache.create();
        cache.release(b);
        FetchSession c = cache.create();
        assertThat(c).isNotNull();
        assertThat(cache.acquire(a.id(), 1).lookup()).isEqualTo(FetchSessionCache.Lookup.NOT_FOUND);
        assertThat(cache.acquire(b.id(), 1).lookup()).isEqualTo(FetchSessionCache.Lookup.OK);
        assertThat(cache.create()).as("both remaining sessions are busy").isNull();
    }

    @Test
    void idleSessionsExpire() {
        FetchSession s = cache.create();
        cache.release(s);
        time.sleep(120_001);
        assertThat(cache.acquire(s.id(), 1).lookup()).isEqualTo(FetchSessionCache.Lookup.NOT_FOUND);
    }
}
