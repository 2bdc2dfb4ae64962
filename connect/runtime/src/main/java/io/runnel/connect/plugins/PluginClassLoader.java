package io.runnel.connect.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * The class loader of one plugin (one directory of jars, or one uber-jar): child-first, so a plugin's own copies of
 * libraries win over the runtime's, except for the classes plugin and runtime must share, which come from the
 * parent: the JDK, slf4j, kafka-clients ({@code org.apache.kafka.common}, {@code org.apache.kafka.clients}) and the
 * Connect API of {@code connect-api} (its packages below, and only the {@code Transformation}/{@code Predicate}
 * interfaces of {@code org.apache.kafka.connect.transforms}, since the transforms themselves are plugins).
 * Resources follow the same order. Thread-safe (registered as parallel capable).
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final List<String> PARENT_PREFIXES = List.of(
            "java.",
            "javax.",
            "jdk.",
            "sun.",
            "com.sun.",
            "org.w3c.",
            "org.xml.",
            "org.slf4j.",
            "org.apache.kafka.common.",
            "org.apache.kafka.clients.");

    private static final Set<String> CONNECT_API_PACKAGES = Set.of(
            "org.apache.kafka.connect.components",
            "org.apache.kafka.connect.connector",
            "org.apache.kafka.connect.connector.policy",
            "org.apache.kafka.connect.data",
            "org.apache.kafka.connect.errors",
            "org.apache.kafka.connect.header",
            "org.apache.kafka.connect.health",
            "org.apache.kafka.connect.rest",
            "org.apache.kafka.connect.sink",
            "org.apache.kafka.connect.source",
            "org.apache.kafka.connect.storage",
            "org.apache.kafka.connect.util");

    private static final Set<String> SHARED_CLASSES = Set.of(
            "org.apache.kafka.connect.transforms.Transformation",
            "org.apache.kafka.connect.transforms.predicates.Predicate");

    private final String location;

    public PluginClassLoader(String location, URL[] urls, ClassLoader parent) {
        super("plugin:" + location, urls, parent);
        this.location = location;
    }

    public String location() {
        return location;
    }

    static boolean loadsFromParent(String name) {
        for (String p : PARENT_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        if (SHARED_CLASSES.contains(name)) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String pkg = name.substring(0, dot);
        // nested classes: org.apache.kafka.connect.data.Schema$Type has package ...data
        return CONNECT_API_PACKAGES.contains(pkg);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (loadsFromParent(name)) {
                return super.loadClass(name, resolve);
            }
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException e) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        for (URL u : Collections.list(getParent().getResources(name))) {
            if (!all.contains(u)) {
                all.add(u);
            }
        }
        return Collections.enumeration(all);
    }
}
