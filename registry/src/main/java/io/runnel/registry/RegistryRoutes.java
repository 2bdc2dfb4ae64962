package io.runnel.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.rest.RestException;
import io.runnel.rest.RestHandler;
import io.runnel.rest.RestRequest;
import io.runnel.rest.RestResponse;
import io.runnel.rest.RestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ecosystem schema registry's REST API over {@link RegistryService}: its paths, JSON shapes, status codes and
 * error codes ({@code {"error_code":40401,"message":...}}), answered as {@code application/vnd.schemaregistry.v1+json}.
 * {@link #toRest} is the one place a {@link RegistryError} becomes an HTTP status and an error code.
 */
final class RegistryRoutes {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RegistryService service;

    RegistryRoutes(RegistryService service) {
        this.service = service;
    }

    /** The HTTP status and error code of each registry error: the one exhaustive mapping. */
    static RestException toRest(RegistryException e) {
        int[] statusAndCode =
                switch (e.error()) {
                    case SUBJECT_NOT_FOUND -> new int[] {404, 40401};
                    case VERSION_NOT_FOUND -> new int[] {404, 40402};
                    case SCHEMA_NOT_FOUND -> new int[] {404, 40403};
                    case SUBJECT_SOFT_DELETED -> new int[] {404, 40404};
                    case SUBJECT_NOT_SOFT_DELETED -> new int[] {404, 40405};
                    case VERSION_SOFT_DELETED -> new int[] {404, 40406};
                    case VERSION_NOT_SOFT_DELETED -> new int[] {404, 40407};
                    case SUBJECT_COMPATIBILITY_NOT_CONFIGURED -> new int[] {404, 40408};
                    case SUBJECT_MODE_NOT_CONFIGURED -> new int[] {404, 40409};
                    case INCOMPATIBLE_SCHEMA -> new int[] {409, 409};
                    case INVALID_SCHEMA -> new int[] {422, 42201};
                    case INVALID_VERSION -> new int[] {422, 42202};
                    case INVALID_COMPATIBILITY_LEVEL -> new int[] {422, 42203};
                    case INVALID_MODE -> new int[] {422, 42204};
                    case OPERATION_NOT_PERMITTED -> new int[] {422, 42205};
                    case REFERENCE_EXISTS -> new int[] {422, 42206};
                    case STORE_ERROR -> new int[] {500, 50001};
                    case STORE_TIMEOUT -> new int[] {500, 50002};
                };
        return new RestException(statusAndCode[0], statusAndCode[1], e.getMessage());
    }

    RestServer.Builder addTo(RestServer.Builder b) {
        return b.contentType(CONTENT_TYPE)
                .get("/", h(req -> Map.of()))
                .get("/schemas/types", h(req -> service.types()))
                .get("/contexts", h(req -> List.of(".")))
                .get("/schemas", h(req -> service
                        .schemas(
                                req.queryParam("subjectPrefix"),
                                req.booleanQueryParam("deleted", false),
                                req.booleanQueryParam("latestOnly", false))
                        .stream()
                        .map(s -> schemaBody(s, true))
                        .toList()))
                .get(
                        "/subjects",
                        h(req -> service.subjects(
                                req.queryParam("subjectPrefix"),
                                req.booleanQueryParam("deleted", false),
                                req.booleanQueryParam("deletedOnly", false))))
                .post(
                        "/subjects/{subject}",
                        h(req -> schemaBody(
                                service.lookup(
                                        subject(req),
                                        candidate(req),
                                        req.booleanQueryParam("normalize", false),
                                        req.booleanQueryParam("deleted", false)),
                                true)))
                .delete(
                        "/subjects/{subject}",
                        h(req -> service.deleteSubject(subject(req), req.booleanQueryParam("permanent", false))))
                .get(
                        "/subjects/{subject}/versions",
                        h(req -> service.versions(
                                subject(req),
                                req.booleanQueryParam("deleted", false),
                                req.booleanQueryParam("deletedOnly", false))))
                .post(
                        "/subjects/{subject}/versions",
                        h(req -> Map.of(
                                "id",
                                service.register(
                                        subject(req), candidate(req), req.booleanQueryParam("normalize", false)))))
                .get(
                        "/subjects/{subject}/versions/{version}",
                        h(req -> schemaBody(
                                service.version(subject(req), version(req), req.booleanQueryParam("deleted", false)),
                                true)))
                .get(
                        "/subjects/{subject}/versions/{version}/schema",
                        h(req -> raw(
                                service.version(subject(req), version(req), req.booleanQueryParam("deleted", false)))))
                .get(
                        "/subjects/{subject}/versions/{version}/referencedby",
                        h(req -> service.referencedBy(subject(req), version(req))))
                .delete(
                        "/subjects/{subject}/versions/{version}",
                        h(req -> service.deleteVersion(
                                subject(req), version(req), req.booleanQueryParam("permanent", false))))
                .get("/schemas/ids/{id}", h(req -> schemaBody(service.schemaById(id(req)), false)))
                .get("/schemas/ids/{id}/schema", h(req -> raw(service.schemaById(id(req)))))
                .get(
                        "/schemas/ids/{id}/subjects",
                        h(req -> service.versionsOfId(id(req), req.booleanQueryParam("deleted", false)).stream()
                                .map(StoredSchema::subject)
                                .distinct()
                                .toList()))
                .get(
                        "/schemas/ids/{id}/versions",
                        h(req -> service.versionsOfId(id(req), req.booleanQueryParam("deleted", false)).stream()
                                .map(RegistryRoutes::subjectVersion)
                                .toList()))
                .get("/config", h(req -> levelBody(service.globalLevel())))
                .put("/config", h(req -> Map.of("compatibility", service.setLevel(null, level(req)))))
                .delete("/config", h(req -> levelBody(service.deleteLevel(null))))
                .get(
                        "/config/{subject}",
                        h(req -> levelBody(
                                service.subjectLevel(subject(req), req.booleanQueryParam("defaultToGlobal", false)))))
                .put("/config/{subject}", h(req -> Map.of("compatibility", service.setLevel(subject(req), level(req)))))
                .delete("/config/{subject}", h(req -> levelBody(service.deleteLevel(subject(req)))))
                .get("/mode", h(req -> Map.of("mode", service.globalMode())))
                .put(
                        "/mode",
                        h(req -> Map.of(
                                "mode", service.setMode(null, mode(req), req.booleanQueryParam("force", false)))))
                .get(
                        "/mode/{subject}",
                        h(req -> Map.of(
                                "mode",
                                service.subjectMode(subject(req), req.booleanQueryParam("defaultToGlobal", false)))))
                .put(
                        "/mode/{subject}",
                        h(req -> Map.of(
                                "mode",
                                service.setMode(subject(req), mode(req), req.booleanQueryParam("force", false)))))
                .delete("/mode/{subject}", h(req -> Map.of("mode", service.deleteMode(subject(req)))))
                .post(
                        "/compatibility/subjects/{subject}/versions/{version}",
                        h(req -> compatibility(req, version(req))))
                .post("/compatibility/subjects/{subject}/versions", h(req -> compatibility(req, null)));
    }

    /** A route body: answers 200 with what it returns; registry errors become their status and code. */
    private interface Body {
        Object answer(RestRequest req) throws Exception;
    }

    private static RestHandler h(Body body) {
        return req -> {
            try {
                return RestResponse.ok(body.answer(req));
            } catch (RegistryException e) {
                throw toRest(e);
            }
        };
    }

    private Map<String, Object> compatibility(RestRequest req, Integer version) {
        List<String> messages = service.checkCompatibility(
                subject(req), candidate(req), version, req.booleanQueryParam("normalize", false));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", messages.isEmpty());
        if (req.booleanQueryParam("verbose", false)) {
            body.put("messages", messages);
        }
        return body;
    }

    private static String subject(RestRequest req) {
        return req.pathParam("subject");
    }

    private static int version(RestRequest req) {
        String v = req.pathParam("version");
        if (v.equalsIgnoreCase("latest") || v.equals("-1")) {
            return RegistryService.LATEST;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new RegistryException(
                RegistryError.INVALID_VERSION,
                "The specified version '" + v + "' is not a valid version id. Allowed values are between [1, 2^31-1]"
                        + " and the string \"latest\"");
    }

    private static int id(RestRequest req) {
        String v = req.pathParam("id");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + v + " not found");
        }
    }

    private static RegistryService.Candidate candidate(RestRequest req) {
        JsonNode body = req.json();
        JsonNode schema = body.get("schema");
        if (schema == null
                || schema.isNull()
                || (schema.isTextual() && schema.asText().isBlank())) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Empty schema");
        }
        if (!schema.isTextual()) {
            throw new RegistryException(
                    RegistryError.INVALID_SCHEMA, "The schema must be given as a JSON string, not " + schema);
        }
        List<SchemaReference> refs = new ArrayList<>();
        for (JsonNode r : body.path("references")) {
            refs.add(new SchemaReference(
                    r.hasNonNull("name") ? r.get("name").asText() : null,
                    r.hasNonNull("subject") ? r.get("subject").asText() : null,
                    r.path("version").asInt(RegistryService.LATEST)));
        }
        return new RegistryService.Candidate(
                schema.asText(),
                body.hasNonNull("schemaType") ? body.get("schemaType").asText() : null,
                refs,
                optionalInt(body, "id"),
                optionalInt(body, "version"));
    }

    private static Integer optionalInt(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt()) {
            throw RestException.badRequest("'" + field + "' must be an integer, not " + n);
        }
        return n.asInt();
    }

    private static CompatibilityLevel level(RestRequest req) {
        JsonNode body = req.json();
        JsonNode level = body.hasNonNull("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        return CompatibilityLevel.parse(level == null || level.isNull() ? null : level.asText());
    }

    private static Mode mode(RestRequest req) {
        JsonNode mode = req.json().get("mode");
        return Mode.parse(mode == null || mode.isNull() ? null : mode.asText());
    }

    private static Map<String, Object> subjectVersion(StoredSchema s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", s.subject());
        body.put("version", s.version());
        return body;
    }

    private static Map<String, Object> levelBody(CompatibilityLevel level) {
        return Map.of("compatibilityLevel", level.name());
    }

    /** A version as the API shows it; {@code schemaType} only when not AVRO, references only when there are some. */
    private static Map<String, Object> schemaBody(StoredSchema s, boolean withSubject) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (withSubject) {
            body.put("subject", s.subject());
            body.put("version", s.version());
            body.put("id", s.id());
        }
        if (!s.schemaType().equals("AVRO")) {
            body.put("schemaType", s.schemaType());
        }
        if (!s.references().isEmpty()) {
            body.put("references", s.references());
        }
        body.put("schema", s.schema());
        return body;
    }

    /** The schema itself, unwrapped: JSON for Avro and JSON Schema, a string otherwise. */
    private static Object raw(StoredSchema s) {
        try {
            return MAPPER.readTree(s.schema());
        } catch (JsonProcessingException e) {
            return s.schema();
        }
    }
}
