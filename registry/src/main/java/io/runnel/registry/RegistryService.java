package io.runnel.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registry's operations, independent of HTTP. Reads answer from {@link RegistryState}; a change is decided
 * against that state, written to {@code _schemas} and visible once the topic's reader has replayed it (the state is
 * never changed here directly). Changes are serialized by one writer lock, so ids and versions are allocated by one
 * thread of one node (single writer; electing one among several nodes is left to do). Failures are
 * {@link RegistryException}s; a failed request writes nothing.
 *
 * <p>Thread-safe.
 */
final class RegistryService {

    /** The version argument meaning "the newest live version". */
    static final int LATEST = -1;

    /** What a client sends to register, look up or check a schema. */
    record Candidate(String schema, String schemaType, List<SchemaReference> references, Integer id, Integer version) {
        Candidate {
            references = references == null ? List.of() : List.copyOf(references);
        }
    }

    private final RegistryState state;
    private final SchemasTopic topic;
    private final Map<String, SchemaFormat> formats = new LinkedHashMap<>();
    private final ReentrantLock writer = new ReentrantLock();

    RegistryService(RegistryState state, SchemasTopic topic, List<SchemaFormat> formats) {
        this.state = state;
        this.topic = topic;
        for (SchemaFormat f : formats) {
            this.formats.put(f.type(), f);
        }
    }

    List<String> types() {
        return List.copyOf(formats.keySet());
    }

    // ---- subjects and versions ----

