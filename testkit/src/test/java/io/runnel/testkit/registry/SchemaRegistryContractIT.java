package io.runnel.testkit.registry;

import static io.runnel.testkit.registry.RegistryClient.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.registry.SchemaRegistry;
import io.runnel.testkit.EmbeddedCluster;
import io.runnel.testkit.registry.RegistryClient.Answer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The REST contract of the schema registry, over real HTTP, with its {@code _schemas} topic on a real broker: each
 * endpoint's status codes, bodies and error codes, and every compatibility level accepting and refusing evolution
 * sequences. One broker for the class; each test gets a fresh registry on its own topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaRegistryContractIT {

    static final String NAME = "{\"name\":\"name\",\"type\":\"string\"}";
    static final String NAME_DEFAULT = "{\"name\":\"name\",\"type\":\"string\",\"default\":\"\"}";
    static final String AGE = "{\"name\":\"age\",\"type\":\"int\"}";
    static final String AGE_DEFAULT = "{\"name\":\"age\",\"type\":\"int\",\"default\":0}";

    static String user(String... fields) {
        return "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.acme\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    private static final AtomicInteger TOPICS = new AtomicInteger();

    private EmbeddedCluster cluster;
    private SchemaRegistry registry;
    private RegistryClient client;

    @BeforeAll
    void startBroker() {
        cluster = EmbeddedCluster.single().start();
    }

    @AfterAll
    void stopBroker() {
        cluster.close();
    }

    @BeforeEach
    void startRegistry() {
        registry = SchemaRegistry.builder(cluster.bootstrapServers())
                .host("127.0.0.1")
                .port(0)
                .topic("_schemas-" + TOPICS.incrementAndGet())
                .maxRequestBytes(64 * 1024)
                .start();
        client = new RegistryClient(registry.port());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void registeringGivesGlobalIdsThatTheSameSchemaKeepsInEverySubject() {
        int first = client.registered("a-value", user(NAME));
        assertThat(client.registered("a-value", user(NAME))).as("idempotent").isEqualTo(first);
        assertThat(client.registered("b-value", user(NAME)))
                .as("same schema elsewhere")
                .isEqualTo(first);
        Answer other = client.register("a-value", user(NAME, AGE_DEFAULT));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.contentType()).startsWith(RegistryClient.CONTENT_TYPE);
        assertThat(other.json().get("id").asInt()).isEqualTo(first + 1);
        assertThat(client.get("/subjects").json().toString()).isEqualTo("[\"a-value\",\"b-value\"]");
        assertThat(client.get("/subjects?subjectPrefix=b").json().toString()).isEqualTo("[\"b-value\"]");
        assertThat(client.get("/subjects/a-value/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void aVersionIsServedWholeAndAsTheRawSchemaByNumberAndAsLatest() {
        int id = client.registered("s", user(NAME));
        client.registered("s", user(NAME, AGE_DEFAULT));
        Answer one = client.get("/subjects/s/versions/1");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("subject").asText()).isEqualTo("s");
        assertThat(one.json().get("version").asInt()).isEqualTo(1);
        assertThat(one.json().get("id").asInt()).isEqualTo(id);
        assertThat(one.json().has("schemaType"))
                .as("AVRO is left out, as the ecosystem does")
                .isFalse();
        assertThat(one.json().get("schema").asText()).isEqualTo(user(NAME));
        assertThat(client.get("/subjects/s/versions/latest")
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(2);
        assertThat(client.get("/subjects/s/versions/-1").json().get("version").asInt())
                .isEqualTo(2);
        Answer raw = client.get("/subjects/s/versions/1/schema");
        assertThat(raw.json().get("name").asText()).isEqualTo("User");
        assertThat(raw.json().get("fields").size()).isEqualTo(1);
    }

    @Test
    void schemasAreServedByIdWithTheSubjectsAndVersionsUsingThem() {
        int id = client.registered("x", "\"string\"");
        client.registered("y", "\"string\"");
        assertThat(client.get("/schemas/ids/" + id).json().toString()).isEqualTo("{\"schema\":\"\\\"string\\\"\"}");
        assertThat(client.get("/schemas/ids/" + id + "/schema").json().asText()).isEqualTo("string");
        assertThat(client.get("/schemas/ids/" + id + "/subjects").json().toString())
                .isEqualTo("[\"x\",\"y\"]");
        assertThat(client.get("/schemas/ids/" + id + "/versions").json().toString())
                .isEqualTo("[{\"subject\":\"x\",\"version\":1},{\"subject\":\"y\",\"version\":1}]");
        Answer missing = client.get("/schemas/ids/999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40403);
        assertThat(client.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\",\"JSON\"]");
        assertThat(client.get("/").json().toString()).isEqualTo("{}");
    }

    @Test
    void lookingUpASchemaFindsItsVersionOrAnswersWhatIsMissing() {
        int id = client.registered("s", user(NAME));
        Answer found = client.post("/subjects/s", schemaBody(user(NAME)));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("subject").asText()).isEqualTo("s");
        Answer noSchema = client.post("/subjects/s", schemaBody(user(NAME, AGE)));
        assertThat(noSchema.status()).isEqualTo(404);
        assertThat(noSchema.errorCode()).isEqualTo(40403);
        Answer noSubject = client.post("/subjects/nope", schemaBody(user(NAME)));
        assertThat(noSubject.errorCode()).isEqualTo(40401);
    }

    @Test
    void unknownSubjectsAndVersionsAndInvalidVersionsAnswerTheirErrorCodes() {
        client.registered("s", user(NAME));
        Answer subject = client.get("/subjects/nope/versions/1");
        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.errorCode()).isEqualTo(40401);
        assertThat(subject.message()).contains("nope");
        Answer version = client.get("/subjects/s/versions/7");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.errorCode()).isEqualTo(40402);
        Answer invalid = client.get("/subjects/s/versions/zero");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42202);
        assertThat(client.get("/subjects/nope/versions").errorCode()).isEqualTo(40401);
    }

    @Test
    void anUnparsableSchemaIs42201WithTheParsersMessageAndStoresNothing() {
        int id = client.registered("s", user(NAME));
        Answer bad = client.register("s", "{\"type\":\"record\",\"name\":\"User\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorCode()).isEqualTo(42201);
        assertThat(bad.message()).contains("Record has no fields");
        Answer empty = client.post("/subjects/s/versions", "{\"schemaType\":\"AVRO\"}");
        assertThat(empty.errorCode()).isEqualTo(42201);
        Answer unknownType = client.post(
                "/subjects/s/versions",
                RegistryClient.MAPPER
                        .createObjectNode()
                        .put("schema", "{}")
                        .put("schemaType", "XML")
                        .toString());
        assertThat(unknownType.errorCode()).isEqualTo(42201);
        Answer malformed = client.post("/subjects/s/versions", "{\"schema\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[1]");
        assertThat(client.registered("t", "\"long\"")).as("no id was used up").isEqualTo(id + 1);
    }

    @Test
    void anIncompatibleSchemaIs409WithTheReasonAndStoresNothing() {
        client.registered("s", user(NAME));
        Answer refused = client.register("s", user(NAME, AGE));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.message()).contains("incompatible", "READER_FIELD_MISSING_DEFAULT_VALUE", "'age'");
        assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void theCompatibilityEndpointSaysWhyWhenVerboseAndChangesNothing() {
        client.registered("s", user(NAME));
        Answer terse = client.post("/compatibility/subjects/s/versions/latest", schemaBody(user(NAME, AGE)));
        assertThat(terse.status()).isEqualTo(200);
        assertThat(terse.json().toString()).isEqualTo("{\"is_compatible\":false}");
        Answer verbose = client.post("/compatibility/subjects/s/versions/1?verbose=true", schemaBody(user(NAME, AGE)));
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().get("messages").get(0).asText())
                .contains("BACKWARD", "version 1", "READER_FIELD_MISSING_DEFAULT_VALUE", "'age'");
        Answer ok = client.post("/compatibility/subjects/s/versions?verbose=true", schemaBody(user(NAME, AGE_DEFAULT)));
        assertThat(ok.json().toString()).isEqualTo("{\"is_compatible\":true,\"messages\":[]}");
        assertThat(client.post("/compatibility/subjects/s/versions/9", schemaBody(user(NAME)))
                        .errorCode())
                .isEqualTo(40402);
        assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[1]");
    }

    /** For each level: a history it accepts, a next schema it refuses, and one it accepts. */
    record Evolution(List<String> history, String refused, String accepted) {}

    static Evolution evolution(io.runnel.registry.CompatibilityLevel level) {
        return switch (level) {
            case NONE -> new Evolution(List.of(user(NAME)), null, "\"int\"");
            case BACKWARD -> new Evolution(List.of(user(NAME)), user(NAME, AGE), user(NAME, AGE_DEFAULT));
            case FORWARD -> new Evolution(List.of(user(NAME)), user(AGE_DEFAULT), user(NAME, AGE));
            case FULL -> new Evolution(List.of(user(NAME)), user(NAME, AGE), user(NAME, AGE_DEFAULT));
            case BACKWARD_TRANSITIVE ->
                new Evolution(List.of(user(NAME), user(NAME, AGE_DEFAULT)), user(AGE), user(AGE_DEFAULT));
            case FORWARD_TRANSITIVE ->
                new Evolution(List.of(user(NAME), user(NAME_DEFAULT, AGE)), user(AGE), user(NAME, AGE));
            case FULL_TRANSITIVE ->
                new Evolution(
                        List.of(user(NAME), user(NAME_DEFAULT, AGE_DEFAULT)),
                        user(AGE_DEFAULT),
                        user(NAME, AGE_DEFAULT));
        };
    }

    @ParameterizedTest
    @EnumSource(io.runnel.registry.CompatibilityLevel.class)
    void everyLevelAcceptsAndRefusesItsEvolutions(io.runnel.registry.CompatibilityLevel level) {
        Answer set = client.put("/config/s", "{\"compatibility\":\"" + level + "\"}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().toString()).isEqualTo("{\"compatibility\":\"" + level + "\"}");
        assertThat(client.get("/config/s").json().get("compatibilityLevel").asText())
                .isEqualTo(level.name());
        Evolution e = evolution(level);
        for (String schema : e.history()) {
            client.registered("s", schema);
        }
        int versions = e.history().size();
        if (e.refused() != null) {
            Answer refused = client.register("s", e.refused());
            assertThat(refused.status()).as(level + " refuses").isEqualTo(409);
            assertThat(refused.message()).contains(level.name());
        }
        assertThat(client.register("s", e.accepted()).status())
                .as(level + " accepts")
                .isEqualTo(200);
        assertThat(client.get("/subjects/s/versions").json().size()).isEqualTo(versions + 1);
    }

    @Test
    void theNonTransitiveLevelsAcceptWhatOnlyTheOldestVersionWouldRefuse() {
        for (var level : List.of("BACKWARD", "FORWARD", "FULL")) {
            var transitive = io.runnel.registry.CompatibilityLevel.valueOf(level + "_TRANSITIVE");
            Evolution e = evolution(transitive);
            String subject = "plain-" + level;
            client.put("/config/" + subject, "{\"compatibility\":\"" + level + "\"}");
            for (String schema : e.history()) {
                client.registered(subject, schema);
            }
            assertThat(client.register(subject, e.refused()).status()).as(level).isEqualTo(200);
        }
    }

    @Test
    void softDeletesHideVersionsAndPermanentDeletesNeedThemFirst() {
        int id = client.registered("s", user(NAME));
        client.registered("s", user(NAME, AGE_DEFAULT));
        Answer notSoft = client.delete("/subjects/s/versions/1?permanent=true");
        assertThat(notSoft.errorCode()).isEqualTo(40407);
        assertThat(client.delete("/subjects/s/versions/1").json().asInt()).isEqualTo(1);
        assertThat(client.get("/subjects/s/versions/1").errorCode()).isEqualTo(40402);
        assertThat(client.get("/subjects/s/versions/1?deleted=true")
                        .json()
                        .get("id")
                        .asInt())
                .isEqualTo(id);
        assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[2]");
        assertThat(client.get("/subjects/s/versions?deleted=true").json().toString())
                .isEqualTo("[1,2]");
        assertThat(client.delete("/subjects/s/versions/1").errorCode()).isEqualTo(40406);
        assertThat(client.get("/schemas/ids/" + id).status())
                .as("a soft-deleted id still resolves")
                .isEqualTo(200);
        assertThat(client.delete("/subjects/s/versions/1?permanent=true").json().asInt())
                .isEqualTo(1);
        assertThat(client.get("/subjects/s/versions?deleted=true").json().toString())
                .isEqualTo("[2]");
        assertThat(client.get("/schemas/ids/" + id).errorCode()).isEqualTo(40403);
        assertThat(client.delete("/subjects/s/versions/1?permanent=true").errorCode())
                .isEqualTo(40402);
    }

    @Test
    void deletingASubjectIsSoftThenPermanentAndItsNextVersionContinuesAfterASoftDelete() {
        client.registered("s", user(NAME));
        client.registered("s", user(NAME, AGE_DEFAULT));
        assertThat(client.delete("/subjects/s?permanent=true").errorCode()).isEqualTo(40405);
        assertThat(client.delete("/subjects/s").json().toString()).isEqualTo("[1,2]");
        assertThat(client.get("/subjects").json().toString()).isEqualTo("[]");
        assertThat(client.get("/subjects?deleted=true").json().toString()).isEqualTo("[\"s\"]");
        assertThat(client.get("/subjects/s/versions").errorCode()).isEqualTo(40401);
        assertThat(client.delete("/subjects/s").errorCode()).isEqualTo(40404);
        assertThat(client.delete("/subjects/s?permanent=true").json().toString())
                .isEqualTo("[1,2]");
        assertThat(client.get("/subjects?deleted=true").json().toString()).isEqualTo("[]");
        assertThat(client.delete("/subjects/s").errorCode()).isEqualTo(40401);
        client.registered("t", "\"int\"");
        client.delete("/subjects/t");
        client.registered("t", "\"long\"");
        assertThat(client.get("/subjects/t/versions").json().toString()).isEqualTo("[2]");
    }

    @Test
    void compatibilityConfigurationHasAGlobalAndPerSubjectLevels() {
        assertThat(client.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(client.put("/config", "{\"compatibility\":\"FULL\"}").json().toString())
                .isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(client.get("/config").json().get("compatibilityLevel").asText())
                .isEqualTo("FULL");
        Answer unset = client.get("/config/s");
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.errorCode()).isEqualTo(40408);
        assertThat(client.get("/config/s?defaultToGlobal=true")
                        .json()
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("FULL");
        Answer invalid = client.put("/config/s", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
        assertThat(client.get("/config/s").errorCode()).as("unchanged").isEqualTo(40408);
        client.put("/config/s", "{\"compatibility\":\"none\"}");
        assertThat(client.get("/config/s").json().get("compatibilityLevel").asText())
                .isEqualTo("NONE");
        assertThat(client.delete("/config/s").json().get("compatibilityLevel").asText())
                .isEqualTo("NONE");
        assertThat(client.get("/config/s").errorCode()).isEqualTo(40408);
        assertThat(client.delete("/config").json().get("compatibilityLevel").asText())
                .isEqualTo("FULL");
        assertThat(client.get("/config").json().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
    }

    @Test
    void readOnlyModeRefusesRegistrationsAndDeletionsAndKeepsEverything() {
        client.registered("s", user(NAME));
        assertThat(client.get("/mode").json().toString()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(client.put("/mode/s", "{\"mode\":\"READONLY\"}").json().toString())
                .isEqualTo("{\"mode\":\"READONLY\"}");
        Answer refused = client.register("s", user(NAME, AGE_DEFAULT));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo(42205);
        assertThat(client.delete("/subjects/s").errorCode()).isEqualTo(42205);
        assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[1]");
        assertThat(client.registered("other", "\"int\""))
                .as("other subjects still accept")
                .isPositive();
        assertThat(client.put("/mode", "{\"mode\":\"WRITEONLY\"}").errorCode()).isEqualTo(42204);
        assertThat(client.get("/mode/other").errorCode()).isEqualTo(40409);
        assertThat(client.get("/mode/other?defaultToGlobal=true")
                        .json()
                        .get("mode")
                        .asText())
                .isEqualTo("READWRITE");
        assertThat(client.delete("/mode/s").json().get("mode").asText()).isEqualTo("READONLY");
        assertThat(client.register("s", user(NAME, AGE_DEFAULT)).status()).isEqualTo(200);
    }

    @Test
    void importModeTakesIdsAndVersionsFromTheClientAndOnlyIntoAnEmptyRegistryUnlessForced() {
        client.registered("existing", "\"int\"");
        assertThat(client.put("/mode", "{\"mode\":\"IMPORT\"}").errorCode()).isEqualTo(42205);
        assertThat(client.get("/mode").json().get("mode").asText()).isEqualTo("READWRITE");
        Answer explicitId = client.post("/subjects/s/versions", "{\"schema\":\"\\\"long\\\"\",\"id\":50}");
        assertThat(explicitId.errorCode()).as("ids only in IMPORT mode").isEqualTo(42205);
        assertThat(client.put("/mode?force=true", "{\"mode\":\"IMPORT\"}")
                        .json()
                        .get("mode")
                        .asText())
                .isEqualTo("IMPORT");
        ObjectNode imported = RegistryClient.MAPPER
                .createObjectNode()
                .put("schema", user(NAME, AGE))
                .put("id", 50)
                .put("version", 3);
        Answer a = client.post("/subjects/s/versions", imported.toString());
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("id").asInt()).isEqualTo(50);
        assertThat(client.get("/subjects/s/versions/3").json().get("id").asInt())
                .isEqualTo(50);
        Answer clash = client.post("/subjects/t/versions", "{\"schema\":\"\\\"string\\\"\",\"id\":50}");
        assertThat(clash.errorCode()).as("an id names one schema").isEqualTo(42205);
        client.put("/mode", "{\"mode\":\"READWRITE\"}");
        assertThat(client.registered("u", "\"bytes\""))
                .as("new ids continue after imported ones")
                .isEqualTo(51);
    }

    @Test
    void referencesResolveToTheirVersionsAndProtectThemFromDeletion() {
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"com.acme\",\"fields\":["
                + "{\"name\":\"city\",\"type\":\"string\"}]}";
        String person = "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"com.acme\",\"fields\":["
                + "{\"name\":\"home\",\"type\":\"com.acme.Address\"}]}";
        int addressId = client.registered("address", address);
        ObjectNode body = RegistryClient.MAPPER.createObjectNode().put("schema", person);
        body.putArray("references")
                .addObject()
                .put("name", "com.acme.Address")
                .put("subject", "address")
                .put("version", 1);
        Answer registered = client.post("/subjects/person/versions", body.toString());
        assertThat(registered.status()).isEqualTo(200);
        int personId = registered.json().get("id").asInt();
        Answer version = client.get("/subjects/person/versions/1");
        assertThat(version.json().get("references").toString())
                .isEqualTo("[{\"name\":\"com.acme.Address\",\"subject\":\"address\",\"version\":1}]");
        assertThat(client.get("/schemas/ids/" + personId)
                        .json()
                        .get("references")
                        .size())
                .isEqualTo(1);
        assertThat(client.get("/subjects/address/versions/1/referencedby")
                        .json()
                        .toString())
                .isEqualTo("[" + personId + "]");
        Answer protectedVersion = client.delete("/subjects/address/versions/1");
        assertThat(protectedVersion.status()).isEqualTo(422);
        assertThat(protectedVersion.errorCode()).isEqualTo(42206);
        assertThat(client.get("/subjects/address/versions/1").json().get("id").asInt())
                .isEqualTo(addressId);
        ObjectNode dangling = RegistryClient.MAPPER.createObjectNode().put("schema", person);
        dangling.putArray("references")
                .addObject()
                .put("name", "com.acme.Address")
                .put("subject", "nowhere")
                .put("version", 1);
        Answer missing = client.post("/subjects/person2/versions", dangling.toString());
        assertThat(missing.errorCode()).isEqualTo(42201);
        assertThat(missing.message()).contains("nowhere");
        assertThat(client.get("/subjects").json().toString()).isEqualTo("[\"address\",\"person\"]");
    }

    @Test
    void normalizeMakesEquivalentSpellingsOneSchema() {
        String a = "{\"type\":\"record\",\"name\":\"com.acme.T\",\"fields\":[{\"name\":\"f\",\"type\":\"int\"}],"
                + "\"x\":1,\"y\":2}";
        String b = "{\"y\":2,\"x\":1,\"fields\":[{\"name\":\"f\",\"type\":\"int\"}],"
                + "\"namespace\":\"com.acme\",\"name\":\"T\",\"type\":\"record\"}";
        int id = client.post("/subjects/s/versions?normalize=true", schemaBody(a))
                .json()
                .get("id")
                .asInt();
        Answer same = client.post("/subjects/s/versions?normalize=true", schemaBody(b));
        assertThat(same.json().get("id").asInt()).isEqualTo(id);
        assertThat(client.post("/subjects/s?normalize=true", schemaBody(b))
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndStoresNothing() {
        String huge = "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[" + "\"S\",".repeat(40_000) + "\"T\"]}";
        Answer refused = client.register("s", huge);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.errorCode()).isEqualTo(413);
        assertThat(client.get("/subjects").json().toString()).isEqualTo("[]");
    }

    @Test
    void concurrentRegistrationsGetDistinctIdsAndConsecutiveVersions() throws Exception {
        client.put("/config/s", "{\"compatibility\":\"NONE\"}");
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<Integer>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String schema = "{\"type\":\"fixed\",\"name\":\"F\",\"size\":" + (i + 1) + "}";
                ids.add(pool.submit(() -> client.registered("s", schema)));
            }
            java.util.Set<Integer> distinct = new java.util.TreeSet<>();
            for (var f : ids) {
                distinct.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(n);
            assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[1,2,3,4,5,6,7,8]");
            for (int id : distinct) {
                assertThat(client.get("/schemas/ids/" + id + "/versions").json().size())
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Answer registerJson(String subject, String schema) {
        return client.post(
                "/subjects/" + subject + "/versions",
                RegistryClient.MAPPER
                        .createObjectNode()
                        .put("schemaType", "JSON")
                        .put("schema", schema)
                        .toString());
    }

    @Test
    void jsonSchemasRegisterWithTheirTypeAndFollowTheContentModelRules() {
        String open = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";
        String openPlusAge = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"age\":{\"type\":\"integer\"}}}";
        Answer first = registerJson("j", open);
        assertThat(first.status()).isEqualTo(200);
        int id = first.json().get("id").asInt();
        assertThat(client.get("/subjects/j/versions/1").json().get("schemaType").asText())
                .isEqualTo("JSON");
        assertThat(client.get("/schemas/ids/" + id).json().get("schemaType").asText())
                .isEqualTo("JSON");
        assertThat(client.get("/schemas/ids/" + id + "/schema")
                        .json()
                        .get("type")
                        .asText())
                .isEqualTo("object");
        Answer refused = registerJson("j", openPlusAge);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.message()).contains("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "'age'");
        client.put("/config/j", "{\"compatibility\":\"FORWARD\"}");
        assertThat(registerJson("j", openPlusAge).status()).isEqualTo(200);
        Answer invalid = registerJson("j", "{\"type\":\"strin\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42201);
        Answer lookup = client.post(
                "/subjects/j",
                RegistryClient.MAPPER
                        .createObjectNode()
                        .put("schemaType", "JSON")
                        .put("schema", open)
                        .toString());
        assertThat(lookup.json().get("version").asInt()).isEqualTo(1);
        assertThat(client.get("/subjects/j/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void allSchemasAreListedWithTheirSubjectsAndVersionsOrOnlyTheLatest() {
        client.registered("a", user(NAME));
        client.registered("a", user(NAME, AGE_DEFAULT));
        client.registered("b", "\"int\"");
        client.delete("/subjects/b");
        Answer all = client.get("/schemas");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().size()).isEqualTo(2);
        assertThat(all.json().get(1).get("version").asInt()).isEqualTo(2);
        assertThat(client.get("/schemas?latestOnly=true").json().size()).isEqualTo(1);
        assertThat(client.get("/schemas?deleted=true").json().size()).isEqualTo(3);
        assertThat(client.get("/schemas?deleted=true&subjectPrefix=b")
                        .json()
                        .get(0)
                        .get("subject")
                        .asText())
                .isEqualTo("b");
        assertThat(client.get("/contexts").json().toString()).isEqualTo("[\".\"]");
    }
}
