package io.runnel.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

    private final RegistryState state = new RegistryState();

    private void schema(String subject, int version, int id, String text) {
        state.replay(
                StoreCodec.key(new StoreKey.Schema(subject, version)),
                StoreCodec.schemaValue(new StoredSchema(subject, version, id, "AVRO", text, List.of(), false)));
    }

    @Test
    void replayedSchemasAreFoundBySubjectVersionAndId() {
        schema("a", 1, 1, "\"string\"");
        schema("b", 1, 1, "\"string\"");
        schema("a", 2, 2, "\"int\"");
        assertThat(state.versions("a")).extracting(StoredSchema::version).containsExactly(1, 2);
        assertThat(state.usesOf(1)).extracting(StoredSchema::subject).containsExactly("a", "b");
        assertThat(state.idOf("AVRO", "\"int\"", List.of())).contains(2);
        assertThat(state.maxId()).isEqualTo(2);
    }

    @Test
    void aDeleteSubjectRecordSoftDeletesEveryVersionUpToItsVersionAndATombstoneRemovesOne() {
        schema("a", 1, 1, "\"string\"");
        schema("a", 2, 2, "\"int\"");
        state.replay(StoreCodec.key(new StoreKey.DeleteSubject("a")), StoreCodec.deleteSubjectValue("a", 1));
        assertThat(state.versions("a")).extracting(StoredSchema::deleted).containsExactly(true, false);
        state.replay(StoreCodec.key(new StoreKey.Schema("a", 1)), null);
        assertThat(state.versions("a")).extracting(StoredSchema::version).containsExactly(2);
        assertThat(state.usesOf(1)).isEmpty();
        assertThat(state.maxId()).isEqualTo(2);
    }

    @Test
    void configAndModeRecordsSetAndTombstonesClearThem() {
        state.replay(StoreCodec.key(new StoreKey.Config(null)), StoreCodec.configValue(CompatibilityLevel.FULL));
        state.replay(StoreCodec.key(new StoreKey.Config("a")), StoreCodec.configValue(CompatibilityLevel.NONE));
        state.replay(StoreCodec.key(new StoreKey.ModeKey("a")), StoreCodec.modeValue(Mode.READONLY));
        assertThat(state.globalLevel()).contains(CompatibilityLevel.FULL);
        assertThat(state.subjectLevel("a")).contains(CompatibilityLevel.NONE);
        assertThat(state.subjectMode("a")).contains(Mode.READONLY);
        state.replay(StoreCodec.key(new StoreKey.Config("a")), null);
        state.replay(StoreCodec.key(new StoreKey.Config(null)), null);
        assertThat(state.subjectLevel("a")).isEmpty();
        assertThat(state.globalLevel()).isEmpty();
    }

    @Test
    void aRecordThatDoesNotDecodeIsSkippedAndTheNextOneStillApplies() {
        state.replay("not json".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        state.replay(
                StoreCodec.key(new StoreKey.Schema("a", 1)), "{\"subject\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        schema("a", 1, 5, "\"long\"");
        assertThat(state.versions("a")).extracting(StoredSchema::id).containsExactly(5);
    }
}
