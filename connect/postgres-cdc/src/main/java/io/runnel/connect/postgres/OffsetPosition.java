package io.runnel.connect.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source offset of a record, stored by the runtime under the partition {@code {"server": <topic.prefix>}}.
 * Streaming: {@code lsn} (the transaction's commit LSN), {@code txId}, {@code event} (the record's index in the
 * transaction), so a transaction replayed after a restart skips the records already stored. Snapshot: also
 * {@code snapshot=true}, {@code snapshot_table} (index in the published tables' order) and {@code snapshot_key} (the
 * row's key texts, each as {@code <length>:<text>}), so a restart continues after that row. Immutable.
 */
record OffsetPosition(long lsn, Long txId, long event, boolean snapshot, int snapshotTable, List<String> snapshotKey) {

    static Map<String, String> partition(String server) {
        return Map.of("server", server);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new HashMap<>();
        m.put("lsn", lsn);
        m.put("event", event);
        if (txId != null) {
            m.put("txId", txId);
        }
        if (snapshot) {
            m.put("snapshot", true);
            m.put("snapshot_table", snapshotTable);
            m.put("snapshot_key", encode(snapshotKey));
        }
        return m;
    }

    static OffsetPosition fromMap(Map<String, Object> m) {
        if (m == null || m.get("lsn") == null) {
            return null;
        }
        boolean snapshot = Boolean.TRUE.equals(m.get("snapshot"));
        return new OffsetPosition(
                ((Number) m.get("lsn")).longValue(),
                m.get("txId") == null ? null : ((Number) m.get("txId")).longValue(),
                m.get("event") == null ? Long.MAX_VALUE : ((Number) m.get("event")).longValue(),
                snapshot,
                snapshot ? ((Number) m.get("snapshot_table")).intValue() : 0,
                snapshot ? decode((String) m.get("snapshot_key")) : null);
    }

    private static String encode(List<String> texts) {
        StringBuilder b = new StringBuilder();
        for (String t : texts) {
            b.append(t.length()).append(':').append(t);
        }
        return b.toString();
    }

    private static List<String> decode(String s) {
        List<String> texts = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int colon = s.indexOf(':', i);
            int len = Integer.parseInt(s.substring(i, colon));
            texts.add(s.substring(colon + 1, colon + 1 + len));
            i = colon + 1 + len;
        }
        return texts;
    }
}
