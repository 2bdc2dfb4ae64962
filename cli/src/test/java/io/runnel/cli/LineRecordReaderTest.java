package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class LineRecordReaderTest {

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aPlainLineIsTheValueWithNoKeyAndNoHeaders() {
        ProducerRecord<byte[], byte[]> r = new LineRecordReader("t", Map.of()).parse("Hello\tKafka: a,b", 1);
        assertThat(r.topic()).isEqualTo("t");
        assertThat(r.key()).isNull();
        assertThat(text(r.value())).isEqualTo("Hello\tKafka: a,b");
        assertThat(r.headers().toArray()).isEmpty();
    }

    @Test
    void parseKeySplitsAtTheFirstTabByDefault() {
        ProducerRecord<byte[], byte[]> r =
                new LineRecordReader("t", Map.of("parse.key", "true")).parse("k1\tv\twith tab", 1);
        assertThat(text(r.key())).isEqualTo("k1");
        assertThat(text(r.value())).isEqualTo("v\twith tab");
    }

    @Test
    void keySeparatorMayBeAnyString() {
        ProducerRecord<byte[], byte[]> r = new LineRecordReader("t", Map.of("parse.key", "TRUE", "key.separator", "::"))
                .parse("user-1::{\"a\":1}", 1);
        assertThat(text(r.key())).isEqualTo("user-1");
        assertThat(text(r.value())).isEqualTo("{\"a\":1}");
    }

    @Test
    void anEmptyKeyIsAnEmptyArrayNotNull() {
        ProducerRecord<byte[], byte[]> r = new LineRecordReader("t", Map.of("parse.key", "true")).parse("\tv", 1);
        assertThat(r.key()).isEmpty();
        assertThat(text(r.value())).isEqualTo("v");
    }

    @Test
    void headersComeFirstThenKeyThenValue() {
        ProducerRecord<byte[], byte[]> r = new LineRecordReader(
                        "t", Map.of("parse.key", "true", "parse.headers", "true"))
                .parse("h1:v1,h2:v2\tkey\tvalue", 1);
        Header[] headers = r.headers().toArray();
        assertThat(headers).hasSize(2);
        assertThat(headers[0].key()).isEqualTo("h1");
        assertThat(text(headers[0].value())).isEqualTo("v1");
        assertThat(headers[1].key()).isEqualTo("h2");
        assertThat(text(headers[1].value())).isEqualTo("v2");
        assertThat(text(r.key())).isEqualTo("key");
        assertThat(text(r.value())).isEqualTo("value");
    }

    @Test
    void headerSeparatorsAreConfigurableAndAHeaderValueMayContainTheKeySeparator() {
        ProducerRecord<byte[], byte[]> r = new LineRecordReader(
                        "t",
                        Map.of(
                                "parse.headers", "true",
                                "headers.delimiter", "|",
                                "headers.separator", ";",
                                "headers.key.separator", "="))
                .parse("a=1;b=x=y|the value", 1);
        Header[] headers = r.headers().toArray();
        assertThat(headers).extracting(Header::key).containsExactly("a", "b");
        assertThat(text(headers[1].value())).isEqualTo("x=y");
        assertThat(text(r.value())).isEqualTo("the value");
    }

    @Test
    void headersSeparatorIsLiteralNotARegularExpression() {
        ProducerRecord<byte[], byte[]> r = new LineRecordReader(
                        "t", Map.of("parse.headers", "true", "headers.separator", "|", "headers.delimiter", "#"))
                .parse("a:1|b:2#v", 1);
        assertThat(r.headers().toArray()).extracting(Header::key).containsExactly("a", "b");
    }

    @Test
    void nullMarkerTurnsKeyValueAndHeaderValuesIntoNull() {
        LineRecordReader reader = new LineRecordReader(
                "t", Map.of("parse.key", "true", "parse.headers", "true", "null.marker", "<null>"));
        ProducerRecord<byte[], byte[]> r = reader.parse("h:<null>\t<null>\t<null>", 1);
        assertThat(r.key()).isNull();
        assertThat(r.value()).isNull();
        assertThat(r.headers().lastHeader("h").value()).isNull();

        ProducerRecord<byte[], byte[]> noHeaders = reader.parse("<null>\tk\tv", 2);
        assertThat(noHeaders.headers().toArray()).isEmpty();
        assertThat(text(noHeaders.key())).isEqualTo("k");
    }

    @Test
    void aNullHeaderKeyIsRefused() {
        LineRecordReader reader = new LineRecordReader("t", Map.of("parse.headers", "true", "null.marker", "N"));
        assertThatThrownBy(() -> reader.parse("N:v\tvalue", 1))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("Header keys should not be equal to the null marker 'N'");
    }

    @Test
    void aMissingKeySeparatorNamesTheLine() {
        LineRecordReader reader = new LineRecordReader("t", Map.of("parse.key", "true"));
        assertThatThrownBy(() -> reader.parse("no separator here", 7))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("No key separator found on line number 7: 'no separator here'");
    }

    @Test
    void anEmptyHeaderSectionIsAnErrorAsInKafka() {
        LineRecordReader reader = new LineRecordReader("t", Map.of("parse.headers", "true"));
        assertThatThrownBy(() -> reader.parse("\tvalue", 4))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("No header key separator found in pair '' on line number 4");
    }

    @Test
    void aMissingHeaderKeySeparatorIsAnError() {
        LineRecordReader reader = new LineRecordReader("t", Map.of("parse.headers", "true"));
        assertThatThrownBy(() -> reader.parse("bad\tv", 3))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("No header key separator found in pair 'bad' on line number 3");
    }

    @Test
    void ignoreErrorGivesANullKeyAndKeepsTheWholeLineAsValue() {
        LineRecordReader reader =
                new LineRecordReader("t", Map.of("parse.key", "true", "parse.headers", "true", "ignore.error", "true"));
        ProducerRecord<byte[], byte[]> r = reader.parse("just a value", 1);
        assertThat(r.key()).isNull();
        assertThat(r.headers().toArray()).isEmpty();
        assertThat(text(r.value())).isEqualTo("just a value");

        ProducerRecord<byte[], byte[]> h = reader.parse("flag\tk\tv", 2);
        assertThat(h.headers().lastHeader("flag").value()).isNull();
        assertThat(text(h.key())).isEqualTo("k");
    }

    @Test
    void separatorsThatCollideAreRefused() {
        assertThatThrownBy(() -> new LineRecordReader("t", Map.of("headers.separator", "\t")))
                .isInstanceOf(UsageException.class)
                .hasMessage("headers.delimiter and headers.separator may not be equal");
        assertThatThrownBy(() -> new LineRecordReader("t", Map.of("null.marker", "\t")))
                .isInstanceOf(UsageException.class)
                .hasMessage("null.marker and key.separator may not be equal");
        assertThatThrownBy(() -> new LineRecordReader("t", Map.of("key.separator", "")))
                .isInstanceOf(UsageException.class)
                .hasMessage("key.separator may not be empty");
    }

    @Test
    void textIsUtf8() {
        ProducerRecord<byte[], byte[]> r =
                new LineRecordReader("t", Map.of("parse.key", "true")).parse("clé\tvaleur €", 1);
        assertThat(r.key()).isEqualTo("clé".getBytes(StandardCharsets.UTF_8));
        assertThat(r.value()).isEqualTo("valeur €".getBytes(StandardCharsets.UTF_8));
    }
}
