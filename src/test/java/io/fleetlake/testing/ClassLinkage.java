package io.fleetlake.testing;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether classes link against a given class path and nothing else (the JDK aside): each is loaded
 * in a fresh class loader over those URLs, and its fields, methods and constructors resolved, so a
 * dependency missing from the class path shows up with the class that needs it.
 */
public final class ClassLinkage {
    private ClassLinkage() {}

    /** The classes that do not link, each with the error; empty when all do. */
    public static List<String> failures(List<URL> classPath, List<String> classNames)
            throws Exception {
        List<String> failures = new ArrayList<>();
        try (URLClassLoader loader =
                new URLClassLoader(
                        classPath.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            for (String name : classNames) {
                try {
                    Class<?> c = Class.forName(name, false, loader);
                    c.getDeclaredFields();
                    c.getDeclaredMethods();
                    c.getDeclaredConstructors();
                } catch (LinkageError | ClassNotFoundException e) {
                    failures.add(name + ": " + e);
                }
            }
        }
        return failures;
    }
}
