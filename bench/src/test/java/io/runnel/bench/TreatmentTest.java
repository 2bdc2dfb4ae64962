package io.runnel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TreatmentTest {

    @Test
    void pinnedPutsTheBrokerAndTheClientsOnDifferentCores() {
        Treatment pinned = new Treatment(true, Treatment.Cds.NEITHER);
        assertThat(pinned.brokerLauncher()).containsExactly("taskset", "-c", "0");
        assertThat(pinned.clientLauncher()).containsExactly("taskset", "-c", "1");
        assertThat(new Treatment(false, Treatment.Cds.NEITHER).brokerLauncher()).isEmpty();
        assertThat(new Treatment(false, Treatment.Cds.NEITHER).clientLauncher()).isEmpty();
    }

    @Test
    void pinningOnOneCpuIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new Treatment(true, Treatment.Cds.BOTH).check(1))
                .hasMessageContaining("two CPUs");
        new Treatment(false, Treatment.Cds.BOTH).check(1);
    }

    @Test
    void theResultsSayWhetherBothBrokersOrNeitherGetAClassArchive() {
        assertThat(new Treatment(false, Treatment.Cds.BOTH).describe()).contains("both brokers map");
        assertThat(new Treatment(false, Treatment.Cds.NEITHER).describe()).contains("neither broker maps");
        assertThat(Treatment.Cds.parse("neither")).isEqualTo(Treatment.Cds.NEITHER);
        assertThatThrownBy(() -> Treatment.Cds.parse("runnel-only")).hasMessageContaining("both or neither");
    }
}
