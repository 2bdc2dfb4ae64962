package io.runnel.connect.plugins;

/** No plugin of the wanted kind has this class name or alias, or the alias names more than one. */
public final class PluginNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    public PluginNotFoundException(String message) {
        super(message);
    }
}
