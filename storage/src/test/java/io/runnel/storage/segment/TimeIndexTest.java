package io.runnel.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {

    @TempDir
    Path dir;

    @Test
    void keepsOnlyGrowingTimestampsAndLooksUpTheGreatestAtOrBelow() throws IOException {
        TimeIndex index = new TimeIndex(Disk.LOCAL, dir.resolve("00000000000000000000.timeindex"), 0, 1200, true);
        assertThat(index.maybeAppend(1000, 5, false)).isTrue();
        assertThat(index.maybeAppend(1000, 9, false)).isFalse();
        assertThat(index.maybeAppend(900, 12, false)).isFalse();
        assertThat(index.maybeAppend(2000, 20, false)).isTrue();
        assertThat(index.lookup(999)).isEqualTo(new TimestampOffset(-1, 0));
        assertThat(index.lookup(1500)).isEqualTo(new TimestampOffset(1000, 5));
        assertThat(index.lookup(5000)).isEqualTo(new TimestampOffset(2000, 20));
        index.seal();
        assertThat(index.lookup(1500)).isEqualTo(new TimestampOffset(1000, 5));
        index.close();
        TimeIndex reopened = new TimeIndex(Disk.LOCAL, dir.resolve("00000000000000000000.timeindex"), 0, 1200, false);
        assertThat(reopened.lastEntry()).isEqualTo(new TimestampOffset(2000, 20));
        assertThat(reopened.sanityCheck()).isNull();
    }

    @Test
    void theFinalEntryIsAddedEvenWhenFull() throws IOException {
        TimeIndex index = new TimeIndex(Disk.LOCAL, dir.resolve("x.timeindex"), 0, 12, true);
        assertThat(index.maybeAppend(10, 1, false)).isTrue();
        assertThat(index.maybeAppend(20, 2, false)).isFalse();
        assertThat(index.maybeAppend(20, 2, true)).isTrue();
        assertThat(index.lastEntry()).isEqualTo(new TimestampOffset(20, 2));
    }

    @Test
    void truncationRemovesEntriesAtOrAboveTheOffset() throws IOException {
        TimeIndex index = new TimeIndex(Disk.LOCAL, dir.resolve("y.timeindex"), 100, 1200, true);
        index.maybeAppend(10, 100, false);
        index.maybeAppend(20, 110, false);
        index.maybeAppend(30, 120, false);
        index.truncateTo(110);
        assertThat(index.entries()).isEqualTo(1);
        assertThat(index.lastEntry()).isEqualTo(new TimestampOffset(10, 100));
    }
}
