package io.runnel.connect.rest;

import io.runnel.rest.RestException;
import io.runnel.rest.RestResponse;
import io.runnel.rest.RestServer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/loggers}: reports the level of the root logger and of a named logger in Apache's shape
 * ({@code {"<logger>": {"level": "INFO", "last_modified": null}}}). Changing levels ({@code PUT}) answers 501:
 * Runnel logs through slf4j-simple, whose levels are fixed when the process starts (set them with
 * {@code -Dorg.slf4j.simpleLogger.log.<name>=<level>}). Stateless; thread-safe.
 */
final class Loggers {

    void routes(RestServer.Builder b) {
        b.get("/admin/loggers", req -> RestResponse.ok(Map.of("root", level("root"))));
        b.get("/admin/loggers/{name}", req -> RestResponse.ok(level(req.pathParam("name"))));
        b.put("/admin/loggers/{name}", req -> {
            throw new RestException(
                    501,
                    "Changing log levels at run time is not supported: Runnel logs through slf4j-simple, whose levels"
                            + " are set at start-up (-Dorg.slf4j.simpleLogger.log.<name>=<level>)");
        });
    }

    private static Map<String, Object> level(String name) {
        org.slf4j.Logger l = name.equals("root")
                ? LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                : LoggerFactory.getLogger(name);
        String level;
        if (l.isTraceEnabled()) {
            level = "TRACE";
        } else if (l.isDebugEnabled()) {
            level = "DEBUG";
        } else if (l.isInfoEnabled()) {
            level = "INFO";
        } else if (l.isWarnEnabled()) {
            level = "WARN";
        } else if (l.isErrorEnabled()) {
            level = "ERROR";
        } else {
            level = "OFF";
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level.toUpperCase(Locale.ROOT));
        m.put("last_modified", null);
        return m;
    }
}
