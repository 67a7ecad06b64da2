package dev.pampa.control.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/** Writes a runnable jar at test time from one class of the test class path, without javac. */
public final class FakeRuntimeJar {

    private FakeRuntimeJar() {
    }

    /** A jar whose main class is {@code main}. */
    public static Path write(Path jar, Class<?> main) throws IOException {
        return write(jar, main, 0, 0);
    }

    /**
     * @param paddingBytes size of a stored (uncompressed) random entry, to make the jar large
     * @param seed         the padding's seed: a different seed gives a different jar
     */
    public static Path write(Path jar, Class<?> main, int paddingBytes, long seed) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            String entry = main.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            try (InputStream in = main.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
            if (paddingBytes > 0) {
                byte[] padding = new byte[paddingBytes];
                new Random(seed).nextBytes(padding);
                JarEntry pad = new JarEntry("padding.bin");
                pad.setMethod(ZipEntry.STORED);
                pad.setSize(padding.length);
                CRC32 crc = new CRC32();
                crc.update(padding);
                pad.setCrc(crc.getValue());
                out.putNextEntry(pad);
                out.write(padding);
                out.closeEntry();
            }
        }
        return jar;
    }
}
