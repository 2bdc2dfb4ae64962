package io.runnel.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {

    @TempDir
    Path dir;

    private OffsetIndex index(boolean mutable) throws IOException {
        return new OffsetIndex(Disk.LOCAL, dir.resolve("00000000000000000100.index"), 100, 1024, mutable);
    }

    @Test
    void lookupFindsTheGreatestEntryAtOrBelowTheTarget() throws IOException {
        OffsetIndex index = index(true);
        index.append(110, 4000);
        index.append(130, 9000);
        index.append(131, 9100);
        assertThat(index.lookup(99)).isEqualTo(new OffsetPosition(100, 0));
        assertThat(index.lookup(109)).isEqualTo(new OffsetPosition(100, 0));
        assertThat(index.lookup(110)).isEqualTo(new OffsetPosition(110, 4000));
        assertThat(index.lookup(129)).isEqualTo(new OffsetPosition(110, 4000));
        assertThat(index.lookup(1_000)).isEqualTo(new OffsetPosition(131, 9100));
        assertThat(index.lookupByPosition(8999)).isEqualTo(new OffsetPosition(110, 4000));
        assertThat(index.lookupByPosition(9000)).isEqualTo(new OffsetPosition(130, 9000));
    }

    @Test
    void entriesMustIncrease() throws IOException {
        OffsetIndex index = index(true);
        index.append(110, 4000);
        assertThatThrownBy(() -> index.append(110, 5000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.append(111, 4000)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sealedIndexIsReadFromTheFileAndSurvivesReopening() throws IOException {
        OffsetIndex index = index(true);
        for (int i = 1; i <= 50; i++) {
            index.append(100 + i * 10, i * 1000);
        }
        index.seal();
        assertThat(Files.size(index.path())).isEqualTo(50 * OffsetIndex.ENTRY_SIZE);
        assertThat(index.lookup(255)).isEqualTo(new OffsetPosition(250, 15000));
        index.close();

        OffsetIndex reopened = index(false);
        assertThat(reopened.entries()).isEqualTo(50);
        assertThat(reopened.lookup(255)).isEqualTo(new OffsetPosition(250, 15000));
        assertThat(reopened.sanityCheck(60_000)).isNull();
        assertThat(reopened.sanityCheck(50_000)).contains("points past");
        reopened.close();
    }

    @Test
    void truncationRemovesEntriesAtOrAboveTheOffset() throws IOException {
        OffsetIndex index = index(true);
        index.append(110, 1000);
        index.append(120, 2000);
        index.append(130, 3000);
        index.flush();
        index.truncateTo(120);
        assertThat(index.entries()).isEqualTo(1);
        assertThat(index.lookup(500)).isEqualTo(new OffsetPosition(110, 1000));
        assertThat(Files.size(index.path())).isEqualTo(OffsetIndex.ENTRY_SIZE);
        index.append(125, 2500);
        assertThat(index.lookup(500)).isEqualTo(new OffsetPosition(125, 2500));
    }

    @Test
    void aFullIndexRefusesEntries() throws IOException {
        OffsetIndex index = new OffsetIndex(Disk.LOCAL, dir.resolve("x.index"), 0, 16, true);
        index.append(1, 10);
        index.append(2, 20);
        assertThat(index.isFull()).isTrue();
        assertThatThrownBy(() -> index.append(3, 30)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPartialEntryFailsTheSanityCheck() throws IOException {
        Files.write(dir.resolve("00000000000000000100.index"), new byte[12]);
        assertThat(index(false).sanityCheck(100)).contains("multiple");
    }
}
