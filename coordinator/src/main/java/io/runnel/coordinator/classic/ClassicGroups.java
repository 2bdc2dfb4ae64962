package io.runnel.coordinator.classic;

import io.runnel.coordinator.record.ClassicGroupKey;
import io.runnel.coordinator.record.ClassicGroupValue;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The classic groups of one shard, as their last records left them. Changed only by {@link #replay}.
 *
 * <p>Not thread-safe: one shard thread.
 */
public final class ClassicGroups {

    private final Map<String, ClassicGroup> groups = new HashMap<>();

    /** Installs a group's state; a null value deletes the group. */
    public void replay(ClassicGroupKey key, ClassicGroupValue value) {
        if (value == null) {
            groups.remove(key.groupId());
        } else {
            groups.put(key.groupId(), new ClassicGroup(key.groupId(), value));
        }
    }

    /** The group, or null. */
    public ClassicGroup get(String groupId) {
        return groups.get(groupId);
    }

    public boolean contains(String groupId) {
        return groups.containsKey(groupId);
    }

    public Collection<ClassicGroup> all() {
        return Collections.unmodifiableCollection(groups.values());
    }
}
