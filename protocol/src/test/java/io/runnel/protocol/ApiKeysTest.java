package io.runnel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void everyApiMatchesKafkaClientsInVersionsAndHeaderVersions() {
        int checked = 0;
        for (org.apache.kafka.common.protocol.ApiKeys kafka : org.apache.kafka.common.protocol.ApiKeys.values()) {
            ApiKeys ours = ApiKeys.forId(kafka.id);
            assertThat(ours).as("api key %d (%s)", kafka.id, kafka.name).isNotNull();
            assertThat(ours.name()).isEqualTo(kafka.name());
            assertThat(ours.displayName).isEqualTo(kafka.name);
            assertThat(ours.oldestVersion()).as("oldest %s", kafka).isEqualTo(kafka.oldestVersion());
            assertThat(ours.latestVersion(true)).as("latest %s", kafka).isEqualTo(kafka.latestVersion(true));
            assertThat(ours.latestVersion()).as("latest stable %s", kafka).isEqualTo(kafka.latestVersion(false));
            for (short v = ours.oldestVersion(); v <= ours.latestVersion(true); v++) {
                assertThat(ours.requestHeaderVersion(v))
                        .as("request header of %s v%d", kafka, v)
                        .isEqualTo(kafka.requestHeaderVersion(v));
                assertThat(ours.responseHeaderVersion(v))
                        .as("response header of %s v%d", kafka, v)
                        .isEqualTo(kafka.responseHeaderVersion(v));
                assertThat(ours.newRequest().apiKey()).isEqualTo(kafka.id);
                assertThat(ours.newResponse().apiKey()).isEqualTo(kafka.id);
                checked++;
            }
        }
        assertThat(ApiKeys.values()).hasSize(org.apache.kafka.common.protocol.ApiKeys.values().length);
        System.out.println("ApiKeysTest: checked header versions of " + checked + " (api, version) pairs");
    }

    @Test
    void unknownKeysAreNull() {
        assertThat(ApiKeys.forId(-1)).isNull();
        assertThat(ApiKeys.forId(32_000)).isNull();
        assertThat(ApiKeys.forId(0)).isEqualTo(ApiKeys.PRODUCE);
        assertThat(ApiKeys.forId(18)).isEqualTo(ApiKeys.API_VERSIONS);
    }
}
