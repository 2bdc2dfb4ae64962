package io.runnel.connect.plugins;

/**
 * One discovered plugin class.
 *
 * @param className the fully qualified class name
 * @param type its kind (a class implementing two interfaces, such as a converter that is also a header converter,
 *     has one descriptor per kind)
 * @param version what the plugin reports, or {@code "undefined"}
 * @param loader the loader that defines it: a {@link PluginClassLoader}, or the runtime's own for class-path plugins
 * @param location the plugin directory or jar, or {@code "classpath"}
 */
public record PluginDesc(String className, PluginType type, String version, ClassLoader loader, String location) {

    public boolean onPluginPath() {
        return loader instanceof PluginClassLoader;
    }

    public Class<?> load() {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("plugin class " + className + " vanished from " + location, e);
        }
    }
}
