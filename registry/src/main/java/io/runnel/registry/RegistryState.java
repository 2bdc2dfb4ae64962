package io.runnel.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry knows, and only what it has read back from {@code _schemas}: every subject's versions (live and
 * soft-deleted), the compatibility levels and modes, and the highest id ever seen. State changes only in
 * {@link #replay}, called by the topic's reader for each record in offset order, so a restart that replays the
 * topic rebuilds exactly this state. A record that does not decode is logged and skipped; it never stops the reader.
 *
 * <p>Thread-safe: one reader thread replays, request threads query; every method is synchronized and answers
 * immutable values.
 */
final class RegistryState {

    private static final Logger log = LoggerFactory.getLogger(RegistryState.class);

    private final Map<String, TreeMap<Integer, StoredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, Set<StoreKey.Schema>> usesOfId = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final Map<String, Mode> subjectModes = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private Mode globalMode;
    private int maxId;

    /** Applies one record of {@code _schemas}; {@code value} is {@code null} for a tombstone. */
    synchronized void replay(byte[] keyBytes, byte[] value) {
        try {
            StoreKey key = keyBytes == null ? null : StoreCodec.decodeKey(keyBytes);
            if (key == null) {
                return;
            }
            apply(key, value);
        } catch (IOException | RuntimeException e) {
            log.warn("Skipping a _schemas record that does not decode: {}", e.getMessage());
        }
    }

    private void apply(StoreKey key, byte[] value) throws IOException {
        if (key instanceof StoreKey.Schema k) {
            if (value == null) {
                remove(k);
            } else {
                StoredSchema s = StoreCodec.decodeSchemaValue(value);
                if (!s.subject().equals(k.subject()) || s.version() != k.version()) {
                    throw new IOException("SCHEMA value for " + s.subject() + "/" + s.version() + " under key "
                            + k.subject() + "/" + k.version());
                }
                remove(k);
                subjects.computeIfAbsent(k.subject(), x -> new TreeMap<>()).put(k.version(), s);
                usesOfId.computeIfAbsent(s.id(), x -> new HashSet<>()).add(k);
                maxId = Math.max(maxId, s.id());
            }
        } else if (key instanceof StoreKey.Config k) {
            CompatibilityLevel level = value == null ? null : StoreCodec.decodeConfigValue(value);
            if (k.subject() == null) {
                globalLevel = level;
            } else if (level == null) {
                subjectLevels.remove(k.subject());
            } else {
                subjectLevels.put(k.subject(), level);
            }
        } else if (key instanceof StoreKey.ModeKey k) {
            Mode mode = value == null ? null : StoreCodec.decodeModeValue(value);
            if (k.subject() == null) {
                globalMode = mode;
            } else if (mode == null) {
                subjectModes.remove(k.subject());
            } else {
                subjectModes.put(k.subject(), mode);
            }
        } else if (key instanceof StoreKey.DeleteSubject k) {
            if (value != null) {
                int upTo = StoreCodec.decodeDeleteSubjectVersion(value);
                TreeMap<Integer, StoredSchema> versions = subjects.get(k.subject());
                if (versions != null) {
                    versions.headMap(upTo, true).replaceAll((v, s) -> s.withDeleted(true));
                }
            }
        } else if (key instanceof StoreKey.ClearSubject k) {
            if (value != null) {
                TreeMap<Integer, StoredSchema> versions = subjects.get(k.subject());
                if (versions != null) {
                    for (StoredSchema s : List.copyOf(versions.values())) {
                        if (s.deleted()) {
                            remove(new StoreKey.Schema(s.subject(), s.version()));
                        }
                    }
                }
            }
        }
    }

    private void remove(StoreKey.Schema k) {
        TreeMap<Integer, StoredSchema> versions = subjects.get(k.subject());
        if (versions == null) {
            return;
        }
        StoredSchema old = versions.remove(k.version());
        if (old != null) {
            Set<StoreKey.Schema> uses = usesOfId.get(old.id());
            if (uses != null) {
                uses.remove(k);
                if (uses.isEmpty()) {
                    usesOfId.remove(old.id());
                }
            }
        }
        if (versions.isEmpty()) {
            subjects.remove(k.subject());
        }
    }

    // ---- queries ----

    /** Every version of the subject, soft-deleted ones too, oldest first (empty when the subject is unknown). */
    synchronized List<StoredSchema> versions(String subject) {
        TreeMap<Integer, StoredSchema> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    synchronized Optional<StoredSchema> version(String subject, int version) {
        TreeMap<Integer, StoredSchema> versions = subjects.get(subject);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    /** Subjects with at least one version, live or (when {@code deleted}) soft-deleted. */
    synchronized List<String> subjects(boolean deleted) {
        List<String> out = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (deleted || versions.values().stream().anyMatch(s -> !s.deleted())) {
                out.add(name);
            }
        });
        return out;
    }

    synchronized boolean isEmpty() {
        return subjects.isEmpty();
    }

    /** The versions (subject, version) that carry the id, in subject and version order. */
    synchronized List<StoredSchema> usesOf(int id) {
        List<StoredSchema> out = new ArrayList<>();
        for (StoreKey.Schema k : usesOfId.getOrDefault(id, Set.of())) {
            out.add(subjects.get(k.subject()).get(k.version()));
        }
        out.sort((a, b) -> a.subject().equals(b.subject())
                ? Integer.compare(a.version(), b.version())
                : a.subject().compareTo(b.subject()));
        return out;
    }

    /** The id already given to this schema (same type, text and references) anywhere, if any. */
    synchronized Optional<Integer> idOf(String schemaType, String schema, List<SchemaReference> references) {
        StoredSchema probe = new StoredSchema("", 0, 0, schemaType, schema, references, false);
        for (TreeMap<Integer, StoredSchema> versions : subjects.values()) {
            for (StoredSchema s : versions.values()) {
                if (s.sameSchemaAs(probe)) {
                    return Optional.of(s.id());
                }
            }
        }
        return Optional.empty();
    }

    /** Every stored version whose references point at subject/version. */
    synchronized List<StoredSchema> referencing(String subject, int version) {
        List<StoredSchema> out = new ArrayList<>();
        for (TreeMap<Integer, StoredSchema> versions : subjects.values()) {
            for (StoredSchema s : versions.values()) {
                for (SchemaReference r : s.references()) {
                    if (r.subject().equals(subject) && r.version() == version) {
                        out.add(s);
                        break;
                    }
                }
            }
        }
        return out;
    }

    synchronized int maxId() {
        return maxId;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    synchronized Optional<Mode> subjectMode(String subject) {
        return Optional.ofNullable(subjectModes.get(subject));
    }

    synchronized Optional<Mode> globalMode() {
        return Optional.ofNullable(globalMode);
    }
}
