package io.runnel.connect.postgres;

import io.runnel.connect.postgres.PgOutputMessage.Begin;
import io.runnel.connect.postgres.PgOutputMessage.Column;
import io.runnel.connect.postgres.PgOutputMessage.Commit;
import io.runnel.connect.postgres.PgOutputMessage.Delete;
import io.runnel.connect.postgres.PgOutputMessage.Ignored;
import io.runnel.connect.postgres.PgOutputMessage.Insert;
import io.runnel.connect.postgres.PgOutputMessage.Relation;
import io.runnel.connect.postgres.PgOutputMessage.Truncate;
import io.runnel.connect.postgres.PgOutputMessage.TupleData;
import io.runnel.connect.postgres.PgOutputMessage.Update;
import io.runnel.connect.postgres.PgOutputMessage.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.DataException;

/**
 * Decodes one {@code pgoutput} message (protocol version 1) from the bytes of an XLogData payload: a one-byte tag,
 * then big-endian integers, NUL-terminated UTF-8 strings and tuple data, as in the PostgreSQL docs' "Logical
 * Replication Message Formats". Stateless and thread-safe; a malformed message is a {@link DataException} naming the
 * tag and position.
 */
final class PgOutputDecoder {

    PgOutputMessage decode(ByteBuffer buffer) {
        ByteBuffer in = buffer.slice();
        if (!in.hasRemaining()) {
            throw new DataException("empty pgoutput message");
        }
        char tag = (char) in.get();
        try {
            return switch (tag) {
                case 'B' -> new Begin(in.getLong(), in.getLong(), Integer.toUnsignedLong(in.getInt()));
                case 'C' -> {
                    in.get(); // flags, unused
                    yield new Commit(in.getLong(), in.getLong(), in.getLong());
                }
                case 'R' -> relation(in);
                case 'I' -> {
                    int rel = in.getInt();
                    expect(in, 'N', tag);
                    yield new Insert(rel, tuple(in));
                }
                case 'U' -> update(in);
                case 'D' -> {
                    int rel = in.getInt();
                    char kind = (char) in.get();
                    if (kind != 'K' && kind != 'O') {
                        throw new DataException("pgoutput Delete: expected 'K' or 'O', got '" + kind + "'");
                    }
                    yield new Delete(rel, tuple(in), kind == 'K');
                }
                case 'T' -> {
                    int count = in.getInt();
                    int options = in.get();
                    List<Integer> rels = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        rels.add(in.getInt());
                    }
                    yield new Truncate(rels, (options & 1) != 0, (options & 2) != 0);
                }
                default -> new Ignored(tag);
            };
        } catch (java.nio.BufferUnderflowException e) {
            throw new DataException("truncated pgoutput message '" + tag + "' at byte " + in.position(), e);
        }
    }

    private Relation relation(ByteBuffer in) {
        int id = in.getInt();
        String schema = string(in);
        String table = string(in);
        char identity = (char) in.get();
        int count = in.getShort();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (in.get() & 1) != 0;
            String name = string(in);
            columns.add(new Column(key, name, in.getInt(), in.getInt()));
        }
        return new Relation(id, schema, table, identity, List.copyOf(columns));
    }

    private Update update(ByteBuffer in) {
        int rel = in.getInt();
        char kind = (char) in.get();
        TupleData old = null;
        boolean keyOnly = false;
        if (kind == 'K' || kind == 'O') {
            keyOnly = kind == 'K';
            old = tuple(in);
            kind = (char) in.get();
        }
        if (kind != 'N') {
            throw new DataException("pgoutput Update: expected 'N', got '" + kind + "'");
        }
        return new Update(rel, old, keyOnly, tuple(in));
    }

    private static TupleData tuple(ByteBuffer in) {
        int count = in.getShort();
        List<Value> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            char kind = (char) in.get();
            switch (kind) {
                case 'n' -> values.add(Value.NULL);
                case 'u' -> values.add(Value.UNCHANGED_TOAST);
                case 't' -> {
                    byte[] bytes = new byte[in.getInt()];
                    in.get(bytes);
                    values.add(new Value('t', new String(bytes, StandardCharsets.UTF_8)));
                }
                default -> throw new DataException("pgoutput tuple: unknown column kind '" + kind + "'");
            }
        }
        return new TupleData(values);
    }

    private static void expect(ByteBuffer in, char wanted, char tag) {
        char got = (char) in.get();
        if (got != wanted) {
            throw new DataException("pgoutput '" + tag + "': expected '" + wanted + "', got '" + got + "'");
        }
    }

    private static String string(ByteBuffer in) {
        int start = in.position();
        int end = start;
        while (in.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        in.get(bytes);
        in.get(); // the NUL
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
