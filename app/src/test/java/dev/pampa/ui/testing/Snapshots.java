package dev.pampa.ui.testing;

import dev.pampa.ui.common.Theme;
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

    /**
     * Where a README picture goes: {@code docs/images/NAME.png} of the source tree when the run was
     * asked to update them ({@code -Dpampa.screenshots=docs}, see scripts/screenshots.sh), else
     * {@code target/screenshots/NAME.png}, so that an ordinary test run leaves the sources as they were.
     */
    public static Path docsImage(String name) {
        Path app = Path.of("").toAbsolutePath(); // surefire runs in app/
        Path dir = "docs".equals(System.getProperty("pampa.screenshots"))
                ? app.resolve("../docs/images") : app.resolve("target/screenshots");
        return dir.normalize().resolve(name + ".png");
    }

    /**
     * Writes {@code png} in the light theme and, beside it, {@code NAME-dark.png} in the dark one (the
     * README shows the one that matches its reader's), then puts the light theme back.
     */
    public static Path write(Node node, Path png) throws Exception {
        writeOne(node, png);
        Path dark = png.resolveSibling(png.getFileName().toString().replace(".png", "-dark.png"));
        try {
            inTheme(node, Theme.DARK);
            writeOne(node, dark);
        } finally {
            inTheme(node, Theme.LIGHT);
        }
        return png;
    }

    private static void inTheme(Node node, Theme theme) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            theme.apply();
            node.applyCss();
            return null;
        }).get(30, TimeUnit.SECONDS);
        // charts and tables lay out again on the next pulses
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(400);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Path writeOne(Node node, Path png) throws Exception {
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
