package io.runnel.coordinator.consumer;

import io.runnel.coordinator.TopicMetadata;
import io.runnel.coordinator.TopicsImage;
import io.runnel.coordinator.record.ConsumerGroupMemberValue;
import io.runnel.coordinator.record.ConsumerGroupMetadataValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Consumer group subscriptions resolved against the broker's current topics: a member's topic names plus what its
 * regular expression matches ({@code java.util.regex}, never internal topics; an invalid pattern matches nothing),
 * and a group's subscribed-topic metadata (name, id, partition count of the existing topics, sorted by name).
 *
 * <p>Invariants: pattern matches are cached per image and dropped when a new image is adopted; a group is
 * "checked" once its metadata record has been compared with the current image, until the next image.
 *
 * <p>Not thread-safe: one shard thread, the same as {@link ConsumerGroupManager}'s.
 */
final class ConsumerSubscriptions {

    private TopicsImage image;
    /** Compiled subscription patterns. */
    private final Map<String, Pattern> patterns = new HashMap<>();
    /** What each pattern matches in the current image. */
    private final Map<String, Set<String>> regexMatches = new HashMap<>();
    /** The image each group's subscription metadata was last checked against. */
    private final Map<String, TopicsImage> checkedImage = new HashMap<>();

    ConsumerSubscriptions(TopicsImage image) {
        this.image = image;
    }

    TopicsImage image() {
        return image;
    }

    /** Adopts a new image: pattern matches are recomputed on demand and no group counts as checked against it. */
    void adopt(TopicsImage newImage) {
        this.image = newImage;
        regexMatches.clear();
    }

    /** Whether the group's subscription metadata was checked against the current image. */
    boolean isChecked(String groupId) {
        return checkedImage.get(groupId) == image;
    }

    void markChecked(String groupId) {
        checkedImage.put(groupId, image);
    }

    void forget(String groupId) {
        checkedImage.remove(groupId);
    }

    void clear() {
        checkedImage.clear();
        regexMatches.clear();
    }

    /** The existing topics the group's members subscribe to, by name or pattern, sorted by name. */
    List<ConsumerGroupMetadataValue.SubscribedTopic> metadata(ConsumerGroup group) {
        Set<String> names = new TreeSet<>();
        group.members().values().forEach(m -> names.addAll(topicNames(m)));
        List<ConsumerGroupMetadataValue.SubscribedTopic> metadata = new ArrayList<>();
        for (String name : names) {
            TopicMetadata topic = image.topic(name);
            if (topic != null) {
                metadata.add(new ConsumerGroupMetadataValue.SubscribedTopic(name, topic.id(), topic.numPartitions()));
            }
        }
        return metadata;
    }

    /** The topics a member subscribes to: its names plus what its pattern matches now. */
    Set<String> topicNames(ConsumerGroupMemberValue member) {
        String regex = member.subscribedTopicRegex();
        if (regex == null) {
            return new TreeSet<>(member.subscribedTopicNames());
        }
        Set<String> names = new TreeSet<>(member.subscribedTopicNames());
        names.addAll(regexMatches.computeIfAbsent(regex, r -> {
            Set<String> matches = new TreeSet<>();
            Pattern pattern;
            try {
                pattern = pattern(r);
            } catch (PatternSyntaxException e) {
                return matches;
            }
            for (TopicMetadata topic : image.topics()) {
                if (!topic.internal() && pattern.matcher(topic.name()).matches()) {
                    matches.add(topic.name());
                }
            }
            return matches;
        }));
        return names;
    }

    /** The compiled pattern, cached. @throws PatternSyntaxException for an invalid one */
    Pattern pattern(String regex) {
        Pattern pattern = patterns.get(regex);
        if (pattern == null) {
            pattern = Pattern.compile(regex);
            patterns.put(regex, pattern);
        }
        return pattern;
    }
}
