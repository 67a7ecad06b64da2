package dev.pampa.operator;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Runs the {@code @Test} methods of one class in a JVM of its own, started in the directory of the
 * project the class belongs to (its tests read files relative to it, as under Maven). Prints each
 * failure's stack trace and a closing count; exits 1 when any failed.
 */
final class TestMethodsMain {
    private TestMethodsMain() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        Method[] tests = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(org.junit.jupiter.api.Test.class))
                .sorted(Comparator.comparing(Method::getName))
                .toArray(Method[]::new);
        int failed = 0;
        for (Method m : tests) {
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            m.setAccessible(true);
            try {
                m.invoke(c.newInstance());
                System.out.println("passed: " + m.getName());
            } catch (InvocationTargetException e) {
                failed++;
                System.out.println("FAILED: " + m.getName());
                e.getCause().printStackTrace(System.out);
            }
        }
        System.out.println("tests of " + type.getName() + ": " + (tests.length - failed) + " passed, " + failed + " failed");
        System.exit(tests.length == 0 || failed > 0 ? 1 : 0);
    }
}
