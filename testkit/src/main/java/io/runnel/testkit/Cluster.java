package io.runnel.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class an {@link EmbeddedCluster} parameter: started before each test, closed after it. Broker
 * properties are {@code key=value} strings.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EmbeddedClusterExtension.class)
public @interface Cluster {

    String[] brokerProperties() default {};
}