    List<String> subjects(String prefix, boolean deleted, boolean deletedOnly) {
        List<String> out = new ArrayList<>();
        List<String> live = state.subjects(false);
        for (String s : state.subjects(deleted || deletedOnly)) {
            if (prefix != null && !s.startsWith(prefix)) {
                continue;
            }
            if (deletedOnly && live.contains(s)) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    List<Integer> versions(String subject, boolean deleted, boolean deletedOnly) {
        List<Integer> out = new ArrayList<>();
        for (StoredSchema s : existing(subject, deleted || deletedOnly)) {
            if ((deletedOnly && s.deleted()) || (!deletedOnly && (deleted || !s.deleted()))) {
                out.add(s.version());
            }
        }
        return out;
    }

    StoredSchema version(String subject, int version, boolean deleted) {
        List<StoredSchema> all = existing(subject, deleted);
        if (version == LATEST) {
            for (int i = all.size() - 1; i >= 0; i--) {
                if (deleted || !all.get(i).deleted()) {
                    return all.get(i);
                }
            }
            throw versionNotFound(subject, "latest");
        }
        return state.version(subject, version)
                .filter(s -> deleted || !s.deleted())
                .orElseThrow(() -> versionNotFound(subject, Integer.toString(version)));
    }

    /** The live version of the subject holding this schema. */
    StoredSchema lookup(String subject, Candidate candidate, boolean normalize, boolean deleted) {
        List<StoredSchema> all = existing(subject, deleted);
        SchemaFormat format = format(candidate.schemaType());
        List<SchemaReference> refs = pinned(candidate.references());
        String canonical = format.parse(candidate.schema(), referencedTexts(refs), normalize)
                .canonical();
        StoredSchema probe = new StoredSchema(subject, 0, 0, format.type(), canonical, refs, false);
        for (int i = all.size() - 1; i >= 0; i--) {
            StoredSchema s = all.get(i);
            if ((deleted || !s.deleted()) && s.sameSchemaAs(probe)) {
                return s;
            }
        }
        throw new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema not found");
    }

    List<Integer> referencedBy(String subject, int version) {
        StoredSchema s = version(subject, version, true);
        return state.referencing(subject, s.version()).stream()
                .map(StoredSchema::id)
                .distinct()
                .toList();
    }

    int register(String subject, Candidate candidate, boolean normalize) {
        checkSubjectName(subject);
        writer.lock();
        try {
            Mode mode = effectiveMode(subject);
            if (mode == Mode.READONLY) {
                throw readOnly(subject);
            }
            if ((candidate.id() != null || candidate.version() != null) && mode != Mode.IMPORT) {
                throw new RegistryException(
                        RegistryError.OPERATION_NOT_PERMITTED,
                        "A schema may be registered with its own id or version only in IMPORT mode; subject '" + subject
                                + "' is in " + mode + " mode");
            }
            SchemaFormat format = format(candidate.schemaType());
            List<SchemaReference> refs = pinned(candidate.references());
            SchemaFormat.Parsed parsed = format.parse(candidate.schema(), referencedTexts(refs), normalize);
            StoredSchema probe = new StoredSchema(subject, 0, 0, format.type(), parsed.canonical(), refs, false);
            List<StoredSchema> all = state.versions(subject);
            for (StoredSchema s : all) {
                if (!s.deleted() && s.sameSchemaAs(probe)) {
                    if (candidate.id() != null && candidate.id() != s.id()) {
                        throw overwrite(candidate.id());
                    }
                    return s.id();
                }
            }
            int version = all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
            Optional<Integer> known = state.idOf(format.type(), parsed.canonical(), refs);
            int id;
            if (mode == Mode.IMPORT && candidate.id() != null) {
                id = candidate.id();
                List<StoredSchema> uses = state.usesOf(id);
                if (id < 1 || (!uses.isEmpty() && !uses.get(0).sameSchemaAs(probe))) {
                    throw overwrite(id);
                }
                if (candidate.version() != null) {
                    if (candidate.version() < 1
                            || state.version(subject, candidate.version()).isPresent()) {
                        throw new RegistryException(
                                RegistryError.OPERATION_NOT_PERMITTED,
                                "Version " + candidate.version() + " of subject '" + subject
                                        + "' exists or is not valid; importing cannot overwrite it");
                    }
                    version = candidate.version();
                }
            } else {
                if (mode != Mode.IMPORT) {
                    List<String> problems = CompatibilityChecker.check(effectiveLevel(subject), parsed, live(all));
                    if (!problems.isEmpty()) {
                        throw new RegistryException(
                                RegistryError.INCOMPATIBLE_SCHEMA,
                                "Schema being registered is incompatible with an earlier schema for subject \""
                                        + subject + "\", details: " + problems);
                    }
                }
                id = known.orElse(state.maxId() + 1);
            }
            StoredSchema stored =
                    new StoredSchema(subject, version, id, format.type(), parsed.canonical(), refs, false);
            topic.write(new StoreKey.Schema(subject, version), StoreCodec.schemaValue(stored));
            return id;
        } finally {
            writer.unlock();
        }
    }

    /**
     * Why the candidate is incompatible: with one version ({@code version} given) or with the versions the
     * subject's level names ({@code version == null}). Empty when compatible.
     */
    List<String> checkCompatibility(String subject, Candidate candidate, Integer version, boolean normalize) {
        SchemaFormat format = format(candidate.schemaType());
        SchemaFormat.Parsed parsed =
                format.parse(candidate.schema(), referencedTexts(pinned(candidate.references())), normalize);
        CompatibilityLevel level = effectiveLevel(subject);
        List<StoredSchema> all = state.versions(subject);
        if (version == null) {
            return CompatibilityChecker.check(level, parsed, live(all));
        }
        if (version == LATEST && all.stream().allMatch(StoredSchema::deleted)) {
            return List.of();
        }
        StoredSchema against = version(subject, version, false);
        List<CompatibilityChecker.Previous> one =
                List.of(new CompatibilityChecker.Previous(against.version(), parse(against)));
        return CompatibilityChecker.check(level, parsed, one);
    }

    int deleteVersion(String subject, int version, boolean permanent) {
        writer.lock();
        try {
            if (effectiveMode(subject) == Mode.READONLY) {
                throw readOnly(subject);
            }
            StoredSchema s = version(subject, version, version != LATEST || permanent);
            if (!permanent && s.deleted()) {
                throw new RegistryException(
                        RegistryError.VERSION_SOFT_DELETED,
                        "Subject '" + subject + "' Version " + s.version()
                                + " was soft deleted. Set permanent=true to delete permanently");
            }
            if (permanent && !s.deleted()) {
                throw new RegistryException(
                        RegistryError.VERSION_NOT_SOFT_DELETED,
                        "Subject '" + subject + "' Version " + s.version()
                                + " was not deleted first before being permanently deleted");
            }
            checkNotReferenced(subject, List.of(s));
            StoreKey key = new StoreKey.Schema(subject, s.version());
            topic.write(key, permanent ? null : StoreCodec.schemaValue(s.withDeleted(true)));
            return s.version();
        } finally {
            writer.unlock();
        }
    }

    List<Integer> deleteSubject(String subject, boolean permanent) {
        writer.lock();
        try {
            if (effectiveMode(subject) == Mode.READONLY) {
                throw readOnly(subject);
            }
            List<StoredSchema> all = existing(subject, true);
            List<StoredSchema> liveVersions =
                    all.stream().filter(s -> !s.deleted()).toList();
            if (!permanent) {
                if (liveVersions.isEmpty()) {
                    throw new RegistryException(
                            RegistryError.SUBJECT_SOFT_DELETED,
                            "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
                }
                checkNotReferenced(subject, liveVersions);
                int latest = all.get(all.size() - 1).version();
                topic.write(new StoreKey.DeleteSubject(subject), StoreCodec.deleteSubjectValue(subject, latest));
                return liveVersions.stream().map(StoredSchema::version).toList();
            }
            if (!liveVersions.isEmpty()) {
                throw new RegistryException(
                        RegistryError.SUBJECT_NOT_SOFT_DELETED,
                        "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            checkNotReferenced(subject, all);
            for (StoredSchema s : all) {
                topic.write(new StoreKey.Schema(subject, s.version()), null);
            }
            topic.write(new StoreKey.DeleteSubject(subject), null);
            return all.stream().map(StoredSchema::version).toList();
        } finally {
            writer.unlock();
        }
    }

    /** Every version of every subject (live, or also soft-deleted), or only each subject's latest. */
    List<StoredSchema> schemas(String prefix, boolean deleted, boolean latestOnly) {
        List<StoredSchema> out = new ArrayList<>();
        for (String subject : state.subjects(deleted)) {
            if (prefix != null && !subject.startsWith(prefix)) {
                continue;
            }
            List<StoredSchema> versions = state.versions(subject).stream()
                    .filter(s -> deleted || !s.deleted())
                    .toList();
            if (latestOnly && !versions.isEmpty()) {
                out.add(versions.get(versions.size() - 1));
            } else {
                out.addAll(versions);
            }
        }
        return out;
    }

    // ---- schemas by id ----

    StoredSchema schemaById(int id) {
        List<StoredSchema> uses = state.usesOf(id);
        if (uses.isEmpty()) {
            throw schemaNotFound(id);
        }
        return uses.get(0);
    }

    List<StoredSchema> versionsOfId(int id, boolean deleted) {
        List<StoredSchema> uses = state.usesOf(id);
        if (uses.isEmpty()) {
            throw schemaNotFound(id);
        }
        return uses.stream().filter(s -> deleted || !s.deleted()).toList();
    }

    // ---- config and mode ----

    CompatibilityLevel globalLevel() {
        return state.globalLevel().orElse(CompatibilityLevel.DEFAULT);
    }

    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> level = state.subjectLevel(subject);
        if (level.isPresent()) {
            return level.get();
        }
        if (defaultToGlobal) {
            return globalLevel();
        }
        throw new RegistryException(
                RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject, true);
    }

    /** Sets the level of the subject, or the global one ({@code subject == null}). */
    CompatibilityLevel setLevel(String subject, CompatibilityLevel level) {
        writer.lock();
        try {
            topic.write(new StoreKey.Config(subject), StoreCodec.configValue(level));
            return level;
        } finally {
            writer.unlock();
        }
    }

    /** Removes the subject's level (or resets the global one); answers the level it had. */
    CompatibilityLevel deleteLevel(String subject) {
        writer.lock();
        try {
            CompatibilityLevel previous = subject == null ? globalLevel() : subjectLevel(subject, false);
            topic.write(new StoreKey.Config(subject), null);
            return previous;
        } finally {
            writer.unlock();
        }
    }

    Mode globalMode() {
        return state.globalMode().orElse(Mode.DEFAULT);
    }

    Mode subjectMode(String subject, boolean defaultToGlobal) {
        Optional<Mode> mode = state.subjectMode(subject);
        if (mode.isPresent()) {
            return mode.get();
        }
        if (defaultToGlobal) {
            return globalMode();
        }
        throw new RegistryException(
                RegistryError.SUBJECT_MODE_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level mode configured");
    }

    Mode effectiveMode(String subject) {
        return subjectMode(subject, true);
    }

    Mode setMode(String subject, Mode mode, boolean force) {
        writer.lock();
        try {
            boolean hasSchemas = subject == null
                    ? !state.isEmpty()
                    : !state.versions(subject).isEmpty();
            if (mode == Mode.IMPORT && hasSchemas && !force) {
                throw new RegistryException(
                        RegistryError.OPERATION_NOT_PERMITTED,
                        "Cannot import since found existing subjects; set force=true to import into them");
            }
            topic.write(new StoreKey.ModeKey(subject), StoreCodec.modeValue(mode));
            return mode;
        } finally {
            writer.unlock();
        }
    }

    Mode deleteMode(String subject) {
        writer.lock();
        try {
            Mode previous = subject == null ? globalMode() : subjectMode(subject, false);
            topic.write(new StoreKey.ModeKey(subject), null);
            return previous;
        } finally {
            writer.unlock();
        }
    }

    // ---- helpers ----

    /** The subject's versions, or SUBJECT_NOT_FOUND when it has none (none live, unless {@code deleted}). */
    private List<StoredSchema> existing(String subject, boolean deleted) {
        List<StoredSchema> all = state.versions(subject);
        if (all.isEmpty() || (!deleted && all.stream().allMatch(StoredSchema::deleted))) {
            throw new RegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return all;
    }

    private List<CompatibilityChecker.Previous> live(List<StoredSchema> all) {
        List<CompatibilityChecker.Previous> out = new ArrayList<>();
        for (StoredSchema s : all) {
            if (!s.deleted()) {
                out.add(new CompatibilityChecker.Previous(s.version(), parse(s)));
            }
        }
        return out;
    }

    private SchemaFormat.Parsed parse(StoredSchema s) {
        return format(s.schemaType()).parse(s.schema(), referencedTexts(s.references()), false);
    }

    private SchemaFormat format(String type) {
        String t = type == null || type.isBlank() ? "AVRO" : type.trim().toUpperCase(Locale.ROOT);
        SchemaFormat f = formats.get(t);
        if (f == null) {
            throw new RegistryException(
                    RegistryError.INVALID_SCHEMA,
                    "Unsupported schema type '" + type + "'; this registry serves " + formats.keySet());
        }
        return f;
    }

    /** The references with "latest" (-1) replaced by the version it names now; a missing one is INVALID_SCHEMA. */
    private List<SchemaReference> pinned(List<SchemaReference> refs) {
        List<SchemaReference> out = new ArrayList<>();
        for (SchemaReference r : refs) {
            if (r.name() == null || r.subject() == null) {
                throw new RegistryException(
                        RegistryError.INVALID_SCHEMA, "A reference needs a name, a subject and a version: " + r);
            }
            StoredSchema target = resolve(r);
            out.add(new SchemaReference(r.name(), r.subject(), target.version()));
        }
        return out;
    }

    private StoredSchema resolve(SchemaReference r) {
        Optional<StoredSchema> target;
        if (r.version() == LATEST) {
            List<StoredSchema> live = state.versions(r.subject()).stream()
                    .filter(s -> !s.deleted())
                    .toList();
            target = live.isEmpty() ? Optional.empty() : Optional.of(live.get(live.size() - 1));
        } else {
            target = state.version(r.subject(), r.version());
        }
        return target.orElseThrow(() -> new RegistryException(
                RegistryError.INVALID_SCHEMA,
                "Invalid schema: the reference '" + r.name() + "' names subject '" + r.subject() + "' version "
                        + r.version() + ", which does not exist"));
    }

    /** The texts of everything the references need, dependencies first, each once. */
    private List<String> referencedTexts(List<SchemaReference> refs) {
        List<String> out = new ArrayList<>();
        collect(refs, new HashSet<>(), out, 0);
        return out;
    }

    private void collect(List<SchemaReference> refs, Set<String> seen, List<String> out, int depth) {
        if (depth > 32) {
            throw new RegistryException(
                    RegistryError.INVALID_SCHEMA, "Invalid schema: references nest deeper than 32 or form a cycle");
        }
        for (SchemaReference r : refs) {
            StoredSchema target = resolve(r);
            if (seen.add(target.subject() + "\u0000" + target.version())) {
                collect(target.references(), seen, out, depth + 1);
                out.add(target.schema());
            }
        }
    }

    private void checkNotReferenced(String subject, List<StoredSchema> versions) {
        for (StoredSchema s : versions) {
            List<StoredSchema> users = state.referencing(subject, s.version());
            if (!users.isEmpty()) {
                StoredSchema user = users.get(0);
                throw new RegistryException(
                        RegistryError.REFERENCE_EXISTS,
                        "One or more references exist to the schema {subject=" + subject + ", version=" + s.version()
                                + "}, e.g. from subject '" + user.subject() + "' version " + user.version());
            }
        }
    }

    private static void checkSubjectName(String subject) {
        if (subject == null || subject.isBlank() || subject.chars().anyMatch(Character::isISOControl)) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Invalid subject name '" + subject + "'");
        }
    }

    private static RegistryException readOnly(String subject) {
        return new RegistryException(
                RegistryError.OPERATION_NOT_PERMITTED, "Subject '" + subject + "' is in read-only mode");
    }

    private static RegistryException overwrite(int id) {
        return new RegistryException(
                RegistryError.OPERATION_NOT_PERMITTED, "Overwrite new schema with id " + id + " is not permitted.");
    }

    private static RegistryException versionNotFound(String subject, String version) {
        return new RegistryException(
                RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found for subject '" + subject + "'.");
    }

    private static RegistryException schemaNotFound(int id) {
        return new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
}
