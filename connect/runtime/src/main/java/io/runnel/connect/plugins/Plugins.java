package io.runnel.connect.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.kafka.connect.components.Versioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins a worker can run: those on the runtime's own class path (Runnel's bundled connectors, Apache's
 * converters and transforms), found through their {@code META-INF/services} manifests, and those on
 * {@code plugin.path}, each with its own {@link PluginClassLoader}, found through manifests and by scanning their
 * jars for public concrete plugin classes with a public no-argument constructor (for plugins that ship no
 * manifests).
 *
 * <p>Plugin-path layout: every entry of {@code plugin.path} is a directory whose children are plugins; a child
 * directory is one plugin (all jars in it, and class files in it, share one loader), a child jar is one plugin (an
 * uber-jar). An entry that is itself a jar is one plugin.
 *
 * <p>Names: a plugin is found by its class name, or an alias: its simple name (for nested classes
 * {@code Outer$Inner}), and that name without a {@code Connector} or {@code Converter} suffix
 * ({@code FileStreamSource}, {@code JsonConverter}). When several plugins answer to an alias, those on
 * {@code plugin.path} win over the class path (so a plugin dropped in replaces a bundled one); several on the same
 * footing make the alias ambiguous and the full class name is needed. The class names of the converters Apache
 * ships in its {@code connect-runtime} ({@code org.apache.kafka.connect.converters.ByteArrayConverter}, the numeric
 * ones) name Runnel's converters of the same simple name. Immutable after construction; thread-safe.
 */
public final class Plugins {

    private static final Logger log = LoggerFactory.getLogger(Plugins.class);
    public static final String CLASSPATH = "classpath";
    private static final String APACHE_RUNTIME_CONVERTERS = "org.apache.kafka.connect.converters.";
    private static final String RUNNEL_CONVERTERS = "io.runnel.connect.converters.";

    private final List<PluginDesc> all;
    private final List<PluginClassLoader> loaders;

    private Plugins(List<PluginDesc> all, List<PluginClassLoader> loaders) {
        this.all = List.copyOf(all);
        this.loaders = List.copyOf(loaders);
    }

    /** Discovers the plugins of the class path of {@code runtimeLoader} and of every {@code plugin.path} entry. */
    public static Plugins discover(List<Path> pluginPath, ClassLoader runtimeLoader) {
        List<PluginDesc> found = new ArrayList<>();
        for (PluginType type : PluginType.values()) {
            found.addAll(fromManifests(type, runtimeLoader, runtimeLoader, CLASSPATH));
        }
        List<PluginClassLoader> loaders = new ArrayList<>();
        for (Path entry : pluginPath) {
            for (Path location : pluginLocations(entry)) {
                PluginClassLoader loader = new PluginClassLoader(location.toString(), urls(location), runtimeLoader);
                loaders.add(loader);
                List<PluginDesc> here = new ArrayList<>();
                for (PluginType type : PluginType.values()) {
                    here.addAll(fromManifests(type, loader, loader, location.toString()));
                }
                for (PluginDesc scanned : scan(location, loader)) {
                    boolean known = here.stream()
                            .anyMatch(d -> d.className().equals(scanned.className()) && d.type() == scanned.type());
                    if (!known) {
                        here.add(scanned);
                    }
                }
                log.info("Loaded {} plugin classes from {}", here.size(), location);
                found.addAll(here);
            }
        }
        return new Plugins(found, loaders);
    }

    public List<PluginDesc> all() {
        return all;
    }

    public List<PluginDesc> ofType(PluginType type) {
        return all.stream().filter(d -> d.type() == type).toList();
    }

