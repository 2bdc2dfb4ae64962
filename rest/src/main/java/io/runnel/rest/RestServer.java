package io.runnel.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server for one REST surface of Runnel (Connect, later the registry, SQL, the console): Javalin on
 * Jetty 12 with Jackson. Every answer is JSON; every error, including unknown paths, wrong methods, malformed JSON
 * and bodies over the size limit, has the uniform body {@code {"error_code": <status>, "message": "..."}}.
 *
 * <p>Build with {@link #builder(String)}, add routes, {@link Builder#start()}; {@link #port()} is the bound port
 * (ask for port 0 in tests). {@link #close()} stops the server and its threads. Routes use Javalin's path syntax
 * ({@code /connectors/{name}}). Thread-safe: handlers run on the server's own small thread pool, concurrently.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestServer.class);

    /** The default request body limit: 1 MiB, ample for configurations. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    private final String name;
    private final Javalin app;
    private final ObjectMapper mapper;

    private RestServer(String name, Javalin app, ObjectMapper mapper) {
        this.name = name;
        this.app = app;
        this.mapper = mapper;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The port the server is bound to. */
    public int port() {
        return app.port();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public void close() {
        app.stop();
        log.info("{} REST server stopped", name);
    }

    /** The error body every REST surface of Runnel answers with. */
    public static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", status);
        body.put("message", message);
        return body;
    }

    /** HTTP methods a route can take. */
    public enum Method {
        GET,
        POST,
        PUT,
        PATCH,
        DELETE
    }

    private record Route(Method method, String path, RestHandler handler) {}

    /** Collects the settings and routes of a server. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Route> routes = new ArrayList<>();
        private String host = "0.0.0.0";
        private int port = 0;
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int maxThreads = 16;
        private ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, not " + port);
            }
            this.port = port;
            return this;
        }

        public Builder maxRequestBytes(long maxRequestBytes) {
            if (maxRequestBytes <= 0) {
                throw new IllegalArgumentException("maxRequestBytes must be positive");
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        public Builder maxThreads(int maxThreads) {
            this.maxThreads = Math.max(4, maxThreads);
            return this;
        }

        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper);
            return this;
        }

        public Builder route(Method method, String path, RestHandler handler) {
            routes.add(new Route(method, path, handler));
            return this;
        }

        public Builder get(String path, RestHandler handler) {
            return route(Method.GET, path, handler);
        }

        public Builder post(String path, RestHandler handler) {
            return route(Method.POST, path, handler);
        }

        public Builder put(String path, RestHandler handler) {
            return route(Method.PUT, path, handler);
        }

        public Builder patch(String path, RestHandler handler) {
            return route(Method.PATCH, path, handler);
        }

        public Builder delete(String path, RestHandler handler) {
            return route(Method.DELETE, path, handler);
        }

        /** Binds and starts the server; fails with the cause when the port cannot be bound. */
        public RestServer start() {
            ObjectMapper m = mapper;
            QueuedThreadPool pool = new QueuedThreadPool(maxThreads, 2);
            pool.setName(name + "-rest");
            pool.setDaemon(true);
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.jetty.threadPool = pool;
                config.jetty.host = host;
                config.jetty.port = port;
                config.http.maxRequestSize = maxRequestBytes;
                config.http.prefer405over404 = true;
                config.http.defaultContentType = "application/json";
                config.jsonMapper(new io.javalin.json.JavalinJackson(m, false));
                for (Route r : routes) {
                    io.javalin.http.Handler h = ctx -> serve(ctx, r.handler(), m);
                    switch (r.method()) {
                        case GET -> config.routes.get(r.path(), h);
                        case POST -> config.routes.post(r.path(), h);
                        case PUT -> config.routes.put(r.path(), h);
                        case PATCH -> config.routes.patch(r.path(), h);
                        case DELETE -> config.routes.delete(r.path(), h);
                    }
                }
                config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                    String message = e.getStatus() == 413
                            ? "Request body is larger than the limit of " + maxRequestBytes + " bytes"
                            : e.getMessage();
                    writeError(ctx, e.getStatus(), message);
                });
                config.routes.error(404, ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                        writeError(ctx, 404, "Not found: " + ctx.method().name() + " " + ctx.path());
                    }
                });
                config.routes.error(
                        405,
                        ctx -> writeError(
                                ctx, 405, "Method " + ctx.method().name() + " is not allowed on " + ctx.path()));
            });
            app.start();
            log.info("{} REST server listening on {}:{}", name, host, app.port());
            return new RestServer(name, app, m);
        }
    }

    private static void serve(Context ctx, RestHandler handler, ObjectMapper mapper) throws Exception {
        RestResponse response;
        try {
            response = handler.handle(new RestRequest(ctx, mapper));
        } catch (RestException e) {
            writeError(ctx, e.status(), e.getMessage());
            return;
        } catch (HttpResponseException e) {
            throw e;
        } catch (Exception e) {
            log.error("Unhandled error serving {} {}", ctx.method().name(), ctx.path(), e);
            writeError(ctx, 500, e.toString());
            return;
        }
        ctx.status(response.status());
        if (response.body() != null) {
            ctx.contentType("application/json");
            ctx.result(mapper.writeValueAsString(response.body()));
        }
    }

    private static void writeError(Context ctx, int status, String message) {
        ctx.status(status);
        ctx.contentType("application/json");
        try {
            ctx.result(new ObjectMapper().writeValueAsString(errorBody(status, message)));
        } catch (Exception e) {
            ctx.result("{\"error_code\":" + status + ",\"message\":\"error\"}");
        }
    }
}
