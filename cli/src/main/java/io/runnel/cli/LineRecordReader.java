package io.runnel.cli;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Turns one line of {@code console-producer} input into a record, with the semantics of Kafka 4.x's
 * {@code LineMessageReader} and its {@code --property} names:
 *
 * <ul>
 *   <li>{@code parse.headers} (default false): the line starts with headers, ended by {@code headers.delimiter}
 *       (default tab), separated by {@code headers.separator} (default {@code ,}), each {@code key}{@code
 *       headers.key.separator}{@code value} (default {@code :});
 *   <li>{@code parse.key} (default false): then the key, ended by {@code key.separator} (default tab);
 *   <li>the rest of the line is the value;
 *   <li>{@code null.marker} (unset by default): a key, value or header value equal to it becomes null (a header key
 *       may not be null);
 *   <li>{@code ignore.error} (default false): a missing separator gives a null key or headers (a header without its
 *       key separator gets a null value) instead of an error.
 * </ul>
 *
 * Text is UTF-8. Unlike Kafka, {@code headers.separator} is a literal string, not a regular expression. The
 * separators must differ from each other and from {@code null.marker}. A malformed line is a {@link
 * CommandFailedException} naming the line number.
 *
 * <p>Immutable.
 */
final class LineRecordReader {

    private final String topic;
    private final boolean parseKey;
    private final String keySeparator;
    private final boolean parseHeaders;
    private final String headersDelimiter;
    private final String headersSeparator;
    private final String headersKeySeparator;
    private final boolean ignoreError;
    private final String nullMarker;

    LineRecordReader(String topic, Map<String, String> props) {
        this.topic = topic;
        this.parseKey = bool(props, "parse.key");
        this.keySeparator = props.getOrDefault("key.separator", "\t");
        this.parseHeaders = bool(props, "parse.headers");
        this.headersDelimiter = props.getOrDefault("headers.delimiter", "\t");
        this.headersSeparator = props.getOrDefault("headers.separator", ",");
        this.headersKeySeparator = props.getOrDefault("headers.key.separator", ":");
        this.ignoreError = bool(props, "ignore.error");
        this.nullMarker = props.get("null.marker");
        for (String[] pair : new String[][] {
            {"key.separator", keySeparator},
            {"headers.delimiter", headersDelimiter},
            {"headers.separator", headersSeparator},
            {"headers.key.separator", headersKeySeparator}
        }) {
            if (pair[1].isEmpty()) {
                throw new UsageException(pair[0] + " may not be empty");
            }
        }
        distinct("headers.delimiter", headersDelimiter, "headers.separator", headersSeparator);
        distinct("headers.delimiter", headersDelimiter, "headers.key.separator", headersKeySeparator);
        distinct("headers.separator", headersSeparator, "headers.key.separator", headersKeySeparator);
        if (nullMarker != null) {
            distinct("null.marker", nullMarker, "key.separator", keySeparator);
            distinct("null.marker", nullMarker, "headers.separator", headersSeparator);
            distinct("null.marker", nullMarker, "headers.delimiter", headersDelimiter);
            distinct("null.marker", nullMarker, "headers.key.separator", headersKeySeparator);
        }
    }

    private static boolean bool(Map<String, String> props, String key) {
        return props.getOrDefault(key, "false").trim().equalsIgnoreCase("true");
    }

    private static void distinct(String n1, String v1, String n2, String v2) {
        if (v1.equals(v2)) {
            throw new UsageException(n1 + " and " + n2 + " may not be equal");
        }
    }

    /** The record of line {@code lineNumber} (1-based, for messages). */
    ProducerRecord<byte[], byte[]> parse(String line, int lineNumber) {
        String headers = section(parseHeaders, line, 0, headersDelimiter, "headers delimiter", lineNumber);
        int headerOffset = headers == null ? 0 : headers.length() + headersDelimiter.length();
        String key = section(parseKey, line, headerOffset, keySeparator, "key separator", lineNumber);
        int keyOffset = key == null ? 0 : key.length() + keySeparator.length();
        String value = line.substring(headerOffset + keyOffset);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, bytes(key), bytes(value));
        if (headers != null && !headers.equals(nullMarker)) {
            for (String pair : headers.split(Pattern.quote(headersSeparator))) {
                int i = pair.indexOf(headersKeySeparator);
                if (i < 0) {
                    if (ignoreError) {
                        record.headers().add(new RecordHeader(pair, null));
                        continue;
                    }
                    throw new CommandFailedException(
                            "No header key separator found in pair '" + pair + "' on line number " + lineNumber);
                }
                String headerKey = pair.substring(0, i);
                if (headerKey.equals(nullMarker)) {
                    throw new CommandFailedException("Header keys should not be equal to the null marker '" + nullMarker
                            + "' as they can't be null");
                }
                record.headers().add(headerKey, bytes(pair.substring(i + headersKeySeparator.length())));
            }
        }
        return record;
    }

    private byte[] bytes(String s) {
        return s == null || s.equals(nullMarker) ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private String section(
            boolean enabled, String line, int start, String demarcation, String demarcationName, int lineNumber) {
        if (!enabled) {
            return null;
        }
        int index = line.indexOf(demarcation, start);
        if (index < 0) {
            if (ignoreError) {
                return null;
            }
            throw new CommandFailedException(
                    "No " + demarcationName + " found on line number " + lineNumber + ": '" + line + "'");
        }
        return line.substring(start, index);
    }
}
