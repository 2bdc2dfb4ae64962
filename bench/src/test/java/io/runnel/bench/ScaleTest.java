package io.runnel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScaleTest {

    @Test
    void aMeasuredRunLastsTheSteadyStateSecondsAtTheWarmUpsRatePlusTheToolsOwnWarmUp() {
        // 150,000 records/s for 15 s is 2,250,000 steady-state records, 2,500,000 with a 10% tool warm-up on top.
        assertThat(Scale.FULL.measuredRecords(150_000, 0.1)).isEqualTo(2_500_000);
    }

    @Test
    void aFastCaseStopsAtTheRecordCapAndASlowOrFailedWarmUpGetsTheFloor() {
        assertThat(Scale.FULL.measuredRecords(2_000_000, 0.1)).isEqualTo(Scale.FULL.maxRecords());
        assertThat(Scale.FULL.measuredRecords(10, 0.1)).isEqualTo(Scale.FULL.minRecords());
        assertThat(Scale.FULL.measuredRecords(Double.NaN, 0.1)).isEqualTo(Scale.FULL.minRecords());
    }

    @Test
    void theFullRunHasAtLeastFiveRepetitionsAndFifteenSecondsOfSteadyState() {
        assertThat(Scale.FULL.reps()).isGreaterThanOrEqualTo(5);
        assertThat(Scale.FULL.measureSeconds()).isGreaterThanOrEqualTo(15);
        assertThat(Scale.FULL.maxRecords()).isGreaterThanOrEqualTo(5_000_000);
        assertThat(Scale.FULL.rateSeconds()).isGreaterThanOrEqualTo(15);
    }
}
