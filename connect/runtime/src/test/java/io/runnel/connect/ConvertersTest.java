package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.plugins.PluginType;
import io.runnel.connect.plugins.Plugins;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

class ConvertersTest {

    private final Plugins plugins = Plugins.discover(List.of(), getClass().getClassLoader());

    private Converter converter(String name) throws Exception {
        Converter c = plugins.newInstance(name, PluginType.CONVERTER, Converter.class);
        c.configure(Map.of(), false);
        return c;
    }

    @Test
    void numericConvertersUseKafkasOwnEncodingBothWays() throws Exception {
        Converter ints = converter("IntegerConverter");
        assertThat(ints.fromConnectData("t", Schema.INT32_SCHEMA, 42))
                .isEqualTo(new IntegerSerializer().serialize("t", 42));
        assertThat(ints.toConnectData("t", new IntegerSerializer().serialize("t", -7))
                        .value())
                .isEqualTo(-7);
        assertThat(ints.toConnectData("t", new IntegerSerializer().serialize("t", -7))
                        .schema())
                .isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
        Converter longs = converter("org.apache.kafka.connect.converters.LongConverter");
        assertThat(longs.fromConnectData("t", null, 5L)).isEqualTo(new LongSerializer().serialize("t", 5L));
        Converter doubles = converter("DoubleConverter");
        assertThat(doubles.toConnectData("t", new DoubleSerializer().serialize("t", 2.5))
                        .value())
                .isEqualTo(2.5);
        assertThat(converter("Short").fromConnectData("t", null, 3)).containsExactly(0, 3);
        assertThatThrownBy(() -> ints.fromConnectData("t", null, "x")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> ints.toConnectData("t", new byte[] {1})).isInstanceOf(DataException.class);
    }

    @Test
    void byteArrayAndBooleanConvertersAnswerToApachesClassNames() throws Exception {
        Converter bytes = converter("org.apache.kafka.connect.converters.ByteArrayConverter");
        assertThat(bytes.fromConnectData("t", Schema.BYTES_SCHEMA, new byte[] {1, 2}))
                .containsExactly(1, 2);
        assertThat((byte[]) bytes.toConnectData("t", new byte[] {9}).value()).containsExactly(9);
        assertThatThrownBy(() -> bytes.fromConnectData("t", Schema.STRING_SCHEMA, "s"))
                .isInstanceOf(DataException.class);
        Converter bools = converter("BooleanConverter");
        assertThat(bools.fromConnectData("t", null, true)).containsExactly(1);
        assertThat(bools.toConnectData("t", new byte[] {0}).value()).isEqualTo(false);
        assertThatThrownBy(() -> bools.toConnectData("t", new byte[] {2})).isInstanceOf(DataException.class);
    }
}
