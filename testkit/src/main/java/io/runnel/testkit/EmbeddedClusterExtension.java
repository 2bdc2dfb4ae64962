package io.runnel.testkit;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link Cluster}: resolves an {@link EmbeddedCluster} parameter for each test,
 * configured from the annotation, and closes it afterwards.
 */
public final class EmbeddedClusterExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(EmbeddedClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("cluster", k -> start(context), EmbeddedCluster.class);
    }

    private static EmbeddedCluster start(ExtensionContext context) {
        Map<String, String> props = new HashMap<>();
        Cluster annotation = context.getRequiredTestClass().getAnnotation(Cluster.class);
        if (annotation != null) {
            for (String kv : annotation.brokerProperties()) {
                int eq = kv.indexOf('=');
                props.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return EmbeddedCluster.single(props).start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        EmbeddedCluster cluster = context.getStore(NS).remove("cluster", EmbeddedCluster.class);
        if (cluster != null) {
            cluster.close();
        }
    }
}
