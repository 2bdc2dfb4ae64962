package io.runnel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueAndOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
        assertThat(Stats.median(List.of(5.0, 1.0, 3.0, 9.0, 7.0))).isEqualTo(5.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 10.0))).isEqualTo(3.5);
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void rangesThatShareAValueOverlap() {
        assertThat(Stats.rangesOverlap(List.of(100.0, 120.0, 110.0), List.of(118.0, 140.0)))
                .isTrue();
        assertThat(Stats.rangesOverlap(List.of(118.0, 140.0), List.of(100.0, 120.0, 110.0)))
                .isTrue();
        assertThat(Stats.rangesOverlap(List.of(100.0, 120.0), List.of(120.0, 130.0)))
                .isTrue();
        assertThat(Stats.rangesOverlap(List.of(100.0, 200.0), List.of(140.0, 150.0)))
                .isTrue();
    }

    @Test
    void rangesApartDoNotOverlapWhicheverComesFirst() {
        assertThat(Stats.rangesOverlap(List.of(100.0, 119.0), List.of(120.0, 130.0)))
                .isFalse();
        assertThat(Stats.rangesOverlap(List.of(120.0, 130.0), List.of(100.0, 119.0)))
                .isFalse();
    }

    @Test
    void nothingToCompareIsNoOverlap() {
        assertThat(Stats.rangesOverlap(List.of(), List.of(1.0))).isFalse();
        assertThat(Stats.rangesOverlap(List.of(1.0), List.of())).isFalse();
    }
}
