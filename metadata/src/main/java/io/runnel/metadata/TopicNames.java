package io.runnel.metadata;

import io.runnel.protocol.Errors;

/** Kafka's rules for topic names. Stateless. */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;

    private TopicNames() {}

    /**
     * Checks a name: 1 to 249 characters of ASCII letters, digits, '.', '_' and '-', and neither "." nor "..".
     *
     * @throws io.runnel.protocol.ApiException with INVALID_TOPIC_EXCEPTION and Kafka's wording
     */
    public static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw Errors.INVALID_TOPIC_EXCEPTION.exception("Topic name is illegal, it can't be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw Errors.INVALID_TOPIC_EXCEPTION.exception("Topic name cannot be \".\" or \"..\"");
        }
        if (name.length() > MAX_LENGTH) {
            throw Errors.INVALID_TOPIC_EXCEPTION.exception("Topic name is illegal, it can't be longer than "
                    + MAX_LENGTH + " characters, topic name: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                throw Errors.INVALID_TOPIC_EXCEPTION.exception("Topic name \"" + name + "\" is illegal, it contains"
                        + " a character other than ASCII alphanumerics, '.', '_' and '-'");
            }
        }
    }

    /** Names that differ only in '.' versus '_' collide in metric names, so Kafka refuses the second one. */
    public static String collisionKey(String name) {
        return name.replace('.', '_');
    }
}
