package dev.pampa.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The classes each compiled class of a package refers to, read from the constant pools of its class
 * files: types of fields, parameters, results and locals' calls, classes instantiated, lambdas'
 * signatures. What a layer rule checks ("the cockpit's screens use no jOOQ"); imports alone would miss
 * a fully qualified name and a method returning a store type.
 */
public final class ClassReferences {
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w$]+(?:/[\\w$]+)+);");

    private ClassReferences() {
    }

    /**
     * Each class of {@code packageName} and its sub-packages found in the classes directory that holds
     * {@code anchor}, by name, with the classes it refers to (dotted names).
     */
    public static Map<String, Set<String>> of(Class<?> anchor, String packageName) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path dir = root.resolve(packageName.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no compiled classes of " + packageName + " under " + root);
        }
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('\\', '/').replace('/', '.').replaceAll("\\.class$", "");
                try (InputStream in = Files.newInputStream(f)) {
                    out.put(name, referencedClasses(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Each class whose references include one under any of {@code forbiddenPrefixes}, with those references. */
    public static Map<String, Set<String>> offending(Map<String, Set<String>> references, List<String> forbiddenPrefixes) {
        Map<String, Set<String>> out = new TreeMap<>();
        references.forEach((cls, refs) -> {
            Set<String> bad = new TreeSet<>();
            for (String r : refs) {
                if (forbiddenPrefixes.stream().anyMatch(r::startsWith)) {
                    bad.add(r);
                }
            }
            if (!bad.isEmpty()) {
                out.put(cls, bad);
            }
        });
        return out;
    }

    /** The class names in a class file's constant pool: class entries and the types named in descriptors. */
    static Set<String> referencedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> out = new TreeSet<>();
        for (int index : classNames) {
            String n = utf8[index];
            if (n.startsWith("[")) {
                addTypes(n, out);
            } else {
                out.add(n.replace('/', '.'));
            }
        }
        for (String s : utf8) {
            if (s != null && (s.startsWith("(") || s.startsWith("L") || s.startsWith("[") || s.startsWith("<"))) {
                addTypes(s, out);
            }
        }
        return out;
    }

    private static void addTypes(String descriptor, Set<String> out) {
        Matcher m = TYPE_IN_DESCRIPTOR.matcher(descriptor);
        while (m.find()) {
            out.add(m.group(1).replace('/', '.'));
        }
    }
}
