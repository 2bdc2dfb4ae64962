package io.runnel.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The plain {@code INSERT INTO t (k…, v…) VALUES (?, …)} the dialects' upserts extend. */
public final class InsertStatement {

    private InsertStatement() {}

    /** Key columns first, then the others: the order the sink binds values in. */
    public static String of(String table, List<String> keyColumns, List<String> nonKeyColumns) {
        List<String> all = new ArrayList<>(keyColumns);
        all.addAll(nonKeyColumns);
        return "INSERT INTO " + table + " (" + String.join(", ", all) + ") VALUES (" + placeholders(all.size()) + ")";
    }

    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
