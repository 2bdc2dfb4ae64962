package io.runnel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void aGoalMetWithRangesApartIsMet() {
        assertThat(Report.goalStatus(
                        Goal.ratioAtLeast(1.0), List.of(150.0, 160.0, 170.0), List.of(100.0, 110.0, 120.0)))
                .isEqualTo("met");
    }

    @Test
    void aGoalMetOnTheMediansWithOverlappingRangesClaimsNoWin() {
        assertThat(Report.goalStatus(
                        Goal.ratioAtLeast(1.0), List.of(115.0, 160.0, 170.0), List.of(100.0, 110.0, 120.0)))
                .isEqualTo("met on the medians; ranges overlap, no win claimed");
    }

    @Test
    void aGoalMissedOnTheMediansIsNotMetAndAMissingFigureIsSaid() {
        assertThat(Report.goalStatus(Goal.ratioAtMost(0.5), List.of(6.0, 7.0), List.of(10.0, 11.0)))
                .isEqualTo("**not met**");
        assertThat(Report.goalStatus(Goal.ratioAtLeast(1.0), List.of(), List.of(10.0)))
                .isEqualTo("no figure");
    }

    @Test
    void anAbsoluteBoundIsNotAComparisonSoOverlapDoesNotMatter() {
        assertThat(Report.goalStatus(Goal.runnelBelow(1000), List.of(700.0, 900.0), List.of(800.0, 2000.0)))
                .isEqualTo("met");
    }
}
