package io.runnel.broker.api;

import io.runnel.broker.config.BrokerConfigCatalog;
import io.runnel.metadata.Controller;
import io.runnel.protocol.Errors;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Applies a configuration change to a topic or broker resource through the controller, for both AlterConfigs
 * forms, and reduces the outcome to an error code and message.
 */
final class ConfigChanges {

    /** The outcome of one resource's change. */
    record Outcome(Errors error, String message) {}

    private ConfigChanges() {}

    static CompletableFuture<Outcome> apply(
            Controller controller,
            BrokerConfigCatalog broker,
            byte resourceType,
            String resourceName,
            Map<String, String> changes,
            boolean replaceAll,
            boolean validateOnly) {
        String type;
        switch (ConfigResourceType.forCode(resourceType)) {
            case TOPIC -> type = "topic";
            case BROKER -> {
                if (!resourceName.isEmpty() && !resourceName.equals(broker.nodeName())) {
                    return CompletableFuture.completedFuture(new Outcome(
                            Errors.INVALID_REQUEST,
                            "Unexpected broker id, expected " + broker.nodeName() + " or empty string, but received "
                                    + resourceName));
                }
                type = "broker";
            }
            default -> {
                return CompletableFuture.completedFuture(
                        new Outcome(Errors.INVALID_REQUEST, "Unsupported resource type " + resourceType));
            }
        }
        return controller
                .alterConfigs(type, resourceName, changes, replaceAll, validateOnly, broker::validateDynamic)
                .handle((v, e) -> {
                    if (e == null) {
                        return new Outcome(Errors.NONE, null);
                    }
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    return new Outcome(Errors.forException(cause), cause.getMessage());
                });
    }
}
