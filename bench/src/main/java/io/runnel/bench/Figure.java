package io.runnel.bench;

/**
 * One measured quantity of a workload, e.g. "produce 1 KB, acks=1, 1 partition: MB/s". Each contender of the
 * workload gets one sample of it per repetition. Immutable.
 *
 * @param id stable identifier, used as the key in the JSON results
 * @param title the row label in the table
 * @param unit the unit of the values
 * @param better which direction is better
 * @param goal the goal on this figure, or {@code null} when it is reported for information
 * @param chart where the figure is drawn in the PNG chart
 */
record Figure(String id, String title, String unit, Better better, Goal goal, Chart.Panel chart) {}
