package io.runnel.protocol.codegen;

import java.util.List;

/**
 * One JSON message spec file: a request, response, header, or data message.
 *
 * @param apiKey the API key for requests and responses, or null
 * @param type {@code request}, {@code response}, {@code header}, {@code data}, …
 */
public record MessageSpec(
        String name,
        String type,
        Short apiKey,
        Versions validVersions,
        Versions flexibleVersions,
        boolean latestVersionUnstable,
        List<String> listeners,
        List<FieldSpec> fields,
        List<StructSpec> commonStructs) {

    public String className() {
        return type.equals("request") || type.equals("response") || type.equals("header") ? name + "Data" : name;
    }

    public StructSpec asStruct() {
        return new StructSpec(className(), validVersions, fields);
    }
}
