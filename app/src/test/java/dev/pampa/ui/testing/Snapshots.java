package dev.pampa.ui.testing;

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

/** Renders a node of the real scene to a PNG, for the README's screenshots (no javafx-swing here). */
public final class Snapshots {
    private Snapshots() {
    }

    /** {@code docs/images/NAME.png} at the top of the source tree (tests run in app/). */
    public static Path docsImage(String name) {
        Path root = Path.of("").toAbsolutePath();
        Path docs = Files.isDirectory(root.resolve("../docs")) || Files.isRegularFile(root.resolve("../pom.xml"))
                ? root.resolve("../docs/images") : root.resolve("docs/images");
        return docs.normalize().resolve(name + ".png");
    }

    public static Path write(Node node, Path png) throws Exception {
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
        Files.createDirectories(png.getParent());
        if (!ImageIO.write(out, "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
        return png;
    }
}
