package dev.pampa.ui.jobs;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Renders a node to a PNG under the project's docs/images, for the README. */
final class Screenshots {
    private Screenshots() {
    }

    static Path save(Node node, String name) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> node.snapshot(null, null)).get(30, TimeUnit.SECONDS);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Path dir = imagesDirectory();
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        if (!ImageIO.write(out, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return file;
    }

    /** docs/images of the source tree: the test runs in app/. */
    private static Path imagesDirectory() {
        Path app = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path root = Files.isRegularFile(app.resolve("../pom.xml")) ? app.getParent() : app;
        return root.resolve("docs").resolve("images");
    }
}
