/** JMH benchmarks of Runnel's hot paths. */
package io.runnel.benchmarks;
