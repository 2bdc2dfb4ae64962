package io.runnel.protocol;

import io.netty.buffer.Unpooled;
import io.runnel.protocol.codegen.FieldSpec;
import io.runnel.protocol.codegen.FieldType;
import io.runnel.protocol.codegen.MessageSpec;
import io.runnel.protocol.codegen.StructSpec;
import io.runnel.protocol.record.MemoryRecords;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds random instances of a message at one version, driven by its JSON spec, for either implementation: Kafka's
 * generated classes in kafka-clients (the oracle) or ours. Only fields present in that version are set, null only
 * where the version allows it, tagged fields sometimes left at their default, so every instance is one both
 * implementations must be able to write.
 */
final class RandomMessages {

    enum Impl {
        KAFKA("org.apache.kafka.common.message."),
        RUNNEL("io.runnel.protocol.message.");

        final String pkg;

        Impl(String pkg) {
            this.pkg = pkg;
        }
    }

    private static final String[] STRING_PARTS = {"a", "topic", "-", "_", ".", "é", "中", "\uD83D\uDE80", "0", "Z"};

    private final MessageSpec spec;
    private final Map<String, StructSpec> structs = new HashMap<>();
    private final Random random;

    RandomMessages(MessageSpec spec, Random random) {
        this.spec = spec;
        this.random = random;
        for (StructSpec s : spec.commonStructs()) {
            structs.put(s.name(), s);
            collect(s.fields());
        }
        collect(spec.fields());
    }

    private void collect(List<FieldSpec> fields) {
        for (FieldSpec f : fields) {
            if (f.structName() != null && !f.fields().isEmpty()) {
                structs.put(f.structName(), new StructSpec(f.structName(), f.versions(), f.fields()));
                collect(f.fields());
            }
        }
    }

    Object newMessage(Impl impl, short version) throws Exception {
        Class<?> cls = Class.forName(impl.pkg + spec.className());
        Object msg = cls.getConstructor().newInstance();
        fill(msg, spec.fields(), impl, version);
        return msg;
    }

    Object newEmpty(Impl impl) throws Exception {
        return Class.forName(impl.pkg + spec.className()).getConstructor().newInstance();
    }

    private void fill(Object target, List<FieldSpec> fields, Impl impl, short version) throws Exception {
        for (FieldSpec f : fields) {
            boolean present = f.isTagged()
                    ? f.taggedVersions().contains(version)
                    : f.versions().contains(version);
            if (!present) {
                continue;
            }
            if (f.isTagged() && random.nextInt(3) == 0) {
                continue;
            }
            Method setter = setter(
                    target.getClass(),
                    "set" + Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1));
            Object value = randomValue(f, f.type(), impl, version, setter.getParameterTypes()[0], true);
            setter.invoke(target, value);
        }
    }

    private Object randomValue(
            FieldSpec f, FieldType type, Impl impl, short version, Class<?> javaType, boolean allowNull)
            throws Exception {
        if (allowNull && type.canBeNullable() && f.nullableVersions().contains(version) && random.nextInt(5) == 0) {
            return null;
        }
        if (type instanceof FieldType.Array a) {
            int n = random.nextInt(4);
            Collection<Object> items;
            if (javaType.isAssignableFrom(ArrayList.class)) {
                items = new ArrayList<>();
            } else {
                @SuppressWarnings("unchecked")
                Collection<Object> c =
                        (Collection<Object>) javaType.getConstructor().newInstance();
                items = c;
            }
            for (int i = 0; i < n; i++) {
                items.add(randomValue(f, a.element(), impl, version, elementClass(a.element(), impl), false));
            }
            return items;
        }
        if (type instanceof FieldType.Struct s) {
            Class<?> cls = structClass(s.name(), impl);
            Object struct = cls.getConstructor().newInstance();
            fill(struct, structs.get(s.name()).fields(), impl, version);
            return struct;
        }
        FieldType.Kind kind = ((FieldType.Primitive) type).kind();
        switch (kind) {
            case BOOL:
                return random.nextBoolean();
            case INT8:
                return (byte) random.nextInt();
            case INT16:
                return (short) interesting(Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT16:
                return (int) interesting(0, 65535);
            case INT32:
                return (int) interesting(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT32:
                return interesting(0, 4294967295L);
            case INT64:
                return interesting(Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT64:
                return random.nextInt(4) == 0 ? 0.0 : (random.nextDouble() - 0.5) * 1e9;
            case UUID: {
                long hi = random.nextLong();
                long lo = random.nextLong();
                return impl == Impl.KAFKA
                        ? new org.apache.kafka.common.Uuid(hi, lo)
                        : new io.runnel.common.Uuid(hi, lo);
            }
            case STRING: {
                StringBuilder sb = new StringBuilder();
                int parts = random.nextInt(8);
                for (int i = 0; i < parts; i++) {
                    sb.append(STRING_PARTS[random.nextInt(STRING_PARTS.length)]);
                }
                return sb.toString();
            }
            case BYTES: {
                byte[] bytes = randomBytes();
                if (f.zeroCopy()) {
                    return impl == Impl.KAFKA ? ByteBuffer.wrap(bytes) : Unpooled.wrappedBuffer(bytes);
                }
                return bytes;
            }
            case RECORDS: {
                byte[] bytes = randomBytes();
                return impl == Impl.KAFKA
                        ? org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(ByteBuffer.wrap(bytes))
                        : MemoryRecords.wrap(bytes);
            }
            default:
                throw new IllegalStateException("unhandled " + kind);
        }
    }

    /** Mostly small values, sometimes the extremes, so both varint widths and sign handling get exercised. */
    private long interesting(long min, long max) {
        switch (random.nextInt(6)) {
            case 0:
                return min;
            case 1:
                return max;
            case 2:
                return Math.max(min, Math.min(max, -1));
            default: {
                long span = Math.min(max, 100_000) - Math.max(min, -100_000);
                return Math.max(min, -100_000) + (long) (random.nextDouble() * span);
            }
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        return bytes;
    }

    private Class<?> elementClass(FieldType element, Impl impl) throws ClassNotFoundException {
        if (element instanceof FieldType.Struct s) {
            return structClass(s.name(), impl);
        }
        return Object.class;
    }

    private Class<?> structClass(String name, Impl impl) throws ClassNotFoundException {
        return Class.forName(impl.pkg + spec.className() + "$" + name);
    }

    private static Method setter(Class<?> cls, String name) {
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return m;
            }
        }
        throw new IllegalStateException(cls.getName() + " has no setter " + name);
    }
}