    /** Finds the plugin of one of the kinds with this class name or alias. */
    public PluginDesc resolve(String nameOrAlias, Set<PluginType> types) throws PluginNotFoundException {
        String name = nameOrAlias == null ? "" : nameOrAlias.trim();
        List<PluginDesc> exact = all.stream()
                .filter(d -> types.contains(d.type()) && d.className().equals(name))
                .toList();
        if (!exact.isEmpty()) {
            return exact.stream().filter(PluginDesc::onPluginPath).findFirst().orElse(exact.get(0));
        }
        if (name.startsWith(APACHE_RUNTIME_CONVERTERS)) {
            // Apache ships these converters in connect-runtime, which we do not use; ours have the same simple names.
            String ours = RUNNEL_CONVERTERS + name.substring(APACHE_RUNTIME_CONVERTERS.length());
            List<PluginDesc> same = all.stream()
                    .filter(d -> types.contains(d.type()) && d.className().equals(ours))
                    .toList();
            if (!same.isEmpty()) {
                return same.get(0);
            }
        }
        List<PluginDesc> byAlias = all.stream()
                .filter(d -> types.contains(d.type()) && aliases(d).contains(name))
                .toList();
        List<PluginDesc> preferred =
                byAlias.stream().filter(PluginDesc::onPluginPath).toList();
        List<PluginDesc> candidates = preferred.isEmpty() ? byAlias : preferred;
        List<String> classes =
                candidates.stream().map(PluginDesc::className).distinct().toList();
        if (classes.size() == 1) {
            return candidates.get(0);
        }
        if (classes.isEmpty()) {
            throw new PluginNotFoundException(
                    "Failed to find any class that implements " + describe(types) + " and which name matches " + name);
        }
        throw new PluginNotFoundException("More than one " + describe(types) + " matches " + name + ": "
                + String.join(", ", classes) + "; use the fully qualified class name");
    }

    public PluginDesc resolve(String nameOrAlias, PluginType type) throws PluginNotFoundException {
        return resolve(nameOrAlias, EnumSet.of(type));
    }

    /** A new instance of the plugin, created with its loader as the thread's context loader. */
    public <T> T newInstance(PluginDesc desc, Class<T> as) {
        try (LoaderSwap ignored = LoaderSwap.to(desc.loader())) {
            Object o = desc.load().getDeclaredConstructor().newInstance();
            return as.cast(o);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Cannot create an instance of " + desc.className(), e);
        }
    }

    /** Resolves and instantiates in one step. */
    public <T> T newInstance(String nameOrAlias, PluginType type, Class<T> as) throws PluginNotFoundException {
        return newInstance(resolve(nameOrAlias, type), as);
    }

    static List<String> aliases(PluginDesc d) {
        String simple = d.className().substring(d.className().lastIndexOf('.') + 1);
        List<String> out = new ArrayList<>();
        out.add(simple);
        for (String suffix : List.of("Connector", "Converter")) {
            if (simple.endsWith(suffix) && simple.length() > suffix.length()) {
                out.add(simple.substring(0, simple.length() - suffix.length()));
            }
        }
        return out;
    }

    private static String describe(Set<PluginType> types) {
        if (types.equals(EnumSet.of(PluginType.SOURCE, PluginType.SINK))) {
            return "Connector";
        }
        return types.stream().map(t -> t.superType().getSimpleName()).toList().toString();
    }

