package io.runnel.connect.plugins;

/**
 * Sets the current thread's context class loader to a plugin's for the length of a try block, so a plugin that
 * loads classes or services through it finds its own. Not shared between threads.
 */
public final class LoaderSwap implements AutoCloseable {

    private final ClassLoader previous;

    private LoaderSwap(ClassLoader loader) {
        Thread t = Thread.currentThread();
        this.previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
    }

    public static LoaderSwap to(ClassLoader loader) {
        return new LoaderSwap(loader);
    }

    @Override
    public void close() {
        Thread.currentThread().setContextClassLoader(previous);
    }
}