    private static List<PluginDesc> fromManifests(
            PluginType type, ClassLoader loader, ClassLoader definingLoader, String location) {
        List<PluginDesc> out = new ArrayList<>();
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            ServiceLoader<?> sl = ServiceLoader.load(type.superType(), loader);
            var it = sl.stream().iterator();
            while (true) {
                ServiceLoader.Provider<?> p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    log.warn("Skipping a {} listed in a manifest of {}: {}", type.restName(), location, e.toString());
                    continue;
                }
                Class<?> c = p.type();
                if (c.getClassLoader() != definingLoader) {
                    continue; // the parent's, found through the child's resource lookup
                }
                out.add(new PluginDesc(c.getName(), type, version(c, loader), definingLoader, location));
            }
        }
        return out;
    }

    private static List<PluginDesc> scan(Path location, PluginClassLoader loader) {
        List<PluginDesc> out = new ArrayList<>();
        for (String className : classNames(location)) {
            Class<?> c;
            try {
                c = Class.forName(className, false, loader);
            } catch (Throwable e) {
                continue; // a class whose dependencies are absent cannot be a usable plugin
            }
            if (c.getClassLoader() != loader || !isConcretePublic(c)) {
                continue;
            }
            for (PluginType type : PluginType.values()) {
                if (type.superType().isAssignableFrom(c)) {
                    out.add(new PluginDesc(c.getName(), type, version(c, loader), loader, location.toString()));
                }
            }
        }
        return out;
    }

    private static boolean isConcretePublic(Class<?> c) {
        int m = c.getModifiers();
        if (!Modifier.isPublic(m) || Modifier.isAbstract(m) || c.isInterface()) {
            return false;
        }
        if (c.getEnclosingClass() != null && !Modifier.isStatic(m)) {
            return false;
        }
        try {
            return Modifier.isPublic(c.getConstructor().getModifiers());
        } catch (NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    private static String version(Class<?> c, ClassLoader loader) {
        if (!Versioned.class.isAssignableFrom(c)) {
            return "undefined";
        }
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            String v = ((Versioned) c.getDeclaredConstructor().newInstance()).version();
            return v == null ? "undefined" : v;
        } catch (Throwable e) {
            return "undefined";
        }
    }

    private static List<Path> pluginLocations(Path entry) {
        if (Files.isRegularFile(entry) && isJar(entry)) {
            return List.of(entry);
        }
        if (!Files.isDirectory(entry)) {
            log.warn("Ignoring plugin.path entry {}: not a directory or jar", entry);
            return List.of();
        }
        try (Stream<Path> children = Files.list(entry)) {
            return children.filter(p -> Files.isDirectory(p) || isJar(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list plugin.path entry " + entry, e);
        }
    }

    private static boolean isJar(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".jar") || n.endsWith(".zip");
    }

    private static URL[] urls(Path location) {
        List<URL> urls = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                urls.add(location.toUri().toURL());
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path p : files.filter(f -> Files.isRegularFile(f) && isJar(f))
                            .sorted()
                            .toList()) {
                        urls.add(p.toUri().toURL());
                    }
                }
            } else {
                urls.add(location.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read plugin " + location, e);
        }
        return urls.toArray(URL[]::new);
    }

    private static List<String> classNames(Path location) {
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        if (isJar(f)) {
                            names.addAll(classNamesInJar(f));
                        } else if (f.toString().endsWith(".class")) {
                            String rel = location.relativize(f).toString().replace('\\', '/');
                            addClassName(names, rel);
                        }
                    }
                }
            } else {
                names.addAll(classNamesInJar(location));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan plugin " + location, e);
        }
        return names;
    }

    private static List<String> classNamesInJar(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = jf.entries();
            for (JarEntry e : Collections.list(entries)) {
                addClassName(names, e.getName());
            }
        }
        return names;
    }

    private static void addClassName(List<String> names, String path) {
        if (!path.endsWith(".class")
                || path.startsWith("META-INF/")
                || path.endsWith("module-info.class")
                || path.endsWith("package-info.class")) {
            return;
        }
        names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
    }

    /** Closes the plugin class loaders; the worker's connectors and tasks must be stopped first. */
    public void close() {
        for (PluginClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException e) {
                log.warn("Closing the class loader of {} failed", l.location(), e);
            }
        }
    }

    /** Plugins listed by kind, for logs. */
    public Map<PluginType, List<String>> summary() {
        Map<PluginType, List<String>> m = new LinkedHashMap<>();
        for (PluginDesc d : all) {
            m.computeIfAbsent(d.type(), t -> new ArrayList<>()).add(d.className());
        }
        return m;
    }
}
